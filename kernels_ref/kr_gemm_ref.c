/* Scalar reference ternary matmul: written to be obviously right, not fast. */
#include "kernels_ref/kr_gemm.h"
#include "kernels_ref/kr_quant.h"

#include <stdlib.h>

kr_status kr_gemm_ref(const kr_tern *w, const int8_t *q, size_t n, size_t ldq, int32_t *y, size_t ldy)
{
    if (!w || !w->codes || !q || !y)
        return KR_ERR_NULL;
    if (w->rows == 0 || w->cols == 0 || n == 0 || ldq < w->cols || ldy < w->rows ||
        w->stride != kr_tern_row_bytes(w->cols) || w->cols > KR_GEMM_MAX_K)
        return KR_ERR_SIZE;
    for (size_t t = 0; t < n; t++) {
        const int8_t *x = q + t * ldq;
        for (size_t m = 0; m < w->rows; m++) {
            int32_t acc = 0;
            for (size_t k = 0; k < w->cols; k++) {
                int v = kr_tern_get(w, m, k);
                if (v > 0)
                    acc += x[k];
                else if (v < 0)
                    acc -= x[k];
            }
            y[t * ldy + m] = acc;
        }
    }
    return KR_OK;
}

kr_status kr_gemv_ref(const kr_tern *w, const int8_t *q, int32_t *y)
{
    if (!w)
        return KR_ERR_NULL;
    return kr_gemm_ref(w, q, 1, w->cols, y, w->rows);
}

kr_status kr_dequant(const int32_t *y, size_t m, size_t n, size_t ldy, float w_scale, const float *act_scale,
                     float *out, size_t ldo)
{
    if (!y || !act_scale || !out)
        return KR_ERR_NULL;
    if (m == 0 || n == 0 || ldy < m || ldo < m)
        return KR_ERR_SIZE;
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < m; i++)
            out[t * ldo + i] = (float)y[t * ldy + i] * w_scale / act_scale[t];
    return KR_OK;
}

kr_status kr_bitlinear_ref(const kr_tern *w, const float *x, size_t n, size_t ldx, float *out, size_t ldo)
{
    if (!w || !x || !out)
        return KR_ERR_NULL;
    if (n == 0 || w->cols == 0 || w->rows == 0 || ldx < w->cols || ldo < w->rows)
        return KR_ERR_SIZE;
    int8_t *q = malloc(n * w->cols);
    float *s = malloc(n * sizeof *s);
    int32_t *y = malloc(n * w->rows * sizeof *y);
    kr_status st = KR_ERR_NOMEM;
    if (q && s && y) {
        st = kr_quantize_rows(x, n, w->cols, ldx, q, w->cols, s);
        if (st == KR_OK)
            st = kr_gemm_ref(w, q, n, w->cols, y, w->rows);
        if (st == KR_OK)
            st = kr_dequant(y, w->rows, n, w->rows, w->scale, s, out, ldo);
    }
    free(q);
    free(s);
    free(y);
    return st;
}
