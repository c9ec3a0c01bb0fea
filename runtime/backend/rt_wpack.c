/*
 * Weight preparation for the device backends: the device-native layout is the hardware engineer's
 * (driver/tdrv_layout.h); this file only cuts out a chunk when M or K exceeds one command's limit.
 */
#include "runtime/backend/rt_wpack_impl.h"
#include "driver/tdrv_layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The canonical codes are the device's codes, so packing copies them without translation. */
_Static_assert(KR_CODE_ZERO == TDRV_CODE_ZERO && KR_CODE_POS == TDRV_CODE_POS && KR_CODE_NEG == TDRV_CODE_NEG &&
                   KR_CODE_BAD == TDRV_CODE_BAD,
               "kernels_ref and the device disagree on the 2-bit ternary codes");

/* Rows [m0, m0 + mc) x columns [k0, k0 + kc) of t as their own matrix. */
static int slice(const kr_tern *t, size_t m0, size_t mc, size_t k0, size_t kc, kr_tern *out)
{
    if (kr_tern_alloc(out, mc, kc))
        return -1;
    out->scale = t->scale;
    for (size_t m = 0; m < mc; m++)
        for (size_t k = 0; k < kc; k++)
            kr_tern_set(out, m, k, kr_tern_get(t, m0 + m, k0 + k));
    return 0;
}

int rt_wpack_chunk(tdrv_dev *dev, const tdrv_info *info, tdrv_wfmt f, const kr_tern *t, size_t m0, size_t mc,
                   size_t k0, size_t kc, tdrv_buf **out, uint64_t *bytes, char *err, size_t errlen)
{
    *out = NULL;
    *bytes = 0;
    const kr_tern *src = t;
    kr_tern part;
    if (m0 != 0 || mc != t->rows || k0 != 0 || kc != t->cols) {
        if (slice(t, m0, mc, k0, kc, &part)) {
            snprintf(err, errlen, "packing weights: out of memory slicing M [%zu, %zu) x K [%zu, %zu)", m0, m0 + mc,
                     k0, k0 + kc);
            return -1;
        }
        src = &part;
    }
    size_t total = tdrv_layout_bytes_fmt(&info->hw, f, src->rows, src->cols);
    uint8_t *p = total ? malloc(total) : NULL;
    int rc = -1;
    if (!total)
        snprintf(err, errlen, "packing weights: %zu x %zu does not fit the device layout of a %ux%u array", src->rows,
                 src->cols, (unsigned)info->hw.rows, (unsigned)info->hw.cols);
    else if (!p)
        snprintf(err, errlen, "packing weights: out of memory for %zu bytes", total);
    else if (tdrv_layout_pack_fmt(&info->hw, f, &(tdrv_codes){src->codes, src->rows, src->cols, src->stride}, p,
                                  total))
        snprintf(err, errlen, "packing weights %zu x %zu (from M %zu, K %zu) into the device's %s layout failed",
                 src->rows, src->cols, m0, k0, tdrv_wfmt_name(f));
    else if (tdrv_buf_alloc(dev, total, out, err, errlen) == TDRV_OK &&
             tdrv_buf_write(dev, *out, 0, p, total, err, errlen) == TDRV_OK)
        rc = 0;
    if (rc) {
        tdrv_buf_free(dev, *out);
        *out = NULL;
    } else {
        *bytes = total;
    }
    free(p);
    if (src == &part)
        kr_tern_free(&part);
    return rc;
}
