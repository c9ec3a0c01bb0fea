/*
 * The fast model on BitNet 2B4T's real shapes, with functional results (make bench-tlm): every ternary
 * matmul of the model's 30 layers (random weights, the model's shapes and counts) through the runtime's
 * "tlm" backend, beside the "cpu" backend in the same run, then the same shapes on the RTL ("sim") for
 * the model's error. Prints, per phase: wall time, modeled device cycles and modeled cycles per second
 * of wall time. Usage:
 *   bench_tlm_model [--config C] [--weights 2bit|base3] [--layers L] [--prefill P] [--decode D] [--rtl 0|1]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels_ref/kr_ternary.h"
#include "runtime/backend/rt_backend.h"

/* 2B4T's ternary matmuls per layer: M x K and how many (q, o; k, v; gate, up; down) */
static const struct {
    size_t m, k, count;
} shapes[] = {{2560, 2560, 2}, {640, 2560, 2}, {6912, 2560, 2}, {2560, 6912, 1}};
#define NSHAPES (sizeof shapes / sizeof shapes[0])
#define PER_LAYER 7

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return *s;
}

static void die(const char *what, const char *err)
{
    fprintf(stderr, "bench_tlm_model: %s: %s\n", what, err);
    exit(1);
}

typedef struct {
    rt_backend *b;
    rt_weights **w; /* layers * PER_LAYER */
} prepared;

/* One pass over every matmul of the model at N tokens; returns the wall seconds. */
static double pass(prepared *p, const kr_tern *mats, size_t nmats, const int8_t *q, size_t n, int32_t *y)
{
    char err[512];
    double t0 = now();
    for (size_t i = 0; i < nmats; i++)
        if (rt_backend_matmul(p->b, p->w[i], q, n, mats[i].cols, y, mats[i].rows, err, sizeof err))
            die("matmul", err);
    return now() - t0;
}

static void prepare(prepared *p, const char *name, const rt_backend_opts *o, const kr_tern *mats, size_t nmats)
{
    char err[512];
    p->b = rt_backend_open(name, o, err, sizeof err);
    if (!p->b)
        die(name, err);
    p->w = calloc(nmats, sizeof *p->w);
    for (size_t i = 0; i < nmats; i++)
        if (rt_backend_prepare(p->b, &mats[i], &p->w[i], err, sizeof err))
            die("prepare", err);
}

static void unprepare(prepared *p, size_t nmats)
{
    for (size_t i = 0; i < nmats; i++)
        rt_backend_release(p->b, p->w[i]);
    free(p->w);
    rt_backend_close(p->b);
}

