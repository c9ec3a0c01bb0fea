/* Row kernels of the head GEMV: portable C versions; SIMD versions are picked at run time. */
#include "kernels_ref/kr_fast_head.h"

#include <math.h>
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

/* Whether this head's GEMV runs the integer Q6_K kernel (needs quantized x). */
static int kr_head_uses_xq(const kr_head *h)
{
#if defined(__x86_64__)
    /* Q6_K, and the int8 copy when whole 256-blocks cover a row. */
    const int fits = h->q8 ? h->cols % KR_Q6_K_BLOCK == 0 : h->fmt == KR_HEAD_Q6_K;
    return fits && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni") &&
           __builtin_cpu_supports("f16c");
#else
    (void)h;
    return 0;
#endif
}

kr_status kr_head_xq_prepare(const kr_head *h, const float *x, kr_head_xq *xq)
{
    xq->q = NULL;
    xq->corr = 0.0f;
    xq->d = NULL;
    xq->bsum = NULL;
    xq->mem = NULL;
    if (!kr_head_uses_xq(h))
        return KR_OK;
    const size_t nb = h->cols / KR_Q6_K_BLOCK;
    uint8_t *mem = malloc(h->cols + nb * sizeof(float) + nb * 16 * sizeof(int32_t));
    if (!mem)
        return KR_ERR_NOMEM;
    xq->mem = mem;
    xq->d = (float *)(void *)mem;
    xq->bsum = (int32_t *)(void *)(mem + nb * sizeof(float));
    xq->q = (int8_t *)(mem + nb * sizeof(float) + nb * 16 * sizeof(int32_t));
    for (size_t b = 0; b < nb; b++) {
        const float *xb = x + b * KR_Q6_K_BLOCK;
        float amax = 0.0f;
        for (size_t i = 0; i < KR_Q6_K_BLOCK; i++) {
            if (!isfinite(xb[i])) {
                kr_head_xq_free(xq);
                return KR_ERR_NONFINITE;
            }
            amax = fmaxf(amax, fabsf(xb[i]));
        }
        const float s = amax > 0.0f ? 127.0f / amax : 0.0f;
        xq->d[b] = amax / 127.0f;
        for (size_t i = 0; i < 16; i++) {
            int32_t sum = 0;
            for (size_t l = 0; l < 16; l++) {
                float r = nearbyintf(xb[16 * i + l] * s);
                int8_t v = (int8_t)(r > 127.0f ? 127.0f : (r < -127.0f ? -127.0f : r));
                xq->q[b * KR_Q6_K_BLOCK + 16 * i + l] = v;
                sum += v;
            }
            xq->bsum[16 * b + i] = sum;
        }
    }
    /* The int8-copy kernel makes weights unsigned with +128; this removes 128 * sum(x) again. */
    double corr = 0.0;
    for (size_t b = 0; b < nb; b++) {
        int32_t s256 = 0;
        for (size_t i = 0; i < 16; i++)
            s256 += xq->bsum[16 * b + i];
        corr += 128.0 * (double)xq->d[b] * (double)s256;
    }
    xq->corr = (float)corr;
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
