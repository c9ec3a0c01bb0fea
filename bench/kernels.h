/* Shared pieces of the kernel benchmark (bench/kernels*.c). */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kernels_fast/kr_pool.h"

static inline double bk_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline uint64_t bk_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Bandwidth in GB/s (1e9 bytes) measured with the given pool: reading, and copying (read + write). */
typedef struct {
    double read_gbs, copy_gbs;
} bk_bw;
int bk_measure_bw(kr_pool *pool, double min_seconds, bk_bw *out);

/* A 256 MB buffer for read passes: kernel timings interleave passes that read as many bytes as the
 * kernel does (at a rotating offset, so from DRAM), so both are best-of runs of the same length
 * under the same machine load. */
typedef struct {
    uint64_t *buf;
    size_t bytes;
} bk_reader;
int bk_reader_init(bk_reader *r);
void bk_reader_free(bk_reader *r);
double bk_read_pass(kr_pool *pool, const bk_reader *r, size_t bytes, size_t *offset);

/* Best-of timing of fn(ctx) for at least min_s seconds, interleaved with read passes; returns the
 * best time in seconds and the best read bandwidth seen meanwhile in *bw_gbs. */
double bk_time_with_bw(void (*fn)(void *), void *ctx, kr_pool *pool, const bk_reader *r, size_t bytes,
                       double min_s, double *bw_gbs);

/* Output-head GEMV table (128256 x 2560 in F16, Q8_0, Q6_K, int8 copy). */
int bk_head_table(kr_pool *pools[2], const bk_reader *rd, double min_seconds);

/* Logit error of each head format against exact float logits. */
int bk_head_accuracy(kr_pool *pool);

#endif
