/* STREAM-like memory bandwidth, measured in the same run as the kernels so the bound is current. */
#include <stdlib.h>
#include <string.h>

#include "bench/kernels.h"

#define BK_BW_BYTES ((size_t)512 << 20)

typedef struct {
    const uint64_t *src;
    uint64_t *dst;
    size_t words;
    uint64_t sink[64];
    int copy;
} bk_bw_job;

static void bk_bw_worker(void *arg, int tid, int nthreads)
{
    bk_bw_job *j = arg;
    size_t w0 = j->words * (size_t)tid / (size_t)nthreads, w1 = j->words * (size_t)(tid + 1) / (size_t)nthreads;
    if (j->copy) {
        memcpy(j->dst + w0, j->src + w0, (w1 - w0) * 8);
        return;
    }
    /* 16-byte vector loads, four independent chains per 64-byte line and a prefetch 1 KB ahead, so
     * the loop is limited by memory, not by the core. */
    typedef uint64_t bk_v2 __attribute__((vector_size(16)));
    bk_v2 a = {0, 0}, b = a, c = a, d = a;
    size_t i = w0;
    for (; i + 8 <= w1; i += 8) {
        __builtin_prefetch(j->src + i + 128);
        bk_v2 v0, v1, v2, v3;
        memcpy(&v0, j->src + i, 16);
        memcpy(&v1, j->src + i + 2, 16);
        memcpy(&v2, j->src + i + 4, 16);
        memcpy(&v3, j->src + i + 6, 16);
        a += v0;
        b ^= v1;
        c += v2;
        d ^= v3;
    }
    bk_v2 r = a + b + c + d;
    j->sink[tid % 64] = r[0] + r[1];
}

int bk_measure_bw(kr_pool *pool, double min_seconds, bk_bw *out)
{
    uint64_t *src = malloc(BK_BW_BYTES), *dst = malloc(BK_BW_BYTES);
    if (!src || !dst) {
        free(src);
        free(dst);
        return -1;
    }
    memset(src, 1, BK_BW_BYTES);
    memset(dst, 2, BK_BW_BYTES);
    bk_bw_job j = {src, dst, BK_BW_BYTES / 8, {0}, 0};
    for (int copy = 0; copy < 2; copy++) {
        j.copy = copy;
        kr_pool_run(pool, bk_bw_worker, &j); /* warm-up: page tables, frequency */
        double best = 1e30, t_end = bk_now() + min_seconds;
        int reps = 0;
        while (reps < 3 || bk_now() < t_end) {
            double t0 = bk_now();
            kr_pool_run(pool, bk_bw_worker, &j);
            double dt = bk_now() - t0;
            best = dt < best ? dt : best;
            reps++;
        }
        double gbs = (double)BK_BW_BYTES * (copy ? 2.0 : 1.0) / best / 1e9;
        if (copy)
            out->copy_gbs = gbs;
        else
            out->read_gbs = gbs;
    }
    free(src);
    free(dst);
    return 0;
}

#define BK_READER_BYTES ((size_t)256 << 20)

int bk_reader_init(bk_reader *r)
{
    r->bytes = BK_READER_BYTES;
    r->buf = malloc(r->bytes);
    if (!r->buf)
        return -1;
    memset(r->buf, 3, r->bytes);
    return 0;
}

void bk_reader_free(bk_reader *r)
{
    free(r->buf);
    r->buf = NULL;
}

double bk_read_pass(kr_pool *pool, const bk_reader *r, size_t bytes, size_t *offset)
{
    if (!r->buf)
        return 0.0;
    bytes = bytes > r->bytes ? r->bytes : (bytes < 4096 ? 4096 : bytes);
    if (*offset + bytes > r->bytes)
        *offset = 0;
    bk_bw_job j = {r->buf + *offset / 8, NULL, bytes / 8, {0}, 0};
    *offset += (bytes + 4095) / 4096 * 4096;
    double t0 = bk_now();
    kr_pool_run(pool, bk_bw_worker, &j);
    return (double)(bytes / 8 * 8) / (bk_now() - t0) / 1e9;
}

double bk_time_with_bw(void (*fn)(void *), void *ctx, kr_pool *pool, const bk_reader *r, size_t bytes,
                       double min_s, double *bw_gbs)
{
    size_t off = 0;
    fn(ctx); /* warm-up */
    double best = 1e30, bw = 0.0, t_end = bk_now() + min_s;
    int reps = 0, passes = 0;
    while (reps < 3 || passes < 3 || bk_now() < t_end) {
        double t0 = bk_now();
        fn(ctx);
        double dt = bk_now() - t0;
        best = dt < best ? dt : best;
        reps++;
        /* Alternate kernel runs and read passes of the same size. */
        {
            double g = bk_read_pass(pool, r, bytes, &off);
            bw = g > bw ? g : bw;
            passes++;
        }
    }
    *bw_gbs = bw;
    return best;
}
