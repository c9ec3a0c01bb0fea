/*
 * libFuzzer harness: a hardware configuration as a user gives it to --config / --hw (sim/tsim_cfg.h):
 * a name, a parameter list ("rows=32,cols=32,bus=512") or, with bit 0 of byte 0 set, the text of a
 * .toml parameter file. Properties (abort on failure): a configuration that resolves passes every rule
 * of hw/tritium.toml; written back as a full parameter list it resolves to the same parameters and key;
 * a refusal says why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/tsim_cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char spec[4096], path[] = "/tmp/tritium-fuzz-hw-XXXXXX.toml", err[1024] = "", key[128];
    int fd = -1;
    if (data[0] & 1) {
        if ((fd = mkstemps(path, 5)) < 0)
            abort();
        if (size > 1 && write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
            abort();
        snprintf(spec, sizeof spec, "%s", path);
    } else {
        const size_t n = size - 1 < sizeof spec - 1 ? size - 1 : sizeof spec - 1;
        memcpy(spec, data + 1, n);
        spec[n] = 0;
    }
    tritium_params p;
    if (tsim_cfg_resolve(spec, &p, key, sizeof key, err, sizeof err) == 0) {
        if (tritium_params_check(&p, NULL, 0))
            abort();
        char list[512], key2[128];
        size_t at = 0;
#define X(field, NAME, lo, hi, doc) at += (size_t)snprintf(list + at, sizeof list - at, "%s%s=%u", at ? "," : "", #field, p.field);
        TRITIUM_PARAMS(X)
#undef X
        tritium_params q;
        if (tsim_cfg_resolve(list, &q, key2, sizeof key2, err, sizeof err) != 0 || memcmp(&p, &q, sizeof p) ||
            strcmp(key, key2))
            abort();
    } else if (!err[0]) {
        abort();
    }
    if (fd >= 0)
        close(fd), unlink(path);
    return 0;
}
