/* AVX-512 float primitives, bit-identical to their definitions in kernels_ref/kr_ops_ref.c. */
#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "kernels_fast/x86/kr_simd_hsum512.h"
#include "kernels_fast/x86/kr_simd_ops.h"

/* The horizontal sums use AVX512DQ's 256-bit extract, so both are required. */
int kr_simd_ops_avx512_ok(void) { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"); }

static inline __mmask16 kr_tail(size_t left) { return (__mmask16)((1u << left) - 1u); }

float kr_simd_dot_avx512(const float *a, const float *b, size_t n)
{
    __m512 acc = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        acc = _mm512_add_ps(acc, _mm512_mul_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
    if (i < n) {
        const __mmask16 m = kr_tail(n - i);
        acc = _mm512_mask_add_ps(acc, m, acc, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i)));
    }
    return kr_hsum512(acc);
}


void kr_simd_axpy_avx512(float a, const float *x, float *y, size_t n)
{
    const __m512 av = _mm512_set1_ps(a);
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(y + i), _mm512_mul_ps(av, _mm512_loadu_ps(x + i))));
    if (i < n) {
        const __mmask16 m = kr_tail(n - i);
        _mm512_mask_storeu_ps(y + i, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, y + i), _mm512_mul_ps(av, _mm512_maskz_loadu_ps(m, x + i))));
    }
}

void kr_simd_add_avx512(float *y, const float *x, size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(y + i), _mm512_loadu_ps(x + i)));
    if (i < n) {
        const __mmask16 m = kr_tail(n - i);
        _mm512_mask_storeu_ps(y + i, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, y + i), _mm512_maskz_loadu_ps(m, x + i)));
    }
}

/* out = (x * s) * w, or x * s when w is NULL. */
void kr_simd_scale_mul_avx512(const float *x, float s, const float *w, float *out, size_t n)
{
    const __m512 sv = _mm512_set1_ps(s);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 v = _mm512_mul_ps(_mm512_loadu_ps(x + i), sv);
        _mm512_storeu_ps(out + i, w ? _mm512_mul_ps(v, _mm512_loadu_ps(w + i)) : v);
    }
    if (i < n) {
        const __mmask16 m = kr_tail(n - i);
        __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), sv);
        _mm512_mask_storeu_ps(out + i, m, w ? _mm512_mul_ps(v, _mm512_maskz_loadu_ps(m, w + i)) : v);
    }
}

/* out = (r * r) * u with r = max(g, 0); a NaN gate gives 0 like the scalar `g > 0 ? g : 0`. */
void kr_simd_relu2_mul_avx512(const float *g, const float *u, float *out, size_t n)
{
    size_t i = 0;
    for (; i <= n; i += 16) {
        const __mmask16 m = n - i >= 16 ? (__mmask16)0xffff : kr_tail(n - i);
        if (!m)
            break;
        const __m512 gv = _mm512_maskz_loadu_ps(m, g + i);
        const __m512 r = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(gv, _mm512_setzero_ps(), _CMP_GT_OQ), gv);
        _mm512_mask_storeu_ps(out + i, m, _mm512_mul_ps(_mm512_mul_ps(r, r), _mm512_maskz_loadu_ps(m, u + i)));
    }
}
void kr_simd_f32_to_f16_avx512(const float *x, uint16_t *y, size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256((__m256i *)(void *)(y + i),
                            _mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    if (i < n) {
        const __mmask16 m = kr_tail(n - i);
        uint16_t t[16];
        _mm256_storeu_si256((__m256i *)(void *)t, _mm512_cvtps_ph(_mm512_maskz_loadu_ps(m, x + i),
                                                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        memcpy(y + i, t, (n - i) * sizeof *y);
    }
}
#endif
