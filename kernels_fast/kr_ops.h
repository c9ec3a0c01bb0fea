/*
 * Float primitives of the forward pass (everything that is not a ternary matmul). Every backend
 * shares these, so logits are bit-identical across backends whenever the integer matmuls are.
 * Each op returns, bit for bit, its definition in kernels_ref/kr_ops_ref.h (the same name with
 * _ref, which fixes the operation order); dispatch to SIMD happens inside. Results may differ from
 * a naive loop in the last bits (summation order) but never between CPUs.
 */
#ifndef KR_OPS_H
#define KR_OPS_H

#include <stddef.h>
#include <stdint.h>

float kr_dot_f32(const float *a, const float *b, size_t n);
/* y += a * x */
void kr_axpy_f32(float a, const float *x, float *y, size_t n);
/* y += x */
void kr_add_f32(float *y, const float *x, size_t n);
/* out = x / sqrt(mean(x^2) + eps) * w  (w may be NULL: no gain) */
void kr_rmsnorm_f32(const float *x, const float *w, size_t n, float eps, float *out);
/* x = softmax(x) in place: e_i = kr_exp_neg_f32(x_i - max), summed in 16 lane partials as
 * kr_dot_f32, then each e_i times 1 / sum. */
void kr_softmax_f32(float *x, size_t n);
/* e^d for d <= 0 (what softmax needs), with the operations spelled out in kernels_ref/kr_ops_ref.h
 * so that scalar and SIMD code give the same float: Cody-Waite reduction by ln 2, a degree-7 polynomial (Cephes'
 * expf coefficients), 2^n from the exponent bits; within 2 ulp of exp() and 0 below -87. */
float kr_exp_neg_f32(float d);
/* NEOX rotary embedding of n_heads rows of d floats in place: element i pairs with i + d/2, with
 * cs = d/2 cosines then d/2 sines: x_i' = x_i c - x_j s, x_j' = x_i s + x_j c. */
void kr_rope_neox_f32(float *row, size_t n_heads, size_t d, const float *cs);
/* out = relu(g)^2 * u (BitNet's squared-ReLU gated FFN) */
void kr_relu2_mul_f32(const float *g, const float *u, float *out, size_t n);

/* Attention scores of one query row against npos cached key rows (stride ldk floats):
 * s[p] = kr_dot_f32(q, K + p * ldk, d) * scale, exactly. */
void kr_attn_scores_f32(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale,
                        float *s);
/* o[0..d) = sum over p of s[p] * V[p * ldv + i], accumulated in p order from zero: exactly what
 * zeroing o and calling kr_axpy_f32(s[p], V + p * ldv, o, d) for p = 0, 1, ... gives. */
void kr_attn_mix_f32(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o);
/* Causal grouped-query attention of one token, query heads [h0, h1): query head h (at q + h * d)
 * uses KV head h / group, whose npos cached rows (stride ld floats) start at K + (h / group) *
 * kv_stride and V + (h / group) * kv_stride. For each head, exactly: s = kr_attn_scores_f32(...,
 * scale); kr_softmax_f32(s); o + h * d = kr_attn_mix_f32(s, ...). scratch: min(group, 4) * npos floats. */
void kr_attn_heads_f32(const float *q, size_t h0, size_t h1, size_t group, const float *K, const float *V,
                       size_t kv_stride, size_t ld, size_t npos, size_t d, float scale, float *scratch, float *o);
/* kr_attn_heads_f32 over a cache of binary16 rows: exactly that function applied to the rows
 * widened to float (kr_f16_to_f32). A cache half the size of a float one, so half the bytes per
 * decode step, at the cost of rounding K and V to binary16 when they are stored (as llama.cpp's
 * default cache does). scratch: min(group, 4) * npos + d floats. */
void kr_attn_heads_f16kv(const float *q, size_t h0, size_t h1, size_t group, const uint16_t *K,
                         const uint16_t *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                         float *scratch, float *o);
/* y[i] = kr_f32_to_f16(x[i]) (kr_formats.h): binary16, round to nearest even. */
void kr_f32_to_f16_row(const float *x, uint16_t *y, size_t n);

#endif
