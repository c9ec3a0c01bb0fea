/*
 * Internals of kr_ops: the AVX-512 versions. Each performs exactly the float operations of its
 * definition in kernels_ref/kr_ops_ref.h, in the same order (16 lane partial sums, element i into
 * lane i % 16, the same combining tree, separate multiply and add), so every op returns
 * bit-identical results with or without AVX-512 and logits do not depend on the CPU.
 */
#ifndef KR_SIMD_OPS_H
#define KR_SIMD_OPS_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
int kr_simd_ops_avx512_ok(void);
float kr_simd_dot_avx512(const float *a, const float *b, size_t n);
void kr_simd_axpy_avx512(float a, const float *x, float *y, size_t n);
void kr_simd_add_avx512(float *y, const float *x, size_t n);
void kr_simd_scale_mul_avx512(const float *x, float s, const float *w, float *out, size_t n);
void kr_simd_relu2_mul_avx512(const float *g, const float *u, float *out, size_t n);
void kr_simd_attn_scores_avx512(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale,
                                float *s);
void kr_simd_attn_mix_avx512(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o);
/* kr_attn_heads_f32 for d a multiple of 64. */
void kr_simd_attn_heads_avx512(const float *q, size_t h0, size_t h1, size_t group, const float *K,
                               const float *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                               float *scratch, float *o);
void kr_simd_attn_heads_f16kv_avx512(const float *q, size_t h0, size_t h1, size_t group, const uint16_t *K,
                                     const uint16_t *V, size_t kv_stride, size_t ld, size_t npos, size_t d,
                                     float scale, float *scratch, float *o);
/* kr_f32_to_f16_row: VCVTPS2PH rounds to nearest even and quiets NaNs as kr_f32_to_f16 does. */
void kr_simd_f32_to_f16_avx512(const float *x, uint16_t *y, size_t n);
/* kr_softmax_f32 after the max (mx) is known. */
void kr_simd_softmax_avx512(float *x, size_t n, float mx);
void kr_simd_rope_neox_avx512(float *row, size_t n_heads, size_t d, const float *cs);
#endif

#endif
