/*
 * AVX-512 activation quantization, bit-identical with kr_quant.c: max|x| is exact in any order,
 * s = 127 / amax is the same division, x * s is one rounding either way, VRNDSCALEPS with
 * round-to-nearest-even equals nearbyintf in the default rounding mode, and the clamp happens
 * before the conversion to integers.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

#include "kernels_ref/kr_quant.h"
#include "kernels_fast/x86/kr_simd_quant.h"

int kr_simd_quant_avx512_ok(void) { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"); }

kr_status kr_simd_quantize_row_avx512(const float *x, size_t n, int8_t *q, float *scale)
{
    const __m512 inf = _mm512_set1_ps(INFINITY);
    __m512 amax = _mm512_setzero_ps();
    __mmask16 bad = 0;
    for (size_t i = 0; i < n; i += 16) {
        const __mmask16 m = n - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - i)) - 1u);
        const __m512 a = _mm512_abs_ps(_mm512_maskz_loadu_ps(m, x + i));
        /* NaN compares unordered and Inf equal: "not less than Inf" catches both. */
        bad |= _mm512_mask_cmp_ps_mask(m, a, inf, _CMP_NLT_UQ);
        amax = _mm512_max_ps(amax, a);
    }
    if (bad)
        return KR_ERR_NONFINITE;
    float am = _mm512_reduce_max_ps(amax);
    if (am < KR_QUANT_MIN_AMAX)
        am = KR_QUANT_MIN_AMAX;
    const float s = 127.0f / am;
    const __m512 sv = _mm512_set1_ps(s), lo = _mm512_set1_ps(-128.0f), hi = _mm512_set1_ps(127.0f);
    /* Whole blocks narrow in a register and store 16 bytes: the masked narrowing store
     * (VPMOVDB to memory) is slow on Zen 4 and made this loop the costliest of the per-token
     * float work. */
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 r = _mm512_roundscale_ps(_mm512_mul_ps(_mm512_loadu_ps(x + i), sv),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        r = _mm512_min_ps(_mm512_max_ps(r, lo), hi);
        _mm_storeu_si128((__m128i *)(void *)(q + i), _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(r)));
    }
    if (i < n) {
        const __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
        __m512 r = _mm512_roundscale_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), sv),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        r = _mm512_min_ps(_mm512_max_ps(r, lo), hi);
        _mm512_mask_cvtepi32_storeu_epi8(q + i, m, _mm512_cvtps_epi32(r));
    }
    *scale = s;
    return KR_OK;
}
void kr_simd_dequant_row_avx512(const int32_t *y, size_t m, float w_scale, float act_scale, float *out)
{
    const __m512 ws = _mm512_set1_ps(w_scale), as = _mm512_set1_ps(act_scale);
    size_t i = 0;
    for (; i + 16 <= m; i += 16) {
        const __m512 v = _mm512_cvtepi32_ps(_mm512_loadu_si512((const void *)(y + i)));
        _mm512_storeu_ps(out + i, _mm512_div_ps(_mm512_mul_ps(v, ws), as));
    }
    if (i < m) {
        const __mmask16 k = (__mmask16)((1u << (m - i)) - 1u);
        const __m512 v = _mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(k, y + i));
        _mm512_mask_storeu_ps(out + i, k, _mm512_div_ps(_mm512_mul_ps(v, ws), as));
    }
}
#endif
