/*
 * NEON (Armv8.2 dot product) base-3 panel kernel (layout: kr_fast3_impl.h). A 64-byte group is
 * four 16-byte quarters of 4 rows each; each digit plane comes from a byte multiply by 3 and two
 * unsigned compares, whose all-ones results are added as -1 so SDOT accumulates minus the digit
 * products: the sign is put back at the store. Planes 0..3 take their activations by lane from one
 * 16-byte load, plane 4 from a 4-byte broadcast (a 16-byte load there would read past kp).
 */
#if defined(__aarch64__)
#include <arm_neon.h>
#include <string.h>

#include "kernels_fast/kr_fast3_impl.h"

static inline __attribute__((always_inline)) void
kr3_neon_tile(const struct kr_fast_w *fw, size_t p, const int8_t *x, size_t ldx, const int NB,
              const int32_t *sumx, int32_t *y, size_t ldy)
{
    const size_t groups = fw->kp / KR_FAST3_KG;
    const uint8_t *w0 = fw->packed + p * fw->panel_bytes;
    const uint8x16_t c86 = vdupq_n_u8(86), c171 = vdupq_n_u8(171), three = vdupq_n_u8(3);
    int32x4_t acc[2][4];
    for (int t = 0; t < NB; t++)
        for (int d = 0; d < 4; d++)
            acc[t][d] = vdupq_n_s32(0);
    for (size_t g = 0; g < groups; g++) {
        int8x16_t xv[2], x4[2];
        for (int t = 0; t < NB; t++) {
            const int8_t *xg = x + (size_t)t * ldx + g * KR_FAST3_KG;
            int32_t v4;
            memcpy(&v4, xg + 16, 4);
            xv[t] = vld1q_s8(xg);
            x4[t] = vreinterpretq_s8_s32(vdupq_n_s32(v4));
        }
        for (int d = 0; d < 4; d++) {
            uint8x16_t r = vld1q_u8(w0 + g * KR_FAST_GROUP_BYTES + 16 * d);
            int8x16_t u[5];
            for (int i = 0; i < 5; i++) {
                u[i] = vreinterpretq_s8_u8(vaddq_u8(vcgeq_u8(r, c86), vcgeq_u8(r, c171)));
                r = vmulq_u8(r, three);
            }
            for (int t = 0; t < NB; t++) {
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u[0], xv[t], 0);
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u[1], xv[t], 1);
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u[2], xv[t], 2);
                acc[t][d] = vdotq_laneq_s32(acc[t][d], u[3], xv[t], 3);
                acc[t][d] = vdotq_s32(acc[t][d], u[4], x4[t]);
            }
        }
    }
    for (int t = 0; t < NB; t++) {
        int32_t out[16];
        for (int d = 0; d < 4; d++)
            vst1q_s32(out + 4 * d, vnegq_s32(acc[t][d]));
        kr_fast_store_panel(fw, p, out, sumx[t], y + (size_t)t * ldy);
    }
}

void kr_fast3_kernel_neon(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx, const int32_t *sumx,
                          int32_t *y, size_t ldy, size_t p0, size_t p1)
{
    for (size_t p = p0; p < p1; p++) {
        size_t t = 0;
        for (; t + 2 <= n; t += 2)
            kr3_neon_tile(fw, p, x + t * ldx, ldx, 2, sumx + t, y + t * ldy, ldy);
        if (t < n)
            kr3_neon_tile(fw, p, x + t * ldx, ldx, 1, sumx + t, y + t * ldy, ldy);
    }
}
#endif
