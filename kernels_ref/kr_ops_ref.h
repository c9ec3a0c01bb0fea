/*
 * The definition of the forward pass's float ops (everything that is not a ternary matmul): each
 * kr_*_f32 of kernels_fast/kr_ops.h returns, bit for bit, what its _ref twin here returns, on every
 * CPU, so logits do not depend on which SIMD path ran. The operation order is part of the
 * definition:
 *
 *  - reductions keep KR_OPS_REF_LANES (16) float partial sums, element i added into lane i % 16
 *    in index order, starting from +0; the lanes are then combined by one fixed tree:
 *        t8[i] = acc[i] + acc[i + 8]  (i < 8),  t4[i] = t8[i] + t8[i + 4]  (i < 4),
 *        sum   = (t4[0] + t4[2]) + (t4[1] + t4[3]);
 *  - every product is rounded before it is added (no fused multiply-add: ISO C mode does not
 *    contract a * b + c), and a * b * c is (a * b) * c;
 *  - elementwise ops do the written operations per element, in no particular element order.
 *
 * An op given a NULL pointer does nothing (kr_dot_f32_ref returns +0), as its kr_ops.h twin does.
 */
#ifndef KR_OPS_REF_H
#define KR_OPS_REF_H

#include <stddef.h>
#include <stdint.h>

#define KR_OPS_REF_LANES 16

/* kr_exp_neg_f32_ref's constants (Cephes expf): also used by the SIMD versions of softmax. */
#define KR_EXP_MIN (-87.0f)
#define KR_EXP_LOG2E 1.44269504088896341f
#define KR_EXP_LN2_HI 0.693359375f
#define KR_EXP_LN2_LO (-2.12194440e-4f)
#define KR_EXP_P0 1.9875691500e-4f
#define KR_EXP_P1 1.3981999507e-3f
#define KR_EXP_P2 8.3334519073e-3f
#define KR_EXP_P3 4.1665795894e-2f
#define KR_EXP_P4 1.6666665459e-1f
#define KR_EXP_P5 5.0000001201e-1f

/* sum of a[i] * b[i]: lane i % 16 += a[i] * b[i], then the tree. */
float kr_dot_f32_ref(const float *a, const float *b, size_t n);
/* y[i] = y[i] + a * x[i] (product rounded first). */
void kr_axpy_f32_ref(float a, const float *x, float *y, size_t n);
/* y[i] = y[i] + x[i]. */
void kr_add_f32_ref(float *y, const float *x, size_t n);
/* inv = 1 / sqrtf(kr_dot_f32_ref(x, x, n) / (float)n + eps); out[i] = (x[i] * inv) * w[i], or
 * x[i] * inv when w is NULL. n == 0 does nothing. */
void kr_rmsnorm_f32_ref(const float *x, const float *w, size_t n, float eps, float *out);
/* e^d for d <= 0: NaN stays NaN, d < KR_EXP_MIN (or -inf) gives +0; otherwise, in this order,
 *   n = nearbyintf(d * LOG2E);  r = (d - n * LN2_HI) - n * LN2_LO;  z = r * r;
 *   y = P0; y = y * r + P1; ... y = y * r + P5;  y = (y * z + r) + 1;  result = y * 2^n
 * with 2^n built from its exponent bits (exact). Within 2 ulp of exp() on [-87, 0]. */
float kr_exp_neg_f32_ref(float d);
/* In place: mx = max x[i] (first to last, x[i] > mx replaces it); x[i] = kr_exp_neg_f32_ref(x[i] - mx)
 * summed into the 16 lanes as kr_dot_f32_ref; inv = 1 / sum; x[i] = x[i] * inv. n == 0 does nothing. */
void kr_softmax_f32_ref(float *x, size_t n);
/* NEOX rotary embedding of n_heads rows of d floats in place, half = d / 2, c = cs[0..half),
 * s = cs[half..2 half): x[i] = x0 * c[i] - x1 * s[i] and x[i + half] = x0 * s[i] + x1 * c[i] with
 * x0, x1 the old x[i], x[i + half] (each product rounded, then one add or subtract). For odd d the
 * last element of a row is left as it is. */
void kr_rope_neox_f32_ref(float *row, size_t n_heads, size_t d, const float *cs);
/* r = g[i] > 0 ? g[i] : +0 (a NaN gate gives +0); out[i] = (r * r) * u[i]. */
void kr_relu2_mul_f32_ref(const float *g, const float *u, float *out, size_t n);
/* y[i] = kr_f32_to_f16(x[i]) (kr_formats.h): binary16, round to nearest even, NaNs kept quiet. */
void kr_f32_to_f16_row_ref(const float *x, uint16_t *y, size_t n);

/* Attention (kr_attn_ref.c), defined by the ops above. */

/* s[p] = kr_dot_f32_ref(q, K + p * ldk, d) * scale for p < npos. */
void kr_attn_scores_f32_ref(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale,
                            float *s);
/* o[0..d) = +0, then kr_axpy_f32_ref(s[p], V + p * ldv, o, d) for p = 0, 1, ..., npos - 1. */
void kr_attn_mix_f32_ref(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o);
/* For query heads h in [h0, h1), KV row base at = (h / group) * kv_stride:
 * kr_attn_scores_f32_ref(q + h * d, K + at, ld, npos, d, scale, scratch); kr_softmax_f32_ref(scratch,
 * npos); kr_attn_mix_f32_ref(scratch, V + at, ld, npos, d, o + h * d). scratch: npos floats. Does
 * nothing if group or npos is 0. */
void kr_attn_heads_f32_ref(const float *q, size_t h0, size_t h1, size_t group, const float *K, const float *V,
                           size_t kv_stride, size_t ld, size_t npos, size_t d, float scale, float *scratch,
                           float *o);
/* kr_attn_heads_f32_ref on binary16 rows widened exactly (kr_f16_to_f32). scratch: npos + d floats. */
void kr_attn_heads_f16kv_ref(const float *q, size_t h0, size_t h1, size_t group, const uint16_t *K,
                             const uint16_t *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                             float *scratch, float *o);

#endif
