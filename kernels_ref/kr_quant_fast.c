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
    if (!x || !q || !scales)
        return KR_ERR_NULL;
    if (rows == 0 || n == 0 || ldx < n || ldq < n)
        return KR_ERR_SIZE;
    for (size_t r = 0; r < rows; r++) {
        kr_status st = kr_quantize_row_fast(x + r * ldx, n, q + r * ldq, &scales[r]);
        if (st != KR_OK)
            return st;
    }
    return KR_OK;
}
