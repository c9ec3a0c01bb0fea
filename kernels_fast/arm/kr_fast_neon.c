/*
 * NEON (Armv8.2 dot product) panel kernel. A 64-byte group is four 16-byte quarters of 4 rows each;
 * SDOT by lane j multiplies a quarter's plane j (4 weights per row) by x[16g + 4j .. +3] taken from
 * one 16-byte load of the group's activations. Compiled with +dotprod; chosen only when the CPU
 * reports it (HWCAP_ASIMDDP).
 */
#if defined(__aarch64__)
#include <arm_neon.h>

#include "kernels_fast/kr_fast_kern_impl.h"

static inline __attribute__((always_inline)) void
kr_neon_tile(const struct kr_fast_w *fw, size_t p, const int8_t *x, size_t ldx, const int NB,
             const int32_t *sumx, int32_t *y, size_t ldy)
{
    const size_t groups = fw->kp / KR_FAST_KG;
    const uint8_t *w0 = fw->packed + p * fw->panel_bytes;
    const uint8x16_t m3 = vdupq_n_u8(3);
    int32x4_t acc[2][4];
    for (int t = 0; t < NB; t++)
        for (int d = 0; d < 4; d++)
            acc[t][d] = vdupq_n_s32(0);
    for (size_t g = 0; g < groups; g++) {
        int8x16_t xv[2];
        for (int t = 0; t < NB; t++)
            xv[t] = vld1q_s8(x + (size_t)t * ldx + g * KR_FAST_KG);
        for (int d = 0; d < 4; d++) {
            const uint8x16_t v = vld1q_u8(w0 + g * KR_FAST_GROUP_BYTES + 16 * d);
            const int8x16_t u0 = vreinterpretq_s8_u8(vandq_u8(v, m3));
            const int8x16_t u1 = vreinterpretq_s8_u8(vandq_u8(vshrq_n_u8(v, 2), m3));
            const int8x16_t u2 = vreinterpretq_s8_u8(vandq_u8(vshrq_n_u8(v, 4), m3));
            const int8x16_t u3 = vreinterpretq_s8_u8(vshrq_n_u8(v, 6));
            for (int t = 0; t < NB; t++) {
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u0, xv[t], 0);
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u1, xv[t], 1);
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u2, xv[t], 2);
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u3, xv[t], 3);
            }
        }
    }
    for (int t = 0; t < NB; t++) {
        int32_t out[16];
        for (int d = 0; d < 4; d++)
            vst1q_s32(out + 4 * d, acc[t][d]);
        kr_fast_store_panel(fw, p, out, sumx[t], y + (size_t)t * ldy);
    }
}

void kr_fast_kernel_neon(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx, const int32_t *sumx,
                         int32_t *y, size_t ldy, size_t p0, size_t p1)
{
    for (size_t p = p0; p < p1; p++) {
        size_t t = 0;
        for (; t + 2 <= n; t += 2)
            kr_neon_tile(fw, p, x + t * ldx, ldx, 2, sumx + t, y + t * ldy, ldy);
        if (t < n)
            kr_neon_tile(fw, p, x + t * ldx, ldx, 1, sumx + t, y + t * ldy, ldy);
    }
}
#endif
