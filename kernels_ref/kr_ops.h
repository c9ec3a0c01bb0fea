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

#endif
