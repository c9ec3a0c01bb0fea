/* Row kernels of the head GEMV: portable C versions; SIMD versions are picked at run time. */
#include "kernels_fast/kr_fast_head_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_fast/kr_ops.h"

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

/* The x quantization block of this head's integer kernel, or 0 when its kernel takes float x. */
static size_t kr_head_xq_block(const kr_head *h)
{
#if defined(__x86_64__)
    if (!(__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
          __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") &&
          __builtin_cpu_supports("f16c")))
        return 0;
    if (h->q8)
        return h->cols % 256 == 0 ? 256 : 0;
    if (h->fmt == KR_HEAD_Q6_K)
        return 256;
    if (h->fmt == KR_HEAD_Q8_0) /* pairs of 32-blocks per 64-byte step; x scaled per block as ggml */
        return h->cols % 64 == 0 ? 32 : 0;
    return 0;
#else
    (void)h;
    return 0;
#endif
}

kr_status kr_head_xq_prepare(const kr_head *h, const float *x, kr_head_xq *xq)
{
    memset(xq, 0, sizeof *xq);
    const size_t qb = kr_head_xq_block(h), n = h->cols;
    if (qb == 0)
        return KR_OK;
    const size_t nb = n / qb;
    uint8_t *mem = malloc(nb * sizeof(float) + (n / 16 + n / 4) * sizeof(int32_t) + n);
    if (!mem)
        return KR_ERR_NOMEM;
    xq->mem = mem;
    xq->qb = qb;
    xq->d = (float *)(void *)mem;
    xq->bsum = (int32_t *)(void *)(mem + nb * sizeof(float));
    xq->corr4 = xq->bsum + n / 16;
    xq->q = (int8_t *)(void *)(xq->corr4 + n / 4);
    for (size_t b = 0; b < nb; b++) {
        const float *xb = x + b * qb;
        float amax = 0.0f;
        for (size_t i = 0; i < qb; i++) {
            if (!isfinite(xb[i])) {
                kr_head_xq_free(xq);
                return KR_ERR_NONFINITE;
            }
            amax = fmaxf(amax, fabsf(xb[i]));
        }
        const float s = amax > 0.0f ? 127.0f / amax : 0.0f;
        xq->d[b] = amax / 127.0f;
        for (size_t i = 0; i < qb; i++) {
            float r = nearbyintf(xb[i] * s);
            xq->q[b * qb + i] = (int8_t)(r > 127.0f ? 127.0f : (r < -127.0f ? -127.0f : r));
        }
    }
    double corr = 0.0;
    for (size_t g = 0; g < n / 16; g++) {
        int32_t sum = 0;
        for (size_t l = 0; l < 16; l++)
            sum += xq->q[16 * g + l];
        xq->bsum[g] = sum;
        /* The int8-copy kernel makes weights unsigned with +128; this removes 128 * sum(x) again. */
        corr += 128.0 * (double)xq->d[16 * g / qb] * (double)sum;
    }
    xq->corr = (float)corr;
    /* The same offset for Q8_0, per 32-bit lane (4 values), because its blocks scale separately. */
    for (size_t i = 0; i < n / 4; i++)
        xq->corr4[i] = 128 * (xq->q[4 * i] + xq->q[4 * i + 1] + xq->q[4 * i + 2] + xq->q[4 * i + 3]);
    return KR_OK;
}

void kr_head_xq_free(kr_head_xq *xq)
{
    free(xq->mem);
    xq->mem = NULL;
}

kr_status kr_head_gemv_rows(const kr_head *h, const float *x, const kr_head_xq *xq, float *y, size_t r0, size_t r1)
{
#if defined(__x86_64__)
    if (xq && xq->mem) {
        if (h->q8)
            kr_head_rows_int8_vnni(h, xq, y, r0, r1);
        else if (h->fmt == KR_HEAD_Q8_0)
            kr_head_rows_q8_0_vnni(h, xq, y, r0, r1);
        else
            kr_head_rows_q6k_vnni(h, xq, y, r0, r1);
        return KR_OK;
    }
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma"))
        return kr_head_rows_avx512(h, x, y, r0, r1);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma"))
        return kr_head_rows_avx2(h, x, y, r0, r1);
#else
    (void)xq;
#endif
    if (h->q8)
        return kr_head_rows_int8_c(h, x, y, r0, r1);
    return kr_head_rows_decode_c(h, x, y, r0, r1);
}
