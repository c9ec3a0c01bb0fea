/*
 * Simulator benchmark (make bench-sim): decode and prefill GEMMs on every linked configuration,
 * Gemmini-style figures per run. Results are also checked against kr_gemm_ref (a mismatch is printed,
 * it is not a test). Usage: bench_sim [config ...] (default: all linked configurations).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/sim/sim_harness.h"
#include "tritium_regs.h"

static void run_one(tsim *s, const tdrv_hwcfg *c, const char *kind, size_t m, size_t k, size_t n)
{
    ts_job j = {0};
    j.m = m, j.k = k, j.n = n, j.seed = m * 31 + k * 7 + n;
    double w0 = tsim_wall_seconds(s);
    uint64_t c0 = tsim_cycles(s);
    ts_result r;
    if (ts_run(s, &j, &r) != 0) {
        printf("  %-8s %5zux%-5zu N=%-4zu harness failure\n", kind, m, k, n);
        return;
    }
    double wall = tsim_wall_seconds(s) - w0;
    uint64_t simc = tsim_cycles(s) - c0;
    uint64_t busy = r.busy_cycles;
    uint64_t rd = ts_perf(s, TRITIUM_REG_PERF_RD_BYTES), wr = ts_perf(s, TRITIUM_REG_PERF_WR_BYTES);
    uint64_t sw = ts_perf(s, TRITIUM_REG_PERF_STALL_WGT), sa = ts_perf(s, TRITIUM_REG_PERF_STALL_ACT);
    uint64_t so = ts_perf(s, TRITIUM_REG_PERF_STALL_OUT), comp = ts_perf(s, TRITIUM_REG_PERF_COMPUTE);
    size_t mt = (m + c->cols - 1) / c->cols, kt = (k + c->rows - 1) / c->rows;
    double wbytes = (double)mt * (double)kt * c->rows * c->cols / 4.0;
    double bus = c->data_w / 8.0;
    /* decode is bound by weight bytes over the bus, prefill by PE work */
    double ideal_bus = wbytes / bus;
    double ideal_pe = (double)m * (double)k * (double)n / ((double)c->rows * c->cols);
    double ideal = n == 1 ? ideal_bus : ideal_pe;
    printf("  %-8s %5zux%-5zu N=%-4zu cycles %9llu ideal %9.0f util %5.1f%%  rd %9llu B wr %7llu B  "
           "compute %9llu stall wgt %7llu act %6llu out %6llu  %s  sim %.2f Mcyc/s %.0f MPE-cyc/s\n",
           kind, m, k, n, (unsigned long long)busy, ideal, 100.0 * ideal / (double)busy, (unsigned long long)rd,
           (unsigned long long)wr, (unsigned long long)comp, (unsigned long long)sw, (unsigned long long)sa,
           (unsigned long long)so, r.mismatches || r.status != TRITIUM_STATUS_DONE ? "MISMATCH" : "exact",
           (double)simc / wall / 1e6, (double)simc * c->rows * c->cols / wall / 1e6);
    ts_result_free(&r);
}

int main(int argc, char **argv)
{
    unsigned nc = argc > 1 ? (unsigned)(argc - 1) : tsim_config_count();
    for (unsigned i = 0; i < nc; i++) {
        const char *name = argc > 1 ? argv[i + 1] : tsim_config_name(i);
        char err[256];
        tsim *s = tsim_create(name, NULL, err, sizeof err);
        if (!s) {
            fprintf(stderr, "bench_sim: %s\n", err);
            return 1;
        }
        tdrv_hwcfg c;
        ts_read_cfg(s, &c);
        /* DDR-like memory: a full bus beat per cycle after 40 cycles of read latency */
        tsim_mem_cfg mc = {0, 40};
        tsim_mem_config(s, &mc);
        printf("config %s: %ux%u array, %u-bit bus, act %u B, wgt %u B, acc %u words, max N %u, "
               "memory latency %u cycles\n",
               name, c.rows, c.cols, c.data_w, c.act_bytes, c.wgt_bytes, c.acc_words, c.max_n, mc.latency);
        printf("  (decode: util = weight bytes / (bus bytes x cycles); prefill: util = ideal PE cycles / cycles)\n");
        run_one(s, &c, "decode", 2560, 2560, 1);
        run_one(s, &c, "decode", 6912, 2560, 1);
        run_one(s, &c, "decode", 2560, 6912, 1);
        size_t pk = c.act_bytes / (4 * c.rows) < 2560 ? c.act_bytes / (4 * c.rows) : 2560;
        run_one(s, &c, "prefill", 1024, pk, 4 * c.rows);
        run_one(s, &c, "prefill", 640, 2560, 4 * c.rows);
        tsim_destroy(s);
    }
    return 0;
}
