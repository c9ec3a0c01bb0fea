/* Measuring the host model's figures (sw_host.h). */
#include "runtime/sweep/sw_host.h"
#include "kernels_fast/kr_ops.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int sw_host_measure(double *gbs, double *gflops)
{
    enum { BYTES = 256 << 20 };
    uint64_t *buf = malloc(BYTES);
    if (!buf)
        return -1;
    memset(buf, 1, BYTES);
    const size_t n = BYTES / sizeof *buf;
    double best = 1e30;
    volatile uint64_t sink = 0;
    for (int rep = 0; rep < 3; rep++) {
        uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        const double t0 = now();
        for (size_t i = 0; i < n; i += 4)
            s0 += buf[i], s1 += buf[i + 1], s2 += buf[i + 2], s3 += buf[i + 3];
        const double t = now() - t0;
        sink += s0 + s1 + s2 + s3;
        if (t < best)
            best = t;
    }
    free(buf);
    *gbs = (double)BYTES / best / 1e9;
    /* the runtime's own float kernel (kr_dot_f32: SIMD as CPUID allows) on a vector held in L1 */
    enum { N = 2048 };
    static const size_t reps = 20000;
    float *x = malloc(2 * N * sizeof *x);
    if (!x)
        return -1;
    for (size_t i = 0; i < 2 * N; i++)
        x[i] = (float)(i % 7) * 0.25f;
    float s = 0;
    const double t0 = now();
    for (size_t r = 0; r < reps; r++)
        s += kr_dot_f32(x, x + N, N);
    const double t = now() - t0;
    free(x);
    sink += (uint64_t)s;
    (void)sink;
    *gflops = 2.0 * N * (double)reps / t / 1e9;
    return 0;
}
