/*
 * Simulator benchmark (make bench-sim): decode and prefill GEMMs on every named configuration,
 * Gemmini-style figures per run. Results are also checked against kr_gemm_ref (a mismatch is printed,
 * it is not a test). The device is reached through the driver's sim backend; "sim" figures are simulated
 * cycles per host second of the wait. Decode runs BitNet 2B4T's four GEMV shapes in each weight format
 * the configuration decodes, and prints the device cycles of one 2B4T token's ternary matmuls. Usage: bench_sim [config ...] (names, or parameter lists such as rows=32,cols=32,bus=512; default: every named configuration).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv_layout.h"
#include "runtime/backend/rt_backend.h"
#include "tests/sim/sim_harness.h"
#include "tritium_regs.h"

/* Runs one GEMM; returns its busy cycles (0 on failure). Decode rows use weights in format f. */
static uint64_t run_one(tdrv_dev *d, const char *kind, size_t m, size_t k, size_t n, tdrv_wfmt f)
{
    const tdrv_hwcfg *c = ts_hw(d);
    ts_job j = {0};
    j.m = m, j.k = k, j.n = n, j.seed = m * 31 + k * 7 + n, j.wfmt = f;
    ts_result r;
    if (ts_run(d, &j, &r) != 0) {
        printf("  %-8s %-5s %5zux%-5zu N=%-4zu harness failure\n", kind, tdrv_wfmt_name(f), m, k, n);
        return 0;
    }
    const tdrv_perf *p = &r.perf;
    double wbytes = (double)tdrv_layout_bytes_fmt(c, f, m, k);
    double bus = c->data_w / 8.0;
    /* decode is bound by weight bytes over the bus, prefill by PE work */
    double ideal_bus = wbytes / bus;
    double ideal_pe = (double)m * (double)k * (double)n / ((double)c->rows * c->cols);
    double ideal = n == 1 ? ideal_bus : ideal_pe;
    double simc = (double)r.waited, wall = r.wait_seconds;
    int ok = !r.mismatches && r.status == TRITIUM_STATUS_DONE;
    printf("  %-8s %-5s %5zux%-5zu N=%-4zu cycles %9llu ideal %9.0f util %5.1f%%  rd %9llu B wr %7llu B  "
           "compute %9llu stall wgt %7llu act %6llu out %6llu  %s  sim %.2f Mcyc/s %.0f MPE-cyc/s\n",
           kind, tdrv_wfmt_name(f), m, k, n, (unsigned long long)p->busy, ideal, 100.0 * ideal / (double)p->busy,
           (unsigned long long)p->rd_bytes, (unsigned long long)p->wr_bytes, (unsigned long long)p->compute,
           (unsigned long long)p->stall_wgt, (unsigned long long)p->stall_act, (unsigned long long)p->stall_out,
           ok ? "exact" : "MISMATCH", simc / wall / 1e6, simc * c->rows * c->cols / wall / 1e6);
    ts_result_free(&r);
    return ok ? p->busy : 0;
}

/* BitNet b1.58 2B4T's ternary matmuls per layer (M x K, how many) and its 30 layers: q, o; k, v; gate,
   up; down. */
static const struct { size_t m, k, count; } shapes_2b4t[] = {
    {2560, 2560, 2}, {640, 2560, 2}, {6912, 2560, 2}, {2560, 6912, 1}};
#define LAYERS_2B4T 30

/* The decode GEMVs of 2B4T in format f; the device cycles of one token's ternary matmuls (0 on failure). */
static uint64_t decode_2b4t(tdrv_dev *d, tdrv_wfmt f)
{
    uint64_t per_layer = 0;
    for (size_t s = 0; s < sizeof shapes_2b4t / sizeof shapes_2b4t[0]; s++) {
        uint64_t c = run_one(d, "decode", shapes_2b4t[s].m, shapes_2b4t[s].k, 1, f);
        if (!c)
            return 0;
        per_layer += c * shapes_2b4t[s].count;
    }
    return per_layer * LAYERS_2B4T;
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
        uint64_t tok[2] = {decode_2b4t(d, TDRV_WFMT_2BIT), 0};
        if (tdrv_wfmt_supported(c, TDRV_WFMT_BASE3))
            tok[1] = decode_2b4t(d, TDRV_WFMT_BASE3);
        printf("  2B4T decode, ternary matmuls only, at %.0f MHz: 2bit %llu cycles/token = %.2f tokens/s",
               RT_DEFAULT_FREQ_MHZ, (unsigned long long)tok[0], tok[0] ? RT_DEFAULT_FREQ_MHZ * 1e6 / (double)tok[0] : 0.0);
        if (tok[1])
            printf("; base3 %llu cycles/token = %.2f tokens/s (%.3fx)", (unsigned long long)tok[1],
                   RT_DEFAULT_FREQ_MHZ * 1e6 / (double)tok[1], tok[0] ? (double)tok[0] / (double)tok[1] : 0.0);
        else
            printf("; base3 not decoded by this configuration");
        printf("\n");
        size_t pk = c->act_bytes / (4 * c->rows) < 2560 ? c->act_bytes / (4 * c->rows) : 2560;
        run_one(d, "prefill", 1024, pk, 4 * c->rows, TDRV_WFMT_2BIT);
        run_one(d, "prefill", 640, 2560, 4 * c->rows, TDRV_WFMT_2BIT);
        if (tdrv_wfmt_supported(c, TDRV_WFMT_BASE3))
            run_one(d, "prefill", 640, 2560, 4 * c->rows, TDRV_WFMT_BASE3);
        tdrv_close(d);
    }
    return 0;
}
