/* Row kernels of the head GEMV: portable C versions; SIMD versions are picked at run time. */
#include "kernels_ref/kr_fast_head.h"

#include <stdlib.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_ops.h"

static kr_status kr_head_rows_int8_c(const kr_head *h, const float *x, float *y, size_t r0, size_t r1)
{
    for (size_t r = r0; r < r1; r++) {
        const int8_t *q = h->q8 + r * h->cols;
        float acc[8] = {0};
        size_t k = 0;
        for (; k + 8 <= h->cols; k += 8)
            for (int j = 0; j < 8; j++)
                acc[j] += (float)q[k + j] * x[k + j];
        for (int j = 0; k < h->cols; k++, j++)
            acc[j] += (float)q[k] * x[k];
        y[r] = (((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]))) *
               h->q8_scale[r];
    }
    return KR_OK;
}

/* Decodes each row with kr_head_row and takes a float dot product. */
static kr_status kr_head_rows_decode_c(const kr_head *h, const float *x, float *y, size_t r0, size_t r1)
{
    if (h->fmt == KR_HEAD_F32) {
        for (size_t r = r0; r < r1; r++)
            y[r] = kr_dot_f32((const float *)(const void *)(h->data + r * h->row_bytes), x, h->cols);
        return KR_OK;
    }
    float *row = malloc(h->cols * sizeof *row);
    if (!row)
        return KR_ERR_NOMEM;
    kr_status st = KR_OK;
    for (size_t r = r0; r < r1 && st == KR_OK; r++) {
        st = kr_head_row(h, r, row);
        if (st == KR_OK)
            y[r] = kr_dot_f32(row, x, h->cols);
    }
    free(row);
    return st;
}

kr_status kr_head_gemv_rows(const kr_head *h, const float *x, float *y, size_t r0, size_t r1)
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma"))
        return kr_head_rows_avx512(h, x, y, r0, r1);
#endif
    if (h->q8)
        return kr_head_rows_int8_c(h, x, y, r0, r1);
    return kr_head_rows_decode_c(h, x, y, r0, r1);
}
