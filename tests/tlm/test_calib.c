/*
 * Calibration of the fast model against the RTL (issue 15): for every named configuration, two memory
 * speeds and both weight formats, the same GEMMs run through the driver on the "sim" backend (the
 * Verilator model) and on "tlm" (the SystemC model), each checked bit for bit against kr_gemm_ref by
 * the harness. Bounds: total cycles within 2%, each stall counter within 5% of the run's cycles, the
 * whole Y buffer identical. Faults (a read or write error response, a bad base-3 byte) must end the
 * same way: the same error code and ERR_ADDR, the same bytes of Y written, the cycles within 2%.
 * Every GEMM prints one "calib:" line (the table of docs/tlm.md is made from them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/sim/sim_harness.h"
#include "tests/tlm/suites.h"
#include "tritium_regs.h"

typedef struct {
    size_t m, k, n, x_extra, y_extra;
} shape;

/* 2B4T's four GEMV shapes; each configuration and memory runs the largest whose weight stream the
   memory moves in at most GEMV_BEATS beat-times, starting its search at a different one. */
static const shape k_gemv[] = {{2560, 6912, 1, 0, 0}, {6912, 2560, 1, 0, 0}, {2560, 2560, 1, 0, 0}, {640, 2560, 1, 0, 0}};
#define GEMV_BEATS 300000.0

typedef struct {
    uint32_t bytes_per_cycle, latency; /* bytes_per_cycle: 0 = a beat per cycle, 1 = half the bus */
    const char *name;
} memspeed;
static const memspeed k_mems[] = {{0, 40, "full/40"}, {1, 100, "half/100"}};

static double absd(double v) { return v < 0 ? -v : v; }

static double worst_cycles, worst_stall;
static unsigned gemms_compared, hostile_refused;

/* Runs j on both devices, compares, prints the line. */
static void compare(tdrv_dev *rtl, tdrv_dev *tlm, const char *cfg, const char *mem, const ts_job *j,
                    const char *what)
{
    ts_result a, b;
    ck_assert_msg(ts_run(rtl, j, &a) == 0, "%s %s: harness failed on sim", cfg, what);
    ck_assert_msg(ts_run(tlm, j, &b) == 0, "%s %s: harness failed on tlm", cfg, what);
    const tdrv_perf *p = &a.perf, *q = &b.perf;
    const double busy = p->busy ? (double)p->busy : 1.0;
    const double e = 100.0 * ((double)q->busy - (double)p->busy) / busy;
    const double ds[3] = {(double)q->stall_wgt - (double)p->stall_wgt, (double)q->stall_act - (double)p->stall_act,
                          (double)q->stall_out - (double)p->stall_out};
    double es = 0;
    for (int i = 0; i < 3; i++)
        if (100.0 * absd(ds[i]) / busy > es)
            es = 100.0 * absd(ds[i]) / busy;
    if (absd(e) > worst_cycles)
        worst_cycles = absd(e);
    if (es > worst_stall)
        worst_stall = es;
    gemms_compared++;
    printf("calib: %-15s %-8s %-5s %-14s %5zux%-5zu N %3zu  rtl %9llu  tlm %9llu  %+6.2f%%  stalls w/a/o "
           "%llu/%llu/%llu vs %llu/%llu/%llu  err %u/%u\n",
           cfg, mem, tdrv_wfmt_name(j->wfmt), what, j->m, j->k, j->n, (unsigned long long)p->busy,
           (unsigned long long)q->busy, e, (unsigned long long)p->stall_wgt, (unsigned long long)p->stall_act,
           (unsigned long long)p->stall_out, (unsigned long long)q->stall_wgt, (unsigned long long)q->stall_act,
           (unsigned long long)q->stall_out, a.err_code, b.err_code);
    fflush(stdout); /* Check runs the test in a child */
    ck_assert_msg(absd(e) <= 2.0, "%s %s %s %zux%zux%zu: cycles %llu on tlm, %llu on the RTL", cfg, mem, what, j->m,
                  j->k, j->n, (unsigned long long)q->busy, (unsigned long long)p->busy);
    ck_assert_msg(es <= 5.0, "%s %s %s: a stall counter is off by %.2f%% of the cycles", cfg, mem, what, es);
    ck_assert_msg(a.err_code == b.err_code && a.err_addr == b.err_addr,
                  "%s %s %s: the RTL ended with error %u at 0x%llx, tlm with %u at 0x%llx", cfg, mem, what, a.err_code,
                  (unsigned long long)a.err_addr, b.err_code, (unsigned long long)b.err_addr);
    ck_assert_msg(a.outside_changed == 0 && b.outside_changed == 0,
                  "%s %s %s: %d bytes outside the results' window changed on the RTL, %d on tlm", cfg, mem, what,
                  a.outside_changed, b.outside_changed);
    ck_assert_msg(a.y_hash == b.y_hash && a.y_touched == b.y_touched,
                  "%s %s %s: Y differs after the job (%d bytes written by the RTL, %d by tlm)", cfg, mem, what,
                  a.y_touched, b.y_touched);
    if (!j->err_where && !j->bad_byte && !j->hostile)
        ck_assert_msg(a.mismatches == 0 && b.mismatches == 0 && a.pad_clobbered == 0 && b.pad_clobbered == 0,
                      "%s %s %s: results not exact (%d on the RTL, %d on tlm)", cfg, mem, what, a.mismatches,
                      b.mismatches);
    ts_result_free(&a);
    ts_result_free(&b);
}

