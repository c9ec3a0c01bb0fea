/* Canonical ternary matrix: allocation, validation and float conversion. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_ternary.h"

kr_status kr_tern_alloc(kr_tern *w, size_t rows, size_t cols)
{
    if (!w)
        return KR_ERR_NULL;
    memset(w, 0, sizeof *w);
    if (rows == 0 || cols == 0 || cols > SIZE_MAX - 3u)
        return KR_ERR_SIZE;
    size_t stride = kr_tern_row_bytes(cols);
    if (rows > SIZE_MAX / stride)
        return KR_ERR_SIZE;
    w->codes = calloc(rows * stride, 1);
    if (!w->codes)
        return KR_ERR_NOMEM;
    w->rows = rows;
    w->cols = cols;
    w->stride = stride;
    w->scale = 1.0f;
    return KR_OK;
}

void kr_tern_free(kr_tern *w)
{
    if (!w)
        return;
    free(w->codes);
    memset(w, 0, sizeof *w);
}

/* Nonzero iff some 2-bit field of byte b is the invalid code 10 (high bit set, low bit clear). */
static unsigned bad_fields(unsigned b) { return (b >> 1) & ~b & 0x55u; }

kr_status kr_tern_validate(const kr_tern *w)
{
    if (!w || !w->codes)
        return KR_ERR_NULL;
    if (w->rows == 0 || w->cols == 0 || w->stride != kr_tern_row_bytes(w->cols))
        return KR_ERR_SIZE;
    /* Codes past cols in the last byte of a row must be 00. */
    const unsigned tail = (unsigned)(w->cols % 4u);
    const unsigned tail_mask = tail ? (0xffu << (2u * tail)) & 0xffu : 0u;
    for (size_t r = 0; r < w->rows; r++) {
        const uint8_t *row = w->codes + r * w->stride;
        unsigned bad = 0;
        for (size_t i = 0; i < w->stride; i++)
            bad |= bad_fields(row[i]);
        if (bad || (row[w->stride - 1] & tail_mask))
            return KR_ERR_CODE;
    }
    return KR_OK;
}

kr_status kr_tern_from_float(kr_tern *w, const float *W, size_t rows, size_t cols)
{
    if (!w || !W)
        return KR_ERR_NULL;
    if (rows == 0 || cols == 0 || rows > SIZE_MAX / cols)
        return KR_ERR_SIZE;
    const size_t n = rows * cols;
    /* Double accumulation: the mean of millions of weights must not depend on float summation order. */
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(W[i]))
            return KR_ERR_NONFINITE;
        sum += fabs((double)W[i]);
    }
    float scale = (float)(sum / (double)n);
    if (scale < 1e-5f)
        scale = 1e-5f;
    kr_status st = kr_tern_alloc(w, rows, cols);
    if (st != KR_OK)
        return st;
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            float v = nearbyintf(W[r * cols + c] / scale);
            kr_tern_set(w, r, c, v > 0.0f ? 1 : (v < 0.0f ? -1 : 0));
        }
    w->scale = scale;
    return KR_OK;
}

kr_status kr_tern_to_float(const kr_tern *w, float *out, size_t out_len)
{
    if (!w || !w->codes || !out)
        return KR_ERR_NULL;
    if (w->rows > SIZE_MAX / w->cols || out_len < w->rows * w->cols)
        return KR_ERR_BUFFER;
    for (size_t r = 0; r < w->rows; r++)
        for (size_t c = 0; c < w->cols; c++)
            out[r * w->cols + c] = (float)kr_tern_get(w, r, c) * w->scale;
    return KR_OK;
}
