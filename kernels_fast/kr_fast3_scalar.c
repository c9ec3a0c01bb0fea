/* Portable base-3 panel kernel: the fallback on CPUs without a SIMD kernel, and the layout's
 * executable spec (kr_fast3_impl.h). */
#include "kernels_fast/kr_fast3_impl.h"

void kr_fast3_kernel_scalar(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                            const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1)
{
    const size_t groups = fw->kp / KR_FAST3_KG;
    for (size_t p = p0; p < p1; p++) {
        const uint8_t *wp = fw->packed + p * fw->panel_bytes;
        for (size_t t = 0; t < n; t++) {
            const int8_t *xt = x + t * ldx;
            /* Unsigned arithmetic: the +1-offset sum may pass INT32_MIN before the correction. */
            uint32_t acc[KR_FAST_PR] = {0};
            for (size_t g = 0; g < groups; g++) {
                const uint8_t *grp = wp + g * KR_FAST_GROUP_BYTES;
                const int8_t *xg = xt + g * KR_FAST3_KG;
                for (unsigned l = 0; l < KR_FAST_PR; l++)
                    for (unsigned b = 0; b < 4; b++)
                        for (unsigned i = 0; i < KR_FAST3_DIGITS; i++)
                            acc[l] += kr_fast3_digit(grp[4 * l + b], i) * (uint32_t)(int32_t)xg[4 * i + b];
            }
            int32_t out[KR_FAST_PR];
            for (unsigned l = 0; l < KR_FAST_PR; l++)
                out[l] = (int32_t)acc[l];
            kr_fast_store_panel(fw, p, out, sumx[t], y + t * ldy);
        }
    }
}
