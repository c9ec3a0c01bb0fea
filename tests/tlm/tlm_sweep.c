/*
 * The timing model (sim/tlm/tlm_timing.h) against the Verilator model on one configuration: a set of
 * shapes (odd M, K, N; K below the array; N past the largest N tile; 2B4T layer shapes at N = 1, 8,
 * 64, 128; padded strides), both weight formats where decoded, three memory speeds. Each GEMM runs
 * through the driver (tests/sim's harness, exact against kr_gemm_ref); the model gets the same
 * command (the addresses the harness used) and memory. Prints the per-shape error; exits 1 if a total
 * is off by more than 2% or a stall counter by more than 5% of the run's cycles (issue 15's bounds).
 * Usage: tlm_sweep [config]   (default: the default configuration)
 */
#include <stdio.h>
#include <stdlib.h>

#include "sim/tlm/tlm_timing.h"
#include "tests/sim/sim_harness.h"

static const struct { size_t m, k, n, x_extra, y_extra; } shapes[] = {
    {1, 1, 1, 0, 0},         {17, 33, 3, 0, 0},       {100, 300, 7, 64, 96},   {33, 8, 70, 0, 0},
    {250, 1000, 65, 0, 0},   {2560, 2560, 1, 0, 0},   {640, 2560, 1, 0, 0},    {2560, 6912, 1, 0, 0},
    {2560, 2560, 8, 0, 0},   {640, 2560, 64, 0, 0},   {640, 2560, 128, 0, 0},  {6912, 2560, 8, 0, 0},
    {1000, 4000, 9, 32, 4000},
};
static const tlm_mem mems[] = {{0, 40, 16}, {0, 0, 16}, {12, 100, 16}};

static double absd(double v) { return v < 0 ? -v : v; }

int main(int argc, char **argv)
{
    const char *cfg = argc > 1 ? argv[1] : NULL;
    char err[512];
    tdrv_dev *d = ts_open(cfg, 0, err, sizeof err);
    if (!d) {
        fprintf(stderr, "tlm_sweep: %s\n", err);
        return 2;
    }
    const tdrv_hwcfg *c = ts_hw(d);
    const tlm_hw hw = {c->rows, c->cols, c->data_w, c->act_bytes, c->wgt_bytes, c->acc_words, c->rd_bursts,
                       c->wr_bursts};
    int bad = 0;
    double worst = 0, worst_st = 0;
    printf("%-10s %-5s %16s %4s %9s %9s %7s  %-20s %-20s\n", "memory", "fmt", "M x K (pad)", "N", "RTL", "model",
           "err", "stall w/a/o RTL", "model");
    for (size_t mi = 0; mi < sizeof mems / sizeof mems[0]; mi++) {
        if (tdrv_mem_speed(d, mems[mi].bytes_per_cycle, mems[mi].latency) != TDRV_OK) {
            fprintf(stderr, "tlm_sweep: memory speed not settable\n");
            return 2;
        }
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            for (int f = 0; f < 2; f++) {
                tdrv_wfmt wf = f ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT;
                if (!tdrv_wfmt_supported(c, wf)) continue;
                ts_job j = {0};
                j.m = shapes[s].m, j.k = shapes[s].k, j.n = shapes[s].n, j.wfmt = wf;
                j.x_extra = shapes[s].x_extra, j.y_extra = shapes[s].y_extra, j.seed = 7 + s;
                ts_result r;
                if (ts_run(d, &j, &r) != 0 || r.mismatches) {
                    printf("harness failure or mismatch on %zux%zux%zu\n", j.m, j.k, j.n);
                    bad = 1;
                    continue;
                }
                const size_t al = tdrv_hwcfg_align(c);
                tlm_cmd cmd = {r.w_addr, r.x_addr, r.y_addr, (uint32_t)j.m, (uint32_t)j.k, (uint32_t)j.n,
                               (uint32_t)((j.k + al - 1) / al * al + j.x_extra),
                               (uint32_t)((4 * j.m + al - 1) / al * al + j.y_extra), f};
                tlm_perf p;
                if (tlm_timing_run(&hw, &mems[mi], &cmd, &p) != 0) {
                    printf("model refused %zux%zux%zu\n", j.m, j.k, j.n);
                    bad = 1;
                    ts_result_free(&r);
                    continue;
                }
                const tdrv_perf *q = &r.perf;
                double e = 100.0 * ((double)p.busy - (double)q->busy) / (double)q->busy;
                double ds[3] = {(double)p.stall_wgt - (double)q->stall_wgt, (double)p.stall_act - (double)q->stall_act,
                                (double)p.stall_out - (double)q->stall_out};
                double es = 0;
                for (int i = 0; i < 3; i++)
                    if (100.0 * absd(ds[i]) / (double)q->busy > es) es = 100.0 * absd(ds[i]) / (double)q->busy;
                if (absd(e) > worst) worst = absd(e);
                if (es > worst_st) worst_st = es;
                if (absd(e) > 2.0 || es > 5.0) bad = 1;
                char mem[32], shp[40], rs[48], ms[48];
                snprintf(mem, sizeof mem, "%u B/%u", mems[mi].bytes_per_cycle, mems[mi].latency);
                snprintf(shp, sizeof shp, "%zux%zu%s", j.m, j.k, j.x_extra || j.y_extra ? "+" : "");
                snprintf(rs, sizeof rs, "%llu/%llu/%llu", (unsigned long long)q->stall_wgt,
                         (unsigned long long)q->stall_act, (unsigned long long)q->stall_out);
                snprintf(ms, sizeof ms, "%llu/%llu/%llu", (unsigned long long)p.stall_wgt,
                         (unsigned long long)p.stall_act, (unsigned long long)p.stall_out);
                printf("%-10s %-5s %16s %4zu %9llu %9llu %+6.2f%%  %-20s %-20s\n", mem, tdrv_wfmt_name(wf), shp, j.n,
                       (unsigned long long)q->busy, (unsigned long long)p.busy, e, rs, ms);
                ts_result_free(&r);
            }
        }
    }
    printf("worst cycle error %.2f%%, worst stall error %.2f%% of cycles: %s\n", worst, worst_st,
           bad ? "FAIL" : "within issue 15's bounds");
    tdrv_close(d);
    return bad;
}
