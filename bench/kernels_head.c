/*
 * Output-head GEMV (BitNet 2B4T: vocab 128256 x hidden 2560) in each format. The head is read once
 * per generated token, so its bytes / bandwidth is a hard floor on decode time per token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernels.h"
#include "kernels_ref/kr_blockfmt.h"
#include "kernels_fast/kr_head.h"

#define BK_VOCAB 128256u
#define BK_HIDDEN 2560u

/* A random finite half in roughly [-0.06, 0.06] (the magnitude of real embedding weights). */
static uint16_t bk_half(uint64_t *s)
{
    uint64_t r = bk_rand(s);
    return (uint16_t)((r & 0x8000u) | ((8u + (r >> 16) % 6u) << 10) | ((r >> 32) & 0x3ffu));
}

static void *bk_make(kr_head_fmt fmt, size_t *len)
{
    uint64_t s = 0xfeedbeefull;
    const size_t n = (size_t)BK_VOCAB * BK_HIDDEN;
    size_t bytes = fmt == KR_HEAD_F16 ? n * 2 : fmt == KR_HEAD_Q8_0 ? n / KR_Q8_0_BLOCK * KR_Q8_0_BYTES
                                                                    : n / KR_Q6_K_BLOCK * KR_Q6_K_BYTES;
    uint8_t *d = malloc(bytes);
    if (!d)
        return NULL;
    for (size_t i = 0; i + 8 <= bytes; i += 8) {
        uint64_t r = bk_rand(&s);
        memcpy(d + i, &r, 8);
    }
    /* Every block's fp16 scale must be a finite number for the data to be a real head. */
    if (fmt == KR_HEAD_F16) {
        for (size_t i = 0; i < n; i++) {
            uint16_t h = bk_half(&s);
            memcpy(d + 2 * i, &h, 2);
        }
    } else if (fmt == KR_HEAD_Q8_0) {
        for (size_t b = 0; b < bytes / KR_Q8_0_BYTES; b++) {
            uint16_t h = (uint16_t)(0x1c00u + bk_rand(&s) % 0x400u);
            memcpy(d + b * KR_Q8_0_BYTES, &h, 2);
        }
    } else {
        for (size_t b = 0; b < bytes / KR_Q6_K_BYTES; b++) {
            uint16_t h = (uint16_t)(0x1400u + bk_rand(&s) % 0x400u);
            memcpy(d + b * KR_Q6_K_BYTES + 208, &h, 2);
        }
    }
    *len = bytes;
    return d;
}

typedef struct {
    const kr_head *h;
    const float *x;
    float *y;
    kr_pool *pool;
} bk_head_ctx;

static void bk_head_call(void *arg)
{
    bk_head_ctx *c = arg;
    kr_head_gemv(c->h, c->x, c->y, c->pool);
}

static int bk_head_one(const char *label, const kr_head *h, size_t bytes, kr_pool *pools[2], const bk_reader *rd,
                       double min_s, const float *x, float *y)
{
    for (int th = 0; th < 2; th++) {
        kr_status st = kr_head_gemv(h, x, y, pools[th]);
        if (st != KR_OK) {
            fprintf(stderr, "bench: kr_head_gemv(%s): %s\n", label, kr_strerror(st));
            return -1;
        }
        bk_head_ctx c = {h, x, y, pools[th]};
        double bw = 0.0;
        const double best = bk_time_with_bw(bk_head_call, &c, pools[th], rd, bytes, min_s, &bw);
        double gbs = (double)bytes / best / 1e9;
        printf("%-10s %2d  %8.2f  %7.1f  %7.2f  %7.1f  %5.0f%%  %7.1f\n", label, th + 1, best * 1e3,
               (double)bytes / 1e6, gbs, bw, 100.0 * gbs / bw, 1.0 / best);
    }
    return 0;
}

int bk_head_table(kr_pool *pools[2], const bk_reader *rd, double min_s)
{
    printf("\noutput head GEMV %u x %u (tok/s = the head alone, one GEMV per token)\n", BK_VOCAB, BK_HIDDEN);
    printf("%-10s %2s  %8s  %7s  %7s  %7s  %6s  %7s\n", "format", "th", "time ms", "MB", "GB/s", "bw GB/s", "of bw",
           "tok/s");
    float *x = malloc(BK_HIDDEN * sizeof *x), *y = malloc((size_t)BK_VOCAB * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return -1;
    }
    uint64_t s = 99;
    for (size_t i = 0; i < BK_HIDDEN; i++)
        x[i] = (float)(bk_rand(&s) % 2001) / 1000.0f - 1.0f;
    static const kr_head_fmt fmts[] = {KR_HEAD_F16, KR_HEAD_Q8_0, KR_HEAD_Q6_K};
    int rc = 0;
    for (size_t f = 0; f < 3 && rc == 0; f++) {
        size_t len = 0;
        void *d = bk_make(fmts[f], &len);
        kr_head *h = NULL;
        kr_status st = d ? kr_head_new(&h, fmts[f], d, len, BK_VOCAB, BK_HIDDEN, 0) : KR_ERR_NOMEM;
        if (st != KR_OK) {
            fprintf(stderr, "bench: kr_head_new(%s): %s\n", kr_head_fmt_name(fmts[f]), kr_strerror(st));
            rc = -1;
        } else {
            rc = bk_head_one(kr_head_fmt_name(fmts[f]), h, len, pools, rd, min_s, x, y);
        }
        kr_head_free(h);
        if (rc == 0 && fmts[f] == KR_HEAD_F16) {
            st = kr_head_new(&h, fmts[f], d, len, BK_VOCAB, BK_HIDDEN, 1);
            if (st != KR_OK) {
                fprintf(stderr, "bench: kr_head_new(F16, int8 copy): %s\n", kr_strerror(st));
                rc = -1;
            } else {
                rc = bk_head_one("int8-copy", h, (size_t)BK_VOCAB * BK_HIDDEN, pools, rd, min_s, x, y);
            }
            kr_head_free(h);
        }
        free(d);
    }
    free(x);
    free(y);
    return rc;
}
