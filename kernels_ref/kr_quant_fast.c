/* Dispatch of the fast activation quantization; the portable path is the reference itself. */
#include "kernels_ref/kr_quant_fast.h"

#include "kernels_ref/kr_quant.h"
#include "kernels_ref/kr_simd_quant.h"

kr_status kr_quantize_row_fast(const float *x, size_t n, int8_t *q, float *scale)
{
#if defined(__x86_64__)
    if (x && q && scale && n > 0 && kr_simd_quant_avx512_ok())
        return kr_simd_quantize_row_avx512(x, n, q, scale);
#endif
    return kr_quantize_row(x, n, q, scale);
}

kr_status kr_quantize_rows_fast(const float *x, size_t rows, size_t n, size_t ldx, int8_t *q, size_t ldq,
                                float *scales)
{
    return kr_quantize_rows_with(kr_quantize_row_fast, x, rows, n, ldx, q, ldq, scales);
}
