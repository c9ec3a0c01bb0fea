/*
 * Simulator benchmark (make bench-sim): decode and prefill GEMMs on every named configuration,
 * Gemmini-style figures per run. Results are also checked against kr_gemm_ref (a mismatch is printed,
 * it is not a test). The device is reached through the driver's sim backend; "sim" figures are simulated
 * cycles per host second of the wait. Usage: bench_sim [config ...] (names, or parameter lists such as rows=32,cols=32,bus=512; default: every named configuration).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/sim/sim_harness.h"
#include "tritium_regs.h"

static void run_one(tdrv_dev *d, const char *kind, size_t m, size_t k, size_t n)
{
    const tdrv_hwcfg *c = ts_hw(d);
    ts_job j = {0};
    j.m = m, j.k = k, j.n = n, j.seed = m * 31 + k * 7 + n;
    ts_result r;
    if (ts_run(d, &j, &r) != 0) {
        printf("  %-8s %5zux%-5zu N=%-4zu harness failure\n", kind, m, k, n);
        return;
    }
    const tdrv_perf *p = &r.perf;
    size_t mt = (m + c->cols - 1) / c->cols, kt = (k + c->rows - 1) / c->rows;
    double wbytes = (double)mt * (double)kt * c->rows * c->cols / 4.0;
    double bus = c->data_w / 8.0;
    /* decode is bound by weight bytes over the bus, prefill by PE work */
    double ideal_bus = wbytes / bus;
    double ideal_pe = (double)m * (double)k * (double)n / ((double)c->rows * c->cols);
    double ideal = n == 1 ? ideal_bus : ideal_pe;
    double simc = (double)r.waited, wall = r.wait_seconds;
    printf("  %-8s %5zux%-5zu N=%-4zu cycles %9llu ideal %9.0f util %5.1f%%  rd %9llu B wr %7llu B  "
           "compute %9llu stall wgt %7llu act %6llu out %6llu  %s  sim %.2f Mcyc/s %.0f MPE-cyc/s\n",
           kind, m, k, n, (unsigned long long)p->busy, ideal, 100.0 * ideal / (double)p->busy,
           (unsigned long long)p->rd_bytes, (unsigned long long)p->wr_bytes, (unsigned long long)p->compute,
           (unsigned long long)p->stall_wgt, (unsigned long long)p->stall_act, (unsigned long long)p->stall_out,
           r.mismatches || r.status != TRITIUM_STATUS_DONE ? "MISMATCH" : "exact", simc / wall / 1e6,
           simc * c->rows * c->cols / wall / 1e6);
    ts_result_free(&r);
}

int main(int argc, char **argv)
{
    unsigned nc = argc > 1 ? (unsigned)(argc - 1) : ts_config_count();
    for (unsigned i = 0; i < nc; i++) {
        const char *name = argc > 1 ? argv[i + 1] : ts_config_name(i);
        char err[512];
        tdrv_dev *d = ts_open(name, 0, err, sizeof err);
        if (!d) {
            fprintf(stderr, "bench_sim: %s\n", err);
            return 1;
        }
        const tdrv_hwcfg *c = ts_hw(d);
        /* DDR-like memory: a full bus beat per cycle after 40 cycles of read latency */
        const uint32_t latency = 40;
        if (tdrv_mem_speed(d, 0, latency) != TDRV_OK) {
            fprintf(stderr, "bench_sim: %s: the memory model's speed cannot be set\n", name);
            tdrv_close(d);
            return 1;
        }
        printf("config %s: %ux%u array, %u-bit bus, act %u B, wgt %u B, acc %u words, max N %u, "
               "memory latency %u cycles\n",
               name, c->rows, c->cols, c->data_w, c->act_bytes, c->wgt_bytes, c->acc_words, c->max_n, latency);
        printf("  (decode: util = weight bytes / (bus bytes x cycles); prefill: util = ideal PE cycles / cycles)\n");
        run_one(d, "decode", 2560, 2560, 1);
        run_one(d, "decode", 6912, 2560, 1);
        run_one(d, "decode", 2560, 6912, 1);
        size_t pk = c->act_bytes / (4 * c->rows) < 2560 ? c->act_bytes / (4 * c->rows) : 2560;
        run_one(d, "prefill", 1024, pk, 4 * c->rows);
        run_one(d, "prefill", 640, 2560, 4 * c->rows);
        tdrv_close(d);
    }
    return 0;
}
