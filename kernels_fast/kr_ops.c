/*
 * Dispatch of the float ops: the AVX-512 version (x86/kr_simd_*_avx512.c) where the CPU has it,
 * else the definition itself (kernels_ref/kr_ops_ref.c). The AVX-512 code performs the
 * definition's float operations in its order, so both give the same bits.
 */
#include "kernels_fast/kr_ops.h"

#include <math.h>

#include "kernels_ref/kr_ops_ref.h"
#include "kernels_fast/x86/kr_simd_ops.h"

#if defined(__x86_64__)
#define KR_OPS_AVX512() kr_simd_ops_avx512_ok()
#else
#define KR_OPS_AVX512() 0
#endif

float kr_dot_f32(const float *a, const float *b, size_t n)
{
#if defined(__x86_64__)
    if (a && b && KR_OPS_AVX512())
        return kr_simd_dot_avx512(a, b, n);
#endif
    return kr_dot_f32_ref(a, b, n);
}

void kr_axpy_f32(float a, const float *x, float *y, size_t n)
{
#if defined(__x86_64__)
    if (x && y && KR_OPS_AVX512()) {
        kr_simd_axpy_avx512(a, x, y, n);
        return;
    }
#endif
    kr_axpy_f32_ref(a, x, y, n);
}

void kr_add_f32(float *y, const float *x, size_t n)
{
#if defined(__x86_64__)
    if (x && y && KR_OPS_AVX512()) {
        kr_simd_add_avx512(y, x, n);
        return;
    }
#endif
    kr_add_f32_ref(y, x, n);
}

void kr_rmsnorm_f32(const float *x, const float *w, size_t n, float eps, float *out)
{
#if defined(__x86_64__)
    if (x && out && n > 0 && KR_OPS_AVX512()) {
        const float inv = 1.0f / sqrtf(kr_simd_dot_avx512(x, x, n) / (float)n + eps);
        kr_simd_scale_mul_avx512(x, inv, w, out, n);
        return;
    }
#endif
    kr_rmsnorm_f32_ref(x, w, n, eps, out);
}

/* Only softmax needs e^d in bulk, and its AVX-512 version evaluates it 16 lanes at a time. */
float kr_exp_neg_f32(float d) { return kr_exp_neg_f32_ref(d); }

void kr_softmax_f32(float *x, size_t n)
{
#if defined(__x86_64__)
    if (x && n > 0 && KR_OPS_AVX512()) {
        float mx = x[0];
        for (size_t i = 1; i < n; i++)
            mx = x[i] > mx ? x[i] : mx;
        kr_simd_softmax_avx512(x, n, mx);
        return;
    }
#endif
    kr_softmax_f32_ref(x, n);
}

void kr_rope_neox_f32(float *row, size_t n_heads, size_t d, const float *cs)
{
#if defined(__x86_64__)
    if (row && cs && KR_OPS_AVX512()) {
        kr_simd_rope_neox_avx512(row, n_heads, d, cs);
        return;
    }
#endif
    kr_rope_neox_f32_ref(row, n_heads, d, cs);
}

void kr_relu2_mul_f32(const float *g, const float *u, float *out, size_t n)
{
#if defined(__x86_64__)
    if (g && u && out && KR_OPS_AVX512()) {
        kr_simd_relu2_mul_avx512(g, u, out, n);
        return;
    }
#endif
    kr_relu2_mul_f32_ref(g, u, out, n);
}

void kr_attn_scores_f32(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale, float *s)
{
#if defined(__x86_64__)
    if (q && K && s && KR_OPS_AVX512()) {
        kr_simd_attn_scores_avx512(q, K, ldk, npos, d, scale, s);
        return;
    }
#endif
    kr_attn_scores_f32_ref(q, K, ldk, npos, d, scale, s);
}

void kr_attn_mix_f32(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o)
{
#if defined(__x86_64__)
    if (s && V && o && KR_OPS_AVX512()) {
        kr_simd_attn_mix_avx512(s, V, ldv, npos, d, o);
        return;
    }
#endif
    kr_attn_mix_f32_ref(s, V, ldv, npos, d, o);
}

/* The grouped AVX-512 kernels walk a head in whole 64-float steps; other head sizes take the
 * definition. */
void kr_attn_heads_f32(const float *q, size_t h0, size_t h1, size_t group, const float *K, const float *V,
                       size_t kv_stride, size_t ld, size_t npos, size_t d, float scale, float *scratch, float *o)
{
#if defined(__x86_64__)
    if (q && K && V && scratch && o && group > 0 && npos > 0 && d % 64 == 0 && KR_OPS_AVX512()) {
        kr_simd_attn_heads_avx512(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
        return;
    }
#endif
    kr_attn_heads_f32_ref(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
}

void kr_attn_heads_f16kv(const float *q, size_t h0, size_t h1, size_t group, const uint16_t *K,
                         const uint16_t *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                         float *scratch, float *o)
{
#if defined(__x86_64__)
    if (q && K && V && scratch && o && group > 0 && npos > 0 && d % 64 == 0 && KR_OPS_AVX512()) {
        kr_simd_attn_heads_f16kv_avx512(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
        return;
    }
#endif
    kr_attn_heads_f16kv_ref(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
}

void kr_f32_to_f16_row(const float *x, uint16_t *y, size_t n)
{
#if defined(__x86_64__)
    if (x && y && KR_OPS_AVX512()) {
        kr_simd_f32_to_f16_avx512(x, y, n);
        return;
    }
#endif
    kr_f32_to_f16_row_ref(x, y, n);
}
