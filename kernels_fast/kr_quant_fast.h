/*
 * Fast activation quantization: the same definition as kr_quant.h (bit-identical q and scales,
 * the same errors), vectorized with AVX-512 where the CPU has it.
 */
#ifndef KR_QUANT_FAST_H
#define KR_QUANT_FAST_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"

/* Same contract as kr_quantize_row / kr_quantize_rows. */
kr_status kr_quantize_row_fast(const float *x, size_t n, int8_t *q, float *scale);
kr_status kr_quantize_rows_fast(const float *x, size_t rows, size_t n, size_t ldx, int8_t *q, size_t ldq,
                                float *scales);

/* Same contract and bit-identical results as kr_dequant (kr_gemm.h): (float)y * w_scale / act_scale[t]
 * with the same two roundings per element, eight or sixteen elements at a time. */
kr_status kr_dequant_fast(const int32_t *y, size_t m, size_t n, size_t ldy, float w_scale, const float *act_scale,
                          float *out, size_t ldo);

#endif
