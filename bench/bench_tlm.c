/*
 * The fast model's timing speed (make bench-tlm, first version: the timing model alone, no SystemC,
 * no functional results yet): one BitNet 2B4T decode token's and a 128-token prefill's ternary
 * matmuls on each configuration given (default: the default one), in both weight formats where
 * decoded, every GEMM run through sim/tlm/tlm_timing, then again memoized (tlm_timing_cache.h), at bench-sim's memory (a
 * full beat per cycle, latency 40). Prints modeled device cycles, wall time and modeled cycles/s.
 * Usage: bench_tlm [config ...]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sim/tlm/tlm_timing.h"
#include "sim/tlm/tlm_timing_cache.h"
#include "tritium_regs.h"

typedef struct {
    const char *name;
    tlm_hw hw;
    uint32_t wformats;
} named_cfg;
#define CFG_ROW(name, doc, rows, cols, data_w, addr_w, act, wgt, acc, rdb, wrb, wf) \
    {#name, {rows, cols, data_w, act, wgt, acc, rdb, wrb}, wf},
static const named_cfg cfgs[] = {TRITIUM_CONFIGS(CFG_ROW)};
#undef CFG_ROW

/* 2B4T's ternary matmuls per layer (M x K, how many) and its 30 layers (as bench/bench_sim.c) */
static const struct { uint32_t m, k, count; } shapes[] = {{2560, 2560, 2}, {640, 2560, 2}, {6912, 2560, 2}, {2560, 6912, 1}};
enum { LAYERS = 30 };

static uint64_t up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Every matmul of the model at N tokens; returns the device cycles, adds the wall seconds. */
static uint64_t model_pass(const tlm_hw *hw, uint32_t n, int b3, tlm_timing_cache *memo, double *secs)
{
    const tlm_mem mem = {0, 40, 16};
    const uint64_t bus = hw->data_w / 8, al = bus > 64 ? bus : 64;
    uint64_t total = 0;
    double t0 = now();
    for (unsigned l = 0; l < LAYERS; l++)
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            for (uint32_t c = 0; c < shapes[s].count; c++) {
                const uint32_t m = shapes[s].m, k = shapes[s].k;
                uint64_t wb = (uint64_t)((m + hw->cols - 1) / hw->cols) * ((k + hw->rows - 1) / hw->rows) *
                              hw->rows * hw->cols / 4;
                if (b3) wb = up((wb * 4 + 4) / 5, al);
                tlm_cmd cmd = {0x100000, 0, 0, m, k, n, (uint32_t)up(k, al), (uint32_t)up(4ull * m, al), b3};
                cmd.x = up(cmd.w + wb, al);
                cmd.y = up(cmd.x + (uint64_t)cmd.x_stride * n, al);
                tlm_perf p;
                if (tlm_timing_cached(memo, hw, &mem, &cmd, &p, NULL) != 0)
                    return 0;
                total += p.busy;
            }
    *secs += now() - t0;
    return total;
}

int main(int argc, char **argv)
{
    int nc = argc > 1 ? argc - 1 : 1;
    for (int i = 0; i < nc; i++) {
        const char *name = argc > 1 ? argv[i + 1] : cfgs[0].name;
        const named_cfg *c = NULL;
        for (size_t j = 0; j < sizeof cfgs / sizeof cfgs[0]; j++)
            if (!strcmp(cfgs[j].name, name)) c = &cfgs[j];
        if (!c) {
            fprintf(stderr, "bench_tlm: %s: not a named configuration\n", name);
            return 1;
        }
        printf("config %s (timing model only, memory latency 40, full beat per cycle)\n", name);
        for (int b3 = 0; b3 < 2; b3++) {
            if (b3 && !(c->wformats & 2)) continue;
            for (int memo = 0; memo < 2; memo++) {
                double sd = 0, sp = 0;
                tlm_timing_cache *tc = memo ? tlm_timing_cache_new() : NULL;
                if (memo && !tc) return 1;
                uint64_t dec = model_pass(&c->hw, 1, b3, tc, &sd), pre = model_pass(&c->hw, 128, b3, tc, &sp);
                tlm_timing_cache_free(tc);
                printf("  %-5s %-8s decode token %10llu cycles in %7.4f s (%7.1f M cycles/s); prefill 128 %11llu "
                       "cycles in %7.3f s (%7.1f M cycles/s)\n",
                       b3 ? "base3" : "2bit", memo ? "memo" : "no memo", (unsigned long long)dec, sd,
                       (double)dec / sd / 1e6, (unsigned long long)pre, sp, (double)pre / sp / 1e6);
            }
        }
    }
    return 0;
}
