/* Dispatch of the fast activation quantization; the portable path is the reference itself. */
#include "kernels_fast/kr_quant_fast.h"

#include "kernels_ref/kr_gemm.h"
#include "kernels_ref/kr_quant.h"
#include "kernels_fast/x86/kr_simd_quant.h"

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

kr_status kr_dequant_fast(const int32_t *y, size_t m, size_t n, size_t ldy, float w_scale, const float *act_scale,
                          float *out, size_t ldo)
{
#if defined(__x86_64__)
    if (y && act_scale && out && m > 0 && n > 0 && ldy >= m && ldo >= m && kr_simd_quant_avx512_ok()) {
        for (size_t t = 0; t < n; t++)
            kr_simd_dequant_row_avx512(y + t * ldy, m, w_scale, act_scale[t], out + t * ldo);
        return KR_OK;
    }
#endif
    return kr_dequant(y, m, n, ldy, w_scale, act_scale, out, ldo);
}
