/*
 * AVX-512 grouped-query attention of one token (kr_attn_heads_f32), bit-identical to calling
 * kr_attn_scores_f32, kr_softmax_f32 and kr_attn_mix_f32 head by head.
 *
 * The query heads that share a KV head are taken together: one pass over the cached keys scores
 * all of them and one pass over the values mixes all of them, so each cached row is read once per
 * group instead of once per query head (at 1000 positions a KV head's rows outgrow L2 and were
 * fetched from L3 four times). The rows of the next KV head are prefetched while this one is
 * mixed: the cache of a layer was last touched a whole token ago, so it comes from DRAM, and a
 * KV head's rows are too short a stream for the hardware prefetchers to get going on their own.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "kernels_ref/kr_simd_hsum512.h"
#include "kernels_ref/kr_simd_ops.h"

/* Query heads scored together: 2 positions x 4 heads = 8 accumulators. */
#define KR_AH_HEADS 4
/* Rows ahead (within the current KV head) to prefetch. */
#define KR_AH_PF_ROWS 8
/* A KV head's keys and values up to this size are fetched in one go (half of a 1 MB L2). */
#define KR_AH_L2_ROWS_BYTES ((size_t)512 << 10)

static inline void kr_ah_prefetch_row(const float *row, size_t d)
{
    for (size_t i = 0; i < d; i += 16)
        _mm_prefetch((const char *)(row + i), _MM_HINT_T0);
}

/* s[j * npos + p] = dot(q_j, K_p) * scale for nh <= 4 heads; the V rows of the same KV head are
 * prefetched alongside when they fit in L2, as the mix reads them next. */
static void kr_ah_scores(const float *q, size_t nh, size_t d, const float *K, const float *V, size_t ld,
                         size_t npos, float scale, float *s)
{
    /* Values are fetched during the scores only while a KV head's rows fit in L2 with room to
     * spare; longer caches stream them in the mix instead (prefetching ahead there). */
    const int pfv = 2 * npos * d * sizeof(float) <= KR_AH_L2_ROWS_BYTES;
    size_t p = 0;
    for (; p + 2 <= npos; p += 2) {
        const float *k0 = K + p * ld, *k1 = k0 + ld;
        if (p + KR_AH_PF_ROWS + 2 <= npos) {
            kr_ah_prefetch_row(K + (p + KR_AH_PF_ROWS) * ld, d);
            kr_ah_prefetch_row(K + (p + KR_AH_PF_ROWS + 1) * ld, d);
        }
        if (pfv) {
            kr_ah_prefetch_row(V + p * ld, d);
            kr_ah_prefetch_row(V + (p + 1) * ld, d);
        }
        __m512 a[KR_AH_HEADS][2];
        for (size_t j = 0; j < KR_AH_HEADS; j++)
            a[j][0] = a[j][1] = _mm512_setzero_ps();
        for (size_t i = 0; i < d; i += 16) {
            const __m512 x0 = _mm512_loadu_ps(k0 + i), x1 = _mm512_loadu_ps(k1 + i);
#pragma GCC unroll 4
            for (size_t j = 0; j < KR_AH_HEADS; j++)
                if (j < nh) {
                    const __m512 qv = _mm512_loadu_ps(q + j * d + i);
                    a[j][0] = _mm512_add_ps(a[j][0], _mm512_mul_ps(qv, x0));
                    a[j][1] = _mm512_add_ps(a[j][1], _mm512_mul_ps(qv, x1));
                }
        }
        for (size_t j = 0; j < nh; j++) {
            s[j * npos + p] = kr_hsum512(a[j][0]) * scale;
            s[j * npos + p + 1] = kr_hsum512(a[j][1]) * scale;
        }
    }
    for (; p < npos; p++) {
        if (pfv)
            kr_ah_prefetch_row(V + p * ld, d);
        for (size_t j = 0; j < nh; j++)
            s[j * npos + p] = kr_simd_dot_avx512(q + j * d, K + p * ld, d) * scale;
    }
}

/* o_j = sum over p of s[j * npos + p] * V_p, in p order from zero. Two heads per pass over the rows
 * (16 accumulators for a 128-float block of columns), each row read whole, so the first pass
 * streams the rows from DRAM and the second finds them in L2. nk: the next KV head's keys
 * (NULL for none), whose first rows are prefetched during the last pass so its scores do not
 * start cold. */
static void kr_ah_mix(const float *s, size_t nh, size_t npos, const float *V, size_t ld, size_t d, float *o,
                      const float *nk)
{
    for (size_t j0 = 0; j0 < nh; j0 += 2) {
        const size_t pair = nh - j0 >= 2 ? 2 : 1;
        const float *s0 = s + j0 * npos, *s1 = s0 + (pair - 1) * npos;
        const int last = j0 + 2 >= nh;
        for (size_t c = 0; c < d; c += 128) {
            const size_t nr = d - c >= 128 ? 8 : (d - c) / 16;
            __m512 a0[8], a1[8];
#pragma GCC unroll 8
            for (size_t r = 0; r < 8; r++)
                a0[r] = a1[r] = _mm512_setzero_ps();
            for (size_t p = 0; p < npos; p++) {
                const float *v = V + p * ld + c;
                if (p + KR_AH_PF_ROWS < npos)
                    kr_ah_prefetch_row(v + KR_AH_PF_ROWS * ld, nr * 16);
                if (last && nk && p < KR_AH_PF_ROWS)
                    kr_ah_prefetch_row(nk + p * ld, d);
                const __m512 b0 = _mm512_set1_ps(s0[p]), b1 = _mm512_set1_ps(s1[p]);
#pragma GCC unroll 8
                for (size_t r = 0; r < 8; r++)
                    if (r < nr) {
                        const __m512 x = _mm512_loadu_ps(v + 16 * r);
                        a0[r] = _mm512_add_ps(a0[r], _mm512_mul_ps(b0, x));
                        a1[r] = _mm512_add_ps(a1[r], _mm512_mul_ps(b1, x));
                    }
            }
            for (size_t r = 0; r < nr; r++) {
                _mm512_storeu_ps(o + j0 * d + c + 16 * r, a0[r]);
                if (pair == 2)
                    _mm512_storeu_ps(o + (j0 + 1) * d + c + 16 * r, a1[r]);
            }
        }
    }
}

void kr_simd_attn_heads_avx512(const float *q, size_t h0, size_t h1, size_t group, const float *K,
                               const float *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                               float *scratch, float *o)
{
    for (size_t h = h0; h < h1;) {
        const size_t kvh = h / group;
        size_t nh = (kvh + 1) * group - h;
        if (nh > h1 - h)
            nh = h1 - h;
        if (nh > KR_AH_HEADS)
            nh = KR_AH_HEADS;
        const float *Kh = K + kvh * kv_stride, *Vh = V + kvh * kv_stride;
        kr_ah_scores(q + h * d, nh, d, Kh, Vh, ld, npos, scale, scratch);
        for (size_t j = 0; j < nh; j++) {
            float *sj = scratch + j * npos, mx = sj[0];
            for (size_t p = 1; p < npos; p++)
                mx = sj[p] > mx ? sj[p] : mx;
            kr_simd_softmax_avx512(sj, npos, mx);
        }
        /* the next group's KV head, if it is another one */
        const size_t hn = h + nh, kvn = hn / group;
        const int next = hn < h1 && kvn != kvh;
        kr_ah_mix(scratch, nh, npos, Vh, ld, d, o + h * d, next ? K + kvn * kv_stride : NULL);
        h = hn;
    }
}
#endif
