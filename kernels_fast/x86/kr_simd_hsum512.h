/*
 * The horizontal sum of the AVX-512 float ops, in the definition's tree (kernels_ref/kr_ops_ref.h):
 * lanes i + i+8, then + i+4, then (0 + 2) + (1 + 3). Included only by files compiled with
 * AVX-512F/DQ.
 */
#ifndef KR_SIMD_HSUM512_H
#define KR_SIMD_HSUM512_H

#include <immintrin.h>

static inline float kr_hsum512(__m512 v)
{
    const __m256 t8 = _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
    const __m128 t4 = _mm_add_ps(_mm256_castps256_ps128(t8), _mm256_extractf128_ps(t8, 1));
    const __m128 a = _mm_add_ps(t4, _mm_movehl_ps(t4, t4)); /* lane 0: t0 + t2, lane 1: t1 + t3 */
    return _mm_cvtss_f32(_mm_add_ss(a, _mm_shuffle_ps(a, a, _MM_SHUFFLE(1, 1, 1, 1))));
}

#endif
