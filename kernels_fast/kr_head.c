/*
 * The output head / token embedding. The matrix stays in its file format (borrowed); the GEMV
 * decodes and multiplies row by row so no float copy of a 128k x 2560 head (1.3 GB) is ever made.
 * Rows are split between the pool's threads; each thread decodes into its own scratch row.
 */
#include "kernels_fast/kr_head.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "kernels_fast/kr_fast_head_impl.h"
#include "kernels_fast/kr_ops.h"

const char *kr_head_fmt_name(kr_head_fmt f)
{
    switch (f) {
    case KR_HEAD_F32: return "F32";
    case KR_HEAD_F16: return "F16";
    case KR_HEAD_Q8_0: return "Q8_0";
    case KR_HEAD_Q6_K: return "Q6_K";
    }
    return "unknown";
}

/* Bytes of one row in fmt, or 0 if cols is not a whole number of the format's blocks. */
static size_t kr_head_row_bytes(kr_head_fmt fmt, size_t cols)
{
    switch (fmt) {
    case KR_HEAD_F32: return cols * 4u;
    case KR_HEAD_F16: return cols * 2u;
    case KR_HEAD_Q8_0: return cols % KR_Q8_0_BLOCK ? 0 : cols / KR_Q8_0_BLOCK * KR_Q8_0_BYTES;
    case KR_HEAD_Q6_K: return cols % KR_Q6_K_BLOCK ? 0 : cols / KR_Q6_K_BLOCK * KR_Q6_K_BYTES;
    }
    return 0;
}

size_t kr_head_gemv_bytes(const kr_head *h)
{
    if (!h)
        return 0;
    return h->q8 ? h->rows * (h->cols + sizeof *h->q8_scale) : h->rows * h->row_bytes;
}

kr_status kr_head_row(const kr_head *h, size_t r, float *out)
{
    if (!h || !out)
        return KR_ERR_NULL;
    if (r >= h->rows)
        return KR_ERR_SIZE;
    const uint8_t *src = h->data + r * h->row_bytes;
    switch (h->fmt) {
    case KR_HEAD_F32:
        memcpy(out, src, h->cols * sizeof *out);
        return KR_OK;
    case KR_HEAD_F16:
        for (size_t k = 0; k < h->cols; k++)
            out[k] = kr_f16_to_f32((uint16_t)(src[2 * k] | src[2 * k + 1] << 8));
        return KR_OK;
    case KR_HEAD_Q8_0:
        return kr_q8_0_to_f32(src, h->row_bytes, out, h->cols);
    case KR_HEAD_Q6_K:
        return kr_q6_k_to_f32(src, h->row_bytes, out, h->cols);
    }
    return KR_ERR_SIZE;
}

/* Per-row symmetric int8: scale = max|row| / 127, so the largest weight of every row is exact. */
static kr_status kr_head_build_int8(kr_head *h)
{
    if (h->rows > SIZE_MAX / h->cols)
        return KR_ERR_SIZE;
    h->q8 = malloc(h->rows * h->cols);
    h->q8_scale = malloc(h->rows * sizeof *h->q8_scale);
    float *row = malloc(h->cols * sizeof *row);
    kr_status st = (h->q8 && h->q8_scale && row) ? KR_OK : KR_ERR_NOMEM;
    for (size_t r = 0; st == KR_OK && r < h->rows; r++) {
        st = kr_head_row(h, r, row);
        if (st != KR_OK)
            break;
        float amax = 0.0f;
        for (size_t k = 0; k < h->cols; k++) {
            if (!isfinite(row[k])) {
                st = KR_ERR_NONFINITE;
                break;
            }
            amax = fmaxf(amax, fabsf(row[k]));
        }
        if (st != KR_OK)
            break;
        const float scale = amax > 0.0f ? amax / 127.0f : 1.0f;
        const float inv = 1.0f / scale;
        int8_t *q = h->q8 + r * h->cols;
        for (size_t k = 0; k < h->cols; k++) {
            float v = nearbyintf(row[k] * inv);
            q[k] = (int8_t)(v > 127.0f ? 127.0f : (v < -127.0f ? -127.0f : v));
        }
        h->q8_scale[r] = scale;
    }
    free(row);
    return st;
}

kr_status kr_head_new(kr_head **out, kr_head_fmt fmt, const void *data, size_t data_len, size_t rows,
                      size_t cols, int int8_copy)
{
    if (!out)
        return KR_ERR_NULL;
    *out = NULL;
    if (!data)
        return KR_ERR_NULL;
    if (fmt < KR_HEAD_F32 || fmt > KR_HEAD_Q6_K || rows == 0 || cols == 0)
        return KR_ERR_SIZE;
    const size_t rb = kr_head_row_bytes(fmt, cols);
    if (rb == 0 || rows > SIZE_MAX / rb)
        return KR_ERR_SIZE;
    if (data_len < rows * rb)
        return KR_ERR_BUFFER;
    kr_head *h = calloc(1, sizeof *h);
    if (!h)
        return KR_ERR_NOMEM;
    h->fmt = fmt;
    h->data = data;
    h->rows = rows;
    h->cols = cols;
    h->row_bytes = rb;
    if (int8_copy) {
        kr_status st = kr_head_build_int8(h);
        if (st != KR_OK) {
            kr_head_free(h);
            return st;
        }
    }
    *out = h;
    return KR_OK;
}

void kr_head_free(kr_head *h)
{
    if (!h)
        return;
    free(h->q8);
    free(h->q8_scale);
    free(h);
}

typedef struct {
    const kr_head *h;
    const float *x;
    const kr_head_xq *xq;
    float *y;
    kr_sched sched;      /* rows */
    _Atomic int status;
} kr_head_job;

/* Each thread streams its own contiguous run of rows; kr_sched lets a thread that is done take over
 * the back half of another's, so a descheduled thread on a busy machine does not hold the others up. */
static void kr_head_worker(void *arg, int tid, int nthreads)
{
    kr_head_job *j = arg;
    const kr_head *h = j->h;
    (void)nthreads;
    size_t r0, r1;
    while (kr_sched_next(&j->sched, tid, &r0, &r1)) {
        kr_status st = kr_head_gemv_rows(h, j->x, j->xq, j->y, r0, r1);
        if (st != KR_OK) {
            atomic_store(&j->status, st);
            break;
        }
    }
}

kr_status kr_head_gemv(const kr_head *h, const float *x, float *y, kr_pool *pool)
{
    if (!h || !x || !y)
        return KR_ERR_NULL;
    kr_head_xq xq;
    kr_status st = kr_head_xq_prepare(h, x, &xq);
    if (st != KR_OK)
        return st;
    kr_head_job j = {.h = h, .x = x, .xq = &xq, .y = y, .status = KR_OK};
    /* Pieces of 16 rows (the SIMD row blocks): 21 to 80 KB of a 2560-wide head */
    kr_sched_init(&j.sched, h->rows, 16, 16, kr_pool_threads(pool));
    kr_pool_run(pool, kr_head_worker, &j);
    kr_head_xq_free(&xq);
    return (kr_status)atomic_load(&j.status);
}
