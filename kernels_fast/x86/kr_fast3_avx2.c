/*
 * AVX2 base-3 panel kernel (layout: kr_fast3_impl.h). A 64-byte group is two 32-byte halves (rows
 * 0-7 and 8-15); each digit plane comes from byte adds and two unsigned compares (VPMAXUB +
 * VPCMPEQB: AVX2 has no unsigned byte compare). Five VPMADDUBSW results (each pair sum within
 * +-512) are added in 16 bits (within +-2560, no saturation) before one VPMADDWD widens them.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "kernels_fast/kr_fast3_impl.h"

static inline __m256i kr3_avx2_bcast4(const int8_t *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

/* floor(3 r / 256) = [r >= 86] + [r >= 171]; a compare gives -1 where true. */
static inline __m256i kr3_avx2_digit(__m256i r)
{
    const __m256i m1 = _mm256_cmpeq_epi8(_mm256_max_epu8(r, _mm256_set1_epi8(86)), r);
    const __m256i m2 = _mm256_cmpeq_epi8(_mm256_max_epu8(r, _mm256_set1_epi8((char)171)), r);
    return _mm256_sub_epi8(_mm256_sub_epi8(_mm256_setzero_si256(), m1), m2);
}

static inline __attribute__((always_inline)) void
kr3_avx2_tile(const struct kr_fast_w *fw, size_t p, const int8_t *x, size_t ldx, const int NB,
              const int32_t *sumx, int32_t *y, size_t ldy)
{
    const size_t groups = fw->kp / KR_FAST3_KG;
    const uint8_t *w0 = fw->packed + p * fw->panel_bytes;
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i acc[2][2];
#pragma GCC unroll 2
    for (int t = 0; t < NB; t++)
        acc[0][t] = acc[1][t] = _mm256_setzero_si256();
    for (size_t g = 0; g < groups; g++) {
        const int8_t *xg0 = x + g * KR_FAST3_KG;
#pragma GCC unroll 2
        for (int h = 0; h < 2; h++) {
            __m256i r = _mm256_load_si256((const __m256i *)(const void *)(w0 + g * KR_FAST_GROUP_BYTES + 32 * h));
            __m256i u[5];
#pragma GCC unroll 5
            for (int i = 0; i < 5; i++) {
                u[i] = kr3_avx2_digit(r);
                if (i < 4)
                    r = _mm256_add_epi8(_mm256_add_epi8(r, r), r);
            }
#pragma GCC unroll 2
            for (int t = 0; t < NB; t++) {
                const int8_t *xg = xg0 + (size_t)t * ldx;
                __m256i s = _mm256_maddubs_epi16(u[0], kr3_avx2_bcast4(xg));
#pragma GCC unroll 4
                for (int i = 1; i < 5; i++)
                    s = _mm256_add_epi16(s, _mm256_maddubs_epi16(u[i], kr3_avx2_bcast4(xg + 4 * i)));
                acc[h][t] = _mm256_add_epi32(acc[h][t], _mm256_madd_epi16(s, ones));
            }
        }
    }
#pragma GCC unroll 2
    for (int t = 0; t < NB; t++) {
        int32_t out[16];
        _mm256_storeu_si256((__m256i *)(void *)out, acc[0][t]);
        _mm256_storeu_si256((__m256i *)(void *)(out + 8), acc[1][t]);
        kr_fast_store_panel(fw, p, out, sumx[t], y + (size_t)t * ldy);
    }
}

void kr_fast3_kernel_avx2(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx, const int32_t *sumx,
                          int32_t *y, size_t ldy, size_t p0, size_t p1)
{
    for (size_t p = p0; p < p1; p++) {
        size_t t = 0;
        for (; t + 2 <= n; t += 2)
            kr3_avx2_tile(fw, p, x + t * ldx, ldx, 2, sumx + t, y + t * ldy, ldy);
        if (t < n)
            kr3_avx2_tile(fw, p, x + t * ldx, ldx, 1, sumx + t, y + t * ldy, ldy);
    }
}
#endif