int main(int argc, char **argv)
{
    const char *config = NULL, *weights = NULL;
    size_t layers = 30, prefill = 128, decode = 3;
    int rtl = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--config")) config = argv[i + 1];
        else if (!strcmp(argv[i], "--weights")) weights = argv[i + 1];
        else if (!strcmp(argv[i], "--layers")) layers = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--prefill")) prefill = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--decode")) decode = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--rtl")) rtl = atoi(argv[i + 1]);
        else die(argv[i], "unknown option");
    }
    if (!layers || !prefill || !decode)
        die("options", "--layers, --prefill and --decode take positive counts");
    const size_t nmats = layers * PER_LAYER;
    kr_tern *mats = calloc(nmats, sizeof *mats);
    uint64_t seed = 88172645463325252ull;
    /* a byte of four valid codes (00, 01, 11), uniformly */
    uint8_t valid[81];
    for (unsigned v = 0, n = 0; v < 256; v++) {
        unsigned ok = 1;
        for (unsigned j = 0; j < 4; j++) ok &= ((v >> (2 * j)) & 3u) != 2u;
        if (ok) valid[n++] = (uint8_t)v;
    }
    double t0 = now();
    for (size_t l = 0, i = 0; l < layers; l++)
        for (size_t s = 0; s < NSHAPES; s++)
            for (size_t c = 0; c < shapes[s].count; c++, i++) {
                if (kr_tern_alloc(&mats[i], shapes[s].m, shapes[s].k) != KR_OK)
                    die("weights", "out of memory");
                for (size_t b = 0; b < mats[i].rows * mats[i].stride; b++)
                    mats[i].codes[b] = valid[rng(&seed) % 81];
            }
    const size_t kmax = 6912, mmax = 6912;
    int8_t *q = malloc(prefill * kmax);
    int32_t *y = malloc(prefill * mmax * sizeof *y);
    for (size_t i = 0; i < prefill * kmax; i++)
        q[i] = (int8_t)(rng(&seed) & 0xFF);
    printf("2B4T shapes x %zu layers (%zu ternary matmuls, random weights made in %.1f s)\n", layers, nmats,
           now() - t0);

    rt_backend_opts o = {.config = config, .weights = weights};
    prepared tlm, cpu;
    t0 = now();
    prepare(&tlm, "tlm", &o, mats, nmats);
    const double prep = now() - t0;
    rt_hwinfo hw;
    rt_backend_hwinfo(tlm.b, &hw);
    printf("tlm: config %s, %s weights; device layout packed in %.1f s\n", hw.config, hw.weights, prep);
    rt_backend_opts co = {0};
    prepare(&cpu, "cpu", &co, mats, nmats);

    /* the first pass converts each matrix's stream for the kernels (once per model) */
    double first = pass(&tlm, mats, nmats, q, 1, y);
    rt_stats s0 = *rt_backend_stats(tlm.b);
    double dec = 0;
    for (size_t t = 0; t < decode; t++)
        dec += pass(&tlm, mats, nmats, q, 1, y);
    rt_stats s1 = *rt_backend_stats(tlm.b);
    double pre = pass(&tlm, mats, nmats, q, prefill, y);
    rt_stats s2 = *rt_backend_stats(tlm.b);
    double cdec = 0;
    for (size_t t = 0; t < decode; t++)
        cdec += pass(&cpu, mats, nmats, q, 1, y);
    double cpre = pass(&cpu, mats, nmats, q, prefill, y);
    const double dcyc = (double)(s1.cycles - s0.cycles) / (double)decode, pcyc = (double)(s2.cycles - s1.cycles);
    printf("first pass (stream conversion for the kernels, once per model): %.2f s\n", first);
    printf("decode token:     tlm %7.3f s wall, %12.0f device cycles, %8.1f M modeled cycles/s | cpu %7.3f s | "
           "tlm/cpu %.2fx\n",
           dec / (double)decode, dcyc, dcyc / (dec / (double)decode) / 1e6, cdec / (double)decode, dec / cdec);
    printf("prefill %4zu:     tlm %7.3f s wall, %12.0f device cycles, %8.1f M modeled cycles/s | cpu %7.3f s | "
           "tlm/cpu %.2fx\n",
           prefill, pre, pcyc, pcyc / pre / 1e6, cpre, pre / cpre);
    printf("modeled at %.0f MHz: decode %.2f tokens/s, prefill %.1f tokens/s (device alone)\n", hw.freq_mhz,
           hw.freq_mhz * 1e6 / dcyc, (double)prefill * hw.freq_mhz * 1e6 / pcyc);
    unprepare(&cpu, nmats);

    if (rtl) {
        /* the same shapes on the RTL: one matmul of each at N = 1, and 640 x 2560 at N = 8 */
        prepared sim;
        prepare(&sim, "sim", &o, mats, PER_LAYER);
        printf("against the RTL (sim backend, same configuration and weights):\n");
        for (size_t i = 0; i < PER_LAYER + 1; i++) {
            const size_t mi = i < PER_LAYER ? i : 2, n = i < PER_LAYER ? 1 : 8;
            if (i < PER_LAYER && i > 0 && mats[i].rows == mats[i - 1].rows && mats[i].cols == mats[i - 1].cols)
                continue;
            char err[512];
            rt_stats a0 = *rt_backend_stats(sim.b), b0 = *rt_backend_stats(tlm.b);
            double ts = now();
            if (rt_backend_matmul(sim.b, sim.w[mi], q, n, mats[mi].cols, y, mats[mi].rows, err, sizeof err))
                die("sim", err);
            ts = now() - ts;
            if (rt_backend_matmul(tlm.b, tlm.w[mi], q, n, mats[mi].cols, y, mats[mi].rows, err, sizeof err))
                die("tlm", err);
            rt_stats a1 = *rt_backend_stats(sim.b), b1 = *rt_backend_stats(tlm.b);
            const double ca = (double)(a1.cycles - a0.cycles), cb = (double)(b1.cycles - b0.cycles);
            printf("  %5zu x %-5zu N %zu: RTL %9.0f cycles (%.1f s), tlm %9.0f: %+.2f%%; stalls w/a/o RTL "
                   "%llu/%llu/%llu, tlm %llu/%llu/%llu\n",
                   mats[mi].rows, mats[mi].cols, n, ca, ts, cb, 100.0 * (cb - ca) / ca,
                   (unsigned long long)(a1.stall_weight - a0.stall_weight),
                   (unsigned long long)(a1.stall_act - a0.stall_act), (unsigned long long)(a1.stall_out - a0.stall_out),
                   (unsigned long long)(b1.stall_weight - b0.stall_weight),
                   (unsigned long long)(b1.stall_act - b0.stall_act), (unsigned long long)(b1.stall_out - b0.stall_out));
        }
        unprepare(&sim, PER_LAYER);
    }
    unprepare(&tlm, nmats);
    for (size_t i = 0; i < nmats; i++)
        kr_tern_free(&mats[i]);
    free(mats), free(q), free(y);
    return 0;
}
