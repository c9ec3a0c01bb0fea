/* Shared pieces of the kernel benchmark (bench/kernels*.c). */
#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kernels_ref/kr_pool.h"

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

/* Output-head GEMV table (128256 x 2560 in F16, Q8_0, Q6_K, int8 copy). */
int bk_head_table(kr_pool *pools[2], const bk_bw bw[2], double min_seconds);

/* Logit error of each head format against exact float logits. */
int bk_head_accuracy(kr_pool *pool);

#endif
