/*
 * Compares the timing model with the RTL: reads bench_sim's output (the Verilator model's PERF_*
 * counters per GEMM) on stdin and prints, for each GEMM, the model's cycles and stalls next to the
 * RTL's with the errors. Usage: build/bench/bench_sim [config ...] | tlm_calib
 * Buffers are placed as the sim backend's allocator places bench_sim's (weights at the heap base,
 * activations and results after them, each aligned to max(bus bytes, 64)); the memory is bench_sim's
 * (a full beat per cycle, the latency its header line gives).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/tlm/tlm_timing.h"
#include "tritium_regs.h"

typedef struct {
    const char *name;
    tlm_hw hw;
} named_cfg;

#define CFG_ROW(name, doc, rows, cols, data_w, addr_w, act, wgt, acc, rdb, wrb, wf) \
    {#name, {rows, cols, data_w, act, wgt, acc, rdb, wrb}},
static const named_cfg cfgs[] = {TRITIUM_CONFIGS(CFG_ROW)};
#undef CFG_ROW

enum { HEAP_BASE = 0x00100000 }; /* driver/sim/tdrv_sim.c SIM_DEV_BASE */

static uint64_t up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

static double pct(double model, double rtl) { return rtl ? 100.0 * (model - rtl) / rtl : 0.0; }

int main(void)
{
    char line[1024];
    const tlm_hw *hw = NULL;
    tlm_mem mem = {0, 40, 16};
    double worst = 0.0, worst_stall = 0.0, mcyc = 0.0, secs = 0.0;
    while (fgets(line, sizeof line, stdin)) {
        char name[128];
        unsigned lat;
        if (sscanf(line, "config %127[^:]:", name) == 1) {
            hw = NULL;
            for (size_t i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++)
                if (!strcmp(cfgs[i].name, name)) hw = &cfgs[i].hw;
            const char *l = strstr(line, "memory latency ");
            if (l && sscanf(l, "memory latency %u", &lat) == 1) mem.latency = lat;
            printf("config %s%s (memory: full beat per cycle, latency %u)\n", name, hw ? "" : ": not a named "
                   "configuration, skipped", mem.latency);
            if (hw)
                printf("  %-8s %-5s %11s %5s %10s %10s %7s   %-21s %-21s %s\n", "run", "fmt", "M x K", "N",
                       "RTL cyc", "model cyc", "err", "stall wgt/act/out RTL", "model", "stall err (% of cycles)");
            continue;
        }
        char kind[16], fmt[16];
        unsigned long m, k, n;
        unsigned long long cyc, sw, sa, so;
        const char *st = strstr(line, "stall wgt");
        if (!hw || !st || sscanf(line, " %15s %15s %lux%lu N=%lu cycles %llu", kind, fmt, &m, &k, &n, &cyc) != 6 ||
            sscanf(st, "stall wgt %llu act %llu out %llu", &sw, &sa, &so) != 3)
            continue;
        const int b3 = !strcmp(fmt, "base3");
        const uint64_t bus = hw->data_w / 8, al = bus > 64 ? bus : 64;
        const uint64_t tiles = ((m + hw->cols - 1) / hw->cols) * ((k + hw->rows - 1) / hw->rows);
        uint64_t wbytes = tiles * hw->rows * hw->cols / 4;
        if (b3) wbytes = up((wbytes * 4 + 4) / 5, al);
        const uint64_t xs = up(k, al), ys = up(4 * m, al);
        tlm_cmd c = {0};
        c.w = HEAP_BASE;
        c.x = up(c.w + up(wbytes, al), al);
        c.y = up(c.x + up(xs * n, al), al);
        c.m = (uint32_t)m, c.k = (uint32_t)k, c.n = (uint32_t)n;
        c.x_stride = (uint32_t)xs, c.y_stride = (uint32_t)ys;
        c.base3 = b3;
        tlm_perf p;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (tlm_timing_run(hw, &mem, &c, &p) != 0) {
            printf("  %-8s %-5s %5lux%-5lu %5lu model refused the command\n", kind, fmt, m, k, n);
            continue;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        secs += (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        mcyc += (double)p.busy;
        const double e = pct((double)p.busy, (double)cyc);
        /* stall errors as a share of the run's cycles (the 5% criterion) */
        double es = 0.0, d[3] = {(double)p.stall_wgt - (double)sw, (double)p.stall_act - (double)sa,
                                 (double)p.stall_out - (double)so};
        for (int i = 0; i < 3; i++)
            if (100.0 * (d[i] < 0 ? -d[i] : d[i]) / (double)cyc > es) es = 100.0 * (d[i] < 0 ? -d[i] : d[i]) / (double)cyc;
        if ((e < 0 ? -e : e) > worst) worst = e < 0 ? -e : e;
        if (es > worst_stall) worst_stall = es;
        char rs[64], ms[64];
        snprintf(rs, sizeof rs, "%llu/%llu/%llu", sw, sa, so);
        snprintf(ms, sizeof ms, "%llu/%llu/%llu", (unsigned long long)p.stall_wgt, (unsigned long long)p.stall_act,
                 (unsigned long long)p.stall_out);
        printf("  %-8s %-5s %5lux%-5lu %5lu %10llu %10llu %+6.2f%%   %-21s %-21s %.2f%%\n", kind, fmt, m, k, n, cyc,
               (unsigned long long)p.busy, e, rs, ms, es);
    }
    printf("worst cycle error %.2f%%, worst stall error %.2f%% of cycles; model speed %.1f M cycles/s\n", worst,
           worst_stall, secs > 0 ? mcyc / secs / 1e6 : 0.0);
    return 0;
}
