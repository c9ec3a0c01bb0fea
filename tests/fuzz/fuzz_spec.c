/*
 * libFuzzer harness: the sweep specification reader (TOML subset and JSON) and --set assignments.
 * Byte 0 chooses: bit 0 JSON, bit 1 the rest is a --set assignment. A spec that parses must give a
 * sane point count and point indices within every axis.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/sweep/sw_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    sw_spec s;
    sw_spec_init(&s);
    char err[512];
    int rc;
    if (data[0] & 2) {
        char *a = malloc(size);
        memcpy(a, data + 1, size - 1);
        a[size - 1] = 0;
        rc = sw_spec_set(&s, a, err, sizeof err);
        free(a);
    } else {
        rc = sw_spec_parse(&s, (const char *)data + 1, size - 1, data[0] & 1, err, sizeof err);
    }
    if (rc == 0) {
        const size_t n = sw_spec_points(&s);
        if (n == 0)
            abort();
        size_t idx[SW_MAX_AXES];
        if (s.naxes > SW_MAX_AXES)
            abort();
        for (size_t p = 0; p < n && p < 64; p++) {
            sw_spec_point_index(&s, p, idx);
            for (size_t a = 0; a < s.naxes; a++)
                if (idx[a] >= s.axis[a].n)
                    abort();
        }
    } else if (!err[0]) {
        abort(); /* a refusal says why */
    }
    return 0;
}
