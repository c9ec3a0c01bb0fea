/* Internals of kr_quant_fast: the AVX-512 row quantizer (compiled with its own target flags). */
#ifndef KR_SIMD_QUANT_H
#define KR_SIMD_QUANT_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"

#if defined(__x86_64__)
int kr_simd_quant_avx512_ok(void);
/* x, q, scale non-NULL and n > 0 (checked by the caller). */
kr_status kr_simd_quantize_row_avx512(const float *x, size_t n, int8_t *q, float *scale);
/* out[i] = (float)y[i] * w_scale / act_scale for i < m (IEEE multiply then divide, as kr_dequant). */
void kr_simd_dequant_row_avx512(const int32_t *y, size_t m, float w_scale, float act_scale, float *out);
#endif

#endif
