/* Reference activation quantization (see kr_quant.h for the definition). */
#include <math.h>

#include "kernels_ref/kr_quant.h"

kr_status kr_quantize_row(const float *x, size_t n, int8_t *q, float *scale)
{
    if (!x || !q || !scale)
        return KR_ERR_NULL;
    if (n == 0)
        return KR_ERR_SIZE;
    float amax = 0.0f;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            return KR_ERR_NONFINITE;
        float a = fabsf(x[i]);
        if (a > amax)
            amax = a;
    }
    if (amax < KR_QUANT_MIN_AMAX)
        amax = KR_QUANT_MIN_AMAX;
    const float s = 127.0f / amax;
    for (size_t i = 0; i < n; i++) {
        /* nearbyintf rounds half to even in the default rounding mode, which C11 guarantees at start. */
        float r = nearbyintf(x[i] * s);
        if (r > 127.0f)
            r = 127.0f;
        if (r < -128.0f)
            r = -128.0f;
        q[i] = (int8_t)r;
    }
    *scale = s;
    return KR_OK;
}

kr_status kr_quantize_rows_with(kr_quant_row_fn row, const float *x, size_t rows, size_t n, size_t ldx,
                                int8_t *q, size_t ldq, float *scales)
{
    if (!row || !x || !q || !scales)
        return KR_ERR_NULL;
    if (rows == 0 || n == 0 || ldx < n || ldq < n)
        return KR_ERR_SIZE;
    for (size_t r = 0; r < rows; r++) {
        kr_status st = row(x + r * ldx, n, q + r * ldq, &scales[r]);
        if (st != KR_OK)
            return st;
    }
    return KR_OK;
}

kr_status kr_quantize_rows(const float *x, size_t rows, size_t n, size_t ldx, int8_t *q, size_t ldq,
                           float *scales)
{
    return kr_quantize_rows_with(kr_quantize_row, x, rows, n, ldx, q, ldq, scales);
}
