/*
 * The token embedding / output head (tied in BitNet 2B4T): a vocab x hidden float-ish matrix kept in
 * its file format (F32, F16, Q8_0 or Q6_K), optionally with an int8 copy for a faster head GEMV.
 */
#ifndef KR_HEAD_H
#define KR_HEAD_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"
#include "kernels_fast/kr_pool.h"

typedef enum { KR_HEAD_F32 = 0, KR_HEAD_F16, KR_HEAD_Q8_0, KR_HEAD_Q6_K } kr_head_fmt;

typedef struct kr_head kr_head;

/* data (rows x cols in fmt, row-major, borrowed: must outlive the head). int8_copy: also build a
 * per-row-scaled int8 copy and use it in kr_head_gemv (faster, slightly less accurate). */
kr_status kr_head_new(kr_head **out, kr_head_fmt fmt, const void *data, size_t data_len,
                      size_t rows, size_t cols, int int8_copy);
void kr_head_free(kr_head *h);
/* Row r as floats (embedding lookup). */
kr_status kr_head_row(const kr_head *h, size_t r, float *out);
/* y[r] = dot(row r, x) for every row (logits). */
kr_status kr_head_gemv(const kr_head *h, const float *x, float *y, kr_pool *pool);
const char *kr_head_fmt_name(kr_head_fmt f);
/* Bytes one kr_head_gemv reads: the int8 copy and its scales when built, else the rows as stored. */
size_t kr_head_gemv_bytes(const kr_head *h);

#endif
