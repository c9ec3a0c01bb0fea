/* tritium info: every backend of this program with its configurations, then what one of them reports. */
#include "driver/tdrv.h"
#include "runtime/backend/rt_backend.h"
#include "runtime/backend/rt_backend_dev.h"
#include "runtime/cli/cli.h"
#include "tritium_regs.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: tritium info [--backend NAME] [--config NAME | --hw LIST]\n"
               "Lists the backends linked into this program (their capabilities and hardware configurations),\n"
               "then opens one and prints what it runs on; for a device, also what the driver read from its ID,\n"
               "VERSION and CFG_* registers.\n\n"
               "  --backend NAME   backend to open (default: the first device backend)\n"
               "  --config NAME    its hardware configuration (default: its first)\n"
               "  --hw LIST        a configuration by parameters, e.g. rows=32,cols=32,bus=512 (or a .toml\n"
               "                   file); built once if new, then its parameters and derived figures are printed\n"
               "  --help           this text\n");
}

static void print_caps(unsigned caps)
{
    static const struct {
        unsigned bit;
        const char *what;
    } k[] = {{RT_CAP_OFFLOADS, "offloads"}, {RT_CAP_CYCLES, "reports cycles"}, {RT_CAP_CONFIGS, "has configurations"},
             {RT_CAP_THREADS, "CPU threads"}, {RT_CAP_ANY_CONFIG, "any legal parameter set (--hw)"},
             {RT_CAP_TIMING_ONLY, "timing-only runs (sweeps)"}, {RT_CAP_HARDWARE, "a real board (docs/fpga.md)"}};
    int any = 0;
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if (caps & k[i].bit)
            printf("%s%s", any++ ? ", " : " [", k[i].what);
    printf("%s\n", any ? "]" : "");
}

/* The command line: 0 parsed (the backend found and the configuration checked), 1 --help shown, 2 a
   usage error (printed). */
static int info_parse(int argc, char **argv, rt_backend_desc *d, const char **config)
{
    const char *backend = cli_backend_default(RT_CAP_OFFLOADS, d) == 0 ? d->name : NULL;
    *config = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 1;
        } else if ((!strcmp(argv[i], "--backend") || !strcmp(argv[i], "--config") || !strcmp(argv[i], "--hw")) &&
                   i + 1 < argc) {
            *(argv[i][2] == 'b' ? &backend : config) = argv[i + 1];
            i++;
        } else {
            fprintf(stderr, "tritium info: unknown option or missing value: '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (cli_backend_lookup("tritium info", backend, d) || cli_config_check("tritium info", d, *config)) {
        usage(stderr);
        return 2;
    }
    return 0;
}

int cli_info_args(int argc, char **argv)
{
    rt_backend_desc d;
    const char *config;
    return info_parse(argc, argv, &d, &config);
}

int cli_info(int argc, char **argv)
{
    rt_backend_desc d;
    const char *config;
    const int pr = info_parse(argc, argv, &d, &config);
    if (pr)
        return pr == 1 ? 0 : 2;
    const char *backend = d.name;
    printf("backends linked into this program:\n");
    rt_backend_desc e;
    for (unsigned i = 0; rt_backend_desc_at(i, &e) == 0; i++) {
        printf("  %-6s %s", e.name, e.description);
        print_caps(e.caps);
        for (unsigned c = 0; (e.caps & RT_CAP_CONFIGS) && e.config_name(c); c++)
            printf("         config %s%s\n", e.config_name(c), c == 0 ? " (default)" : "");
    }
    char err[512], desc[256];
    rt_backend_opts opts = {.config = config, .log = {cli_log_stderr, NULL}};
    rt_backend *b = rt_backend_open(backend, &opts, err, sizeof err);
    if (!b) {
        fprintf(stderr, "tritium info: %s\n", err);
        return 1;
    }
    rt_backend_describe(b, desc, sizeof desc);
    printf("opened %s\n  %s\n", backend, desc);
    /* A second, driver-level view of a device: the raw identity registers. */
    tdrv_dev *dev = rt_backend_dev_device(b);
    if (dev) {
        const tdrv_info *in = tdrv_get_info(dev);
        printf("  ID 0x%08x, version %u.%u, address width %u bit\n", (unsigned)in->id, (unsigned)(in->version >> 16),
               (unsigned)(in->version & 0xffff), (unsigned)in->hw.addr_w);
        printf("  parameters:");
#define CLI_PARAM(f, NAME, lo, hi, doc) printf(" " #NAME "=%u", (unsigned)in->hw.f);
        TRITIUM_PARAMS(CLI_PARAM)
#undef CLI_PARAM
        printf("\n  derived:\n");
        /* The description's derived quantities, over what the device reports. */
#define P(f) ((unsigned long long)in->hw.f)
#define CLI_DERIVED(NAME, expr, doc) printf("    %-16s %10llu  %s\n", #NAME, (unsigned long long)(expr), doc);
        TRITIUM_DERIVED(CLI_DERIVED)
#undef CLI_DERIVED
#undef P
    }
    rt_backend_close(b);
    return 0;
}
