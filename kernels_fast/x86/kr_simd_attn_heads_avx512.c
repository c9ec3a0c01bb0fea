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
 * The same code serves a cache of binary16 rows (kr_attn_heads_f16kv), widened exactly on load.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "kernels_fast/kr_ops.h"
#include "kernels_fast/x86/kr_simd_hsum512.h"
#include "kernels_fast/x86/kr_simd_ops.h"

/* Query heads scored together: 2 positions x 4 heads = 8 accumulators. */
#define KR_AH_HEADS 4
/* Float rows ahead (within the current KV head) to prefetch: 4 KB at d = 128. */
#define KR_AH_PF_ROWS 8
/* A KV head's keys and values up to this size are fetched in one go (half of a 1 MB L2). */
#define KR_AH_L2_ROWS_BYTES ((size_t)512 << 10)

/* kr_softmax_f32 on each of the n score rows. */
static void kr_ah_softmax_rows(float *s, size_t n, size_t npos)
{
    for (size_t j = 0; j < n; j++)
        kr_softmax_f32(s + j * npos, npos);
}

#define KR_AH_T float
#define KR_AH_LOAD(p) _mm512_loadu_ps(p)
#define KR_AH_FN(name) kr_ah_f32_##name
#include "kernels_fast/x86/kr_simd_attn_heads_body.h"
#undef KR_AH_T
#undef KR_AH_LOAD
#undef KR_AH_FN
#undef KR_AH_AHEAD

#define KR_AH_T uint16_t
#define KR_AH_LOAD(p) _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(p)))
#define KR_AH_FN(name) kr_ah_f16_##name
#include "kernels_fast/x86/kr_simd_attn_heads_body.h"
#undef KR_AH_T
#undef KR_AH_LOAD
#undef KR_AH_FN
#undef KR_AH_AHEAD

void kr_simd_attn_heads_avx512(const float *q, size_t h0, size_t h1, size_t group, const float *K,
                               const float *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                               float *scratch, float *o)
{
    kr_ah_f32_heads(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
}

void kr_simd_attn_heads_f16kv_avx512(const float *q, size_t h0, size_t h1, size_t group, const uint16_t *K,
                                     const uint16_t *V, size_t kv_stride, size_t ld, size_t npos, size_t d,
                                     float scale, float *scratch, float *o)
{
    kr_ah_f16_heads(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
}
#endif