START_TEST(calibrate_config)
{
    const char *cfg = ts_config_name((unsigned)_i);
    ck_assert_ptr_nonnull(cfg);
    char err[512];
    tdrv_dev *rtl = ts_open(cfg, 0, err, sizeof err);
    ck_assert_msg(rtl != NULL, "%s", err);
    tdrv_dev *tlm = ts_open_backend("tlm", cfg, 0, err, sizeof err);
    ck_assert_msg(tlm != NULL, "%s", err);
    const tdrv_hwcfg *c = ts_hw(rtl);
    ck_assert(!memcmp(c, ts_hw(tlm), sizeof *c)); /* the same CFG_* registers */
    const uint32_t bus = c->data_w / 8;
    const shape odd[] = {
        {1, 1, 1, 0, 0},
        {17, 33, 3, 0, 0},
        {100, 300, 7, 2 * bus, 3 * bus},                 /* padded strides */
        {33, c->rows / 2, c->max_n + 3, 0, 0},           /* K below the array, N past the largest N tile */
        {250, 1000, 9, 0, (4000 + bus - 1) / bus * bus}, /* Y rows over 4 KB apart: write bursts split */
    };
    for (size_t mi = 0; mi < sizeof k_mems / sizeof k_mems[0]; mi++) {
        const memspeed *ms = &k_mems[mi];
        const uint32_t bpc = ms->bytes_per_cycle ? bus / 2 : 0;
        ck_assert_int_eq(tdrv_mem_speed(rtl, bpc, ms->latency), TDRV_OK);
        ck_assert_int_eq(tdrv_mem_speed(tlm, bpc, ms->latency), TDRV_OK);
        for (int f = 0; f < 2; f++) {
            const tdrv_wfmt wf = f ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT;
            if (!tdrv_wfmt_supported(c, wf))
                continue;
            ts_job j = {0};
            j.wfmt = wf;
            /* a 2B4T GEMV */
            const double rate = bpc ? (double)bpc / bus : 1.0;
            for (size_t t = 0; t < 4; t++) {
                const shape *g = &k_gemv[(t + (size_t)_i + 2 * mi) % 4];
                if ((double)g->m * g->k / 4.0 * (f ? 0.8 : 1.0) / bus / rate <= GEMV_BEATS || t == 3) {
                    j.m = g->m, j.k = g->k, j.n = 1, j.seed = 11 + t;
                    compare(rtl, tlm, cfg, ms->name, &j, "2b4t gemv");
                    break;
                }
            }
            /* 2B4T's smallest layer (640 x 2560) at N = 8 and 128 on the full-speed memory, 64 on the other */
            const size_t ns[2][2] = {{8, 128}, {64, 0}};
            for (int t = 0; t < 2 && ns[mi][t]; t++) {
                j.m = 640, j.k = 2560, j.n = ns[mi][t], j.seed = 21 + (uint64_t)t;
                compare(rtl, tlm, cfg, ms->name, &j, "2b4t prefill");
            }
            for (size_t s = 0; s < sizeof odd / sizeof odd[0]; s++) {
                j.m = odd[s].m, j.k = odd[s].k, j.n = odd[s].n, j.x_extra = odd[s].x_extra;
                j.y_extra = odd[s].y_extra, j.seed = 31 + s;
                compare(rtl, tlm, cfg, ms->name, &j, "odd");
            }
            j.x_extra = j.y_extra = 0;
            if (mi)
                continue;
            /* faults: an error response on W's middle, on X's first row, on Y's second M tile; a bad
               base-3 byte in the middle of the stream */
            j.m = 100, j.k = 300, j.n = 7, j.seed = 41;
            const size_t wbytes = tdrv_layout_bytes_fmt(c, wf, j.m, j.k);
            const struct {
                int where;
                uint64_t lo, hi;
                const char *what;
            } faults[] = {{1, wbytes / 2, wbytes / 2 + 1, "fault W"},
                          {2, 0, 1, "fault X"},
                          {3, 4 * c->cols, 4 * c->cols + 4, "fault Y"}};
            for (size_t t = 0; t < sizeof faults / sizeof faults[0]; t++) {
                j.err_where = faults[t].where, j.err_lo = faults[t].lo, j.err_hi = faults[t].hi;
                compare(rtl, tlm, cfg, ms->name, &j, faults[t].what);
            }
            j.err_where = 0, j.err_lo = j.err_hi = 0;
            if (f) {
                j.bad_byte = wbytes / 2 + 1;
                compare(rtl, tlm, cfg, ms->name, &j, "bad code");
                j.bad_byte = 0;
            }
            /* hostile commands: refused at the first burst outside its window, in the same cycle, with
               the same address, and nothing outside the results' window written (compare checks) */
            const struct {
                int mode;
                uint32_t err;
                const char *what;
            } hostile[] = {{TS_HOSTILE_Y_INTO_W, TRITIUM_ERR_DMA_WINDOW, "Y into W"},
                           {TS_HOSTILE_Y_STRIDE, TRITIUM_ERR_DMA_WINDOW, "Y stride out"},
                           {TS_HOSTILE_X_STRIDE, TRITIUM_ERR_DMA_WINDOW, "X stride out"},
                           {TS_HOSTILE_Y_WRAP, TRITIUM_ERR_DMA_WINDOW, "Y wraps"},
                           {TS_HOSTILE_W_SHORT, TRITIUM_ERR_DMA_WINDOW, "W past window"}};
            for (size_t t = 0; t < sizeof hostile / sizeof hostile[0]; t++) {
                j.hostile = hostile[t].mode;
                ts_result a;
                ck_assert_int_eq(ts_run(rtl, &j, &a), 0);
                ck_assert_msg(a.err_code == hostile[t].err, "%s %s: the RTL ended with error %u, not %u", cfg,
                              hostile[t].what, a.err_code, hostile[t].err);
                ts_result_free(&a);
                compare(rtl, tlm, cfg, ms->name, &j, hostile[t].what);
                hostile_refused++;
            }
            j.hostile = TS_HOSTILE_NONE;
        }
    }
    printf("calib: %s: %u GEMMs so far (%u hostile commands refused alike), worst cycle error %.2f%%, worst stall "
           "error %.2f%% of the cycles\n",
           cfg, gemms_compared, hostile_refused, worst_cycles, worst_stall);
    tdrv_close(tlm);
    tdrv_close(rtl);
}
END_TEST

Suite *suite_tlm_calib(void)
{
    Suite *s = suite_create("tlm_calib");
    TCase *tc = tcase_create("calib");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, calibrate_config, 0, (int)ts_config_count());
    suite_add_tcase(s, tc);
    return s;
}
