/* Per-row int8 activation quantization: the one definition every backend follows. */
#ifndef KR_QUANT_H
#define KR_QUANT_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"

/* Smallest max|x| used to form the scale, so an all-zero row does not divide by zero. */
#define KR_QUANT_MIN_AMAX 1e-5f

/*
 * s = 127 / max(max|x|, KR_QUANT_MIN_AMAX); q[i] = clamp(round_half_even(x[i] * s), -128, 127).
 * *scale receives s (the activation scale: float result = int_result * w_scale / s).
 * Returns KR_ERR_NONFINITE (q untouched) if any x[i] is NaN or Inf.
 */
kr_status kr_quantize_row(const float *x, size_t n, int8_t *q, float *scale);

/* Quantizes rows of n floats (row stride ldx floats) into rows of n int8 (stride ldq bytes). */
kr_status kr_quantize_rows(const float *x, size_t rows, size_t n, size_t ldx,
                           int8_t *q, size_t ldq, float *scales);

/* The same row loop over any implementation of kr_quantize_row's contract (e.g. a SIMD one). */
typedef kr_status (*kr_quant_row_fn)(const float *x, size_t n, int8_t *q, float *scale);
kr_status kr_quantize_rows_with(kr_quant_row_fn row, const float *x, size_t rows, size_t n, size_t ldx,
                                int8_t *q, size_t ldq, float *scales);

#endif
