/*
 * Float primitives of the forward pass (everything that is not a ternary matmul). Every backend
 * shares these, so logits are bit-identical across backends whenever the integer matmuls are.
 * Dispatch to SIMD happens inside; results may differ from a naive loop in the last bits (summation
 * order) but are deterministic for a given machine and thread count.
 */
#ifndef KR_OPS_H
#define KR_OPS_H

#include <stddef.h>

float kr_dot_f32(const float *a, const float *b, size_t n);
/* y += a * x */
void kr_axpy_f32(float a, const float *x, float *y, size_t n);
/* y += x */
void kr_add_f32(float *y, const float *x, size_t n);
/* out = x / sqrt(mean(x^2) + eps) * w  (w may be NULL: no gain) */
void kr_rmsnorm_f32(const float *x, const float *w, size_t n, float eps, float *out);
/* x = softmax(x) in place (max-subtracted) */
void kr_softmax_f32(float *x, size_t n);
/* out = relu(g)^2 * u (BitNet's squared-ReLU gated FFN) */
void kr_relu2_mul_f32(const float *g, const float *u, float *out, size_t n);

/* Attention scores of one query row against npos cached key rows (stride ldk floats):
 * s[p] = kr_dot_f32(q, K + p * ldk, d) * scale, exactly. */
void kr_attn_scores_f32(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale,
                        float *s);
/* o[0..d) = sum over p of s[p] * V[p * ldv + i], accumulated in p order from zero: exactly what
 * zeroing o and calling kr_axpy_f32(s[p], V + p * ldv, o, d) for p = 0, 1, ... gives. */
void kr_attn_mix_f32(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o);

#endif
