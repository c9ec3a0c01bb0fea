/* tritium info: the device backends and configurations linked in, and what the driver discovers. */
#include "driver/tdrv.h"
#include "runtime/cli/cli.h"
#include "runtime/backend/rt_backend.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: tritium info [--backend cpu|sim] [--config NAME]\n"
               "Lists the device backends and hardware configurations linked into this program, then opens\n"
               "one and prints what the driver read from its ID, VERSION and CFG_* registers.\n\n"
               "  --backend NAME   backend to open (default sim)\n"
               "  --config NAME    hardware configuration for sim (default: the first linked)\n"
               "  --help           this text\n");
}

int cli_info(int argc, char **argv)
{
    const char *backend = "sim", *config = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(argv[i], "--backend") || !strcmp(argv[i], "--config")) && i + 1 < argc) {
            *(argv[i][2] == 'b' ? &backend : &config) = argv[i + 1];
            i++;
        } else {
            fprintf(stderr, "tritium info: unknown option or missing value: '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (strcmp(backend, "cpu") && strcmp(backend, "sim")) {
        fprintf(stderr, "tritium info: --backend must be cpu or sim, got '%s'\n", backend);
        usage(stderr);
        return 2;
    }
    printf("device backends linked into this program:\n");
    if (!tdrv_backend(0))
        printf("  (none: built without a simulator library)\n");
    for (unsigned i = 0; tdrv_backend(i); i++) {
        const tdrv_ops *o = tdrv_backend(i);
        printf("  %-6s %s\n", o->name, o->description);
        for (unsigned c = 0; o->config_name && o->config_name(c); c++)
            printf("         config %s%s\n", o->config_name(c), c == 0 ? " (default)" : "");
    }
    char err[512], desc[256];
    rt_backend_opts opts = {.sim_config = config, .quiet = 1};
    rt_backend *b = rt_backend_open(backend, &opts, err, sizeof err);
    if (!b) {
        fprintf(stderr, "tritium info: %s\n", err);
        return 1;
    }
    rt_backend_describe(b, desc, sizeof desc);
    printf("opened %s\n  %s\n", backend, desc);
    if (!strcmp(backend, "sim")) {
        tdrv_dev *d;
        /* A second, driver-level view: the raw identity registers. */
        if (tdrv_open("sim", config, &d, err, sizeof err) == TDRV_OK) {
            const tdrv_info *in = tdrv_get_info(d);
            printf("  ID 0x%08x, version %u.%u, address width %u bit\n", (unsigned)in->id, (unsigned)(in->version >> 16),
                   (unsigned)(in->version & 0xffff), (unsigned)in->hw.addr_w);
            tdrv_close(d);
        }
    }
    rt_backend_close(b);
    return 0;
}
