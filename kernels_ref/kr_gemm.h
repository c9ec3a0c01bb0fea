/*
 * Scalar reference ternary matmul: the oracle every backend matches bit for bit.
 *
 * Math: y[m][n] = sum_k W[m][k] * q[k][n]. Storage is token-major, as the model produces it:
 * activation row n (K int8) at q + n*ldq, result row n (M int32) at y + n*ldy, y[n*ldy + m].
 * N = 1 is the GEMV (decode) case.
 */
#ifndef KR_GEMM_H
#define KR_GEMM_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"
#include "kernels_ref/kr_ternary.h"

/* Integer result. ldq >= K, ldy >= M. K <= KR_GEMM_MAX_K keeps every sum inside int32. */
#define KR_GEMM_MAX_K (1u << 23)
kr_status kr_gemm_ref(const kr_tern *w, const int8_t *q, size_t n, size_t ldq, int32_t *y, size_t ldy);
kr_status kr_gemv_ref(const kr_tern *w, const int8_t *q, int32_t *y);

/* Float result: out[n*ldo + m] = y[n*ldy + m] * w_scale / act_scale[n]. */
kr_status kr_dequant(const int32_t *y, size_t m, size_t n, size_t ldy, float w_scale,
                     const float *act_scale, float *out, size_t ldo);

/* Full BitLinear on float input: quantize each row of x (n rows of K, stride ldx), matmul, dequantize. */
kr_status kr_bitlinear_ref(const kr_tern *w, const float *x, size_t n, size_t ldx, float *out, size_t ldo);

#endif
