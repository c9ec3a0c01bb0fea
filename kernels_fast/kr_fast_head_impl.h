/* Internals of kr_head shared by its row kernels (not part of the public interface). */
#ifndef KR_FAST_HEAD_IMPL_H
#define KR_FAST_HEAD_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_fast/kr_head.h"

struct kr_head {
    kr_head_fmt fmt;
    const uint8_t *data; /* borrowed, rows * row_bytes */
    size_t rows, cols, row_bytes;
    int8_t *q8;          /* optional int8 copy, rows * cols, NULL when not built */
    float *q8_scale;     /* per-row scale of the int8 copy */
};

/*
 * x quantized once per GEMV for the integer kernels: per block b of qb values (256 for Q6_K and the
 * int8 copy, as llama.cpp's Q8_K; 32 for Q8_0, as its q8_0 activations), q = round(x * 127 / max|x|)
 * with d[b] = max|x| / 127. bsum[i] = sum of q over values 16i..16i+15 removes Q6_K's -32 offset;
 * corr = 128 * sum_b d[b] * sum(q of block b) removes the int8 copy's +128 offset, and
 * corr4[i] = 128 * (q[4i] + .. + q[4i+3]) the same offset per 32-bit lane for Q8_0.
 * mem is NULL when the head's row kernel takes float x.
 */
typedef struct {
    size_t qb;
    float corr;
    int8_t *q;
    float *d;
    int32_t *bsum;
    int32_t *corr4;
    void *mem;
} kr_head_xq;

kr_status kr_head_xq_prepare(const kr_head *h, const float *x, kr_head_xq *xq);
void kr_head_xq_free(kr_head_xq *xq);

/* y[r] for r in [r0, r1): picks the fastest row kernel this CPU runs. */
kr_status kr_head_gemv_rows(const kr_head *h, const float *x, const kr_head_xq *xq, float *y, size_t r0, size_t r1);

/* The AVX-512 (F, BW, VL, F16C, FMA) row kernels; callers check the CPU first. */
#if defined(__x86_64__)
kr_status kr_head_rows_avx512(const kr_head *h, const float *x, float *y, size_t r0, size_t r1);
/* AVX2 + F16C + FMA versions for CPUs without AVX-512. */
kr_status kr_head_rows_avx2(const kr_head *h, const float *x, float *y, size_t r0, size_t r1);
/* Q6_K, Q8_0 and the int8 copy against quantized x with VPDPBUSD (AVX-512 VNNI). */
void kr_head_rows_q6k_vnni(const kr_head *h, const kr_head_xq *xq, float *y, size_t r0, size_t r1);
void kr_head_rows_int8_vnni(const kr_head *h, const kr_head_xq *xq, float *y, size_t r0, size_t r1);
void kr_head_rows_q8_0_vnni(const kr_head *h, const kr_head_xq *xq, float *y, size_t r0, size_t r1);
#endif

#endif
