/* Device failures: reported, answered by the CPU, and the device works afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv.h"
#include "runtime/backend/rt_backend_dev.h"
#include "runtime/report/report_device.h"
#include "tests/backend/suites.h"

/* The whole sim device window (driver/tdrv_sim.c puts every buffer below 4 GiB). */
#define ALL_LO 0x0ull
#define ALL_HI 0x100000000ull

/* What the backend told the program through its log callback (the library itself prints nothing). */
typedef struct {
    char text[4096];
    int errors, warnings;
} logbook;
static logbook g_log;

static void capture(void *ctx, rt_log_level level, const char *msg)
{
    logbook *l = ctx;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%s: %s\n", rt_log_level_name(level), msg);
    l->errors += level == RT_LOG_ERROR;
    l->warnings += level == RT_LOG_WARN;
}

/* Every test runs on each simulator backend: the Verilator model and the SystemC one. */
static const char *const k_dev[] = {"sim", "tlm"};
#define DEV k_dev[_i]
#define N_DEV 2

static rt_backend *open_dev(const char *name, int verify)
{
    char err[512] = "";
    memset(&g_log, 0, sizeof g_log);
    rt_backend_opts o = {.verify = verify, .log = {capture, &g_log}};
    rt_backend *b = rt_backend_open(name, &o, err, sizeof err);
    ck_assert_msg(b != NULL, "%s", err);
    return b;
}

/* One call that must come back correct; returns the stats afterwards. */
static rt_stats call(rt_backend *b, rt_weights *rw, const be_problem *p, const int32_t *ref, const char *what)
{
    char err[512] = "";
    int32_t *y = malloc(p->n * p->m * sizeof *y);
    memset(y, 0x5A, p->n * p->m * sizeof *y);
    ck_assert_msg(rt_backend_matmul(b, rw, p->q, p->n, p->ldq, y, p->m, err, sizeof err) == 0, "%s: %s", what, err);
    be_assert_equal(y, p->m, ref, p->m, p->n, what);
    free(y);
    return *rt_backend_stats(b);
}

START_TEST(dma_error_falls_back_then_recovers)
{
    rt_backend *b = open_dev(DEV, 1);
    tdrv_dev *d = rt_backend_dev_device(b);
    ck_assert_ptr_nonnull(d);
    be_problem p;
    be_problem_make(&p, 70, 300, 3, 300, 5);
    int32_t *ref = be_reference(&p);
    char err[256];
    rt_weights *rw;
    ck_assert_int_eq(rt_backend_prepare(b, &p.w, &rw, err, sizeof err), 0);

    ck_assert_int_eq(tdrv_inject_error(d, ALL_LO, ALL_HI), TDRV_OK);
    rt_stats s = call(b, rw, &p, ref, "call with DMA errors");
    ck_assert_uint_eq(s.device_errors, 1);
    ck_assert_uint_eq(s.fallbacks, 1);
    ck_assert_uint_eq(s.offloaded, 0);
    ck_assert_uint_eq(rt_backend_last(b)->fallbacks, 1);
    ck_assert_int_eq(g_log.errors, 1);
    ck_assert_int_eq(g_log.warnings, 1);
    char head[64];
    snprintf(head, sizeof head, "error: %s backend, call 1 (M=70 K=300 N=3): ", DEV);
    ck_assert_msg(strstr(g_log.text, head) &&
                      strstr(g_log.text, "ERR_AXI_READ") &&
                      strstr(g_log.text, "warning: call 1 answered by the CPU reference instead"),
                  "log: %s", g_log.text);

    ck_assert_int_eq(tdrv_inject_error(d, 0, 0), TDRV_OK);
    s = call(b, rw, &p, ref, "call after recovery");
    ck_assert_uint_eq(s.device_errors, 1);
    ck_assert_uint_eq(s.fallbacks, 1);
    ck_assert_uint_eq(s.offloaded, 1); /* this time the device answered, and verify found it exact */
    ck_assert_uint_eq(s.mismatches, 0);
    ck_assert_uint_eq(rt_backend_last(b)->fallbacks, 0);
    ck_assert_uint_eq(rt_backend_last(b)->offloaded, 1);
    ck_assert_uint_gt(rt_backend_last(b)->cycles, 0);
    ck_assert_int_eq(g_log.errors, 1); /* nothing more to tell */

    rt_backend_release(b, rw);
    free(ref);
    be_problem_free(&p);
    rt_backend_close(b);
}
END_TEST

START_TEST(timeout_falls_back_then_recovers)
{
    rt_backend *b = open_dev(DEV, 1);
    tdrv_dev *d = rt_backend_dev_device(b);
    be_problem p;
    be_problem_make(&p, 40, 500, 2, 500, 6);
    int32_t *ref = be_reference(&p);
    char err[256];
    rt_weights *rw;
    ck_assert_int_eq(rt_backend_prepare(b, &p.w, &rw, err, sizeof err), 0);

    /* A memory that answers after ~4e9 cycles: the job cannot finish inside a 20000-cycle timeout. */
    ck_assert_int_eq(tdrv_mem_speed(d, 0, 0xFFFFFFF0u), TDRV_OK);
    ck_assert_int_eq(rt_backend_dev_set_timeout(b, 20000), 0);
    rt_stats s = call(b, rw, &p, ref, "call that times out");
    ck_assert_uint_eq(s.device_errors, 1);
    ck_assert_uint_eq(s.fallbacks, 1);
    ck_assert_uint_eq(s.offloaded, 0);

    ck_assert_int_eq(tdrv_mem_speed(d, 0, 0), TDRV_OK);
    ck_assert_int_eq(rt_backend_dev_set_timeout(b, 0), 0);
    s = call(b, rw, &p, ref, "call after the timeout");
    ck_assert_uint_eq(s.device_errors, 1);
    ck_assert_uint_eq(s.offloaded, 1);
    ck_assert_uint_eq(s.mismatches, 0);

    rt_backend_release(b, rw);
    free(ref);
    be_problem_free(&p);
    rt_backend_close(b);
}
END_TEST

START_TEST(device_error_without_verify_falls_back_from_the_device_copy)
{
    rt_backend *b = open_dev(DEV, 0);
    tdrv_dev *d = rt_backend_dev_device(b);
    be_problem p;
    be_problem_make(&p, 20, 64, 1, 64, 8);
    int32_t *ref = be_reference(&p);
    char err[512] = "";
    rt_weights *rw;
    ck_assert_int_eq(rt_backend_prepare(b, &p.w, &rw, err, sizeof err), 0);
    ck_assert_int_eq(tdrv_inject_error(d, ALL_LO, ALL_HI), TDRV_OK);
    /* no canonical copy of the weights is kept: the CPU answers from the stream the device was given */
    rt_stats s = call(b, rw, &p, ref, "device error without verify");
    ck_assert_uint_eq(s.device_errors, 1);
    ck_assert_uint_eq(s.fallbacks, 1);
    ck_assert_uint_eq(s.offloaded, 0);
    ck_assert_msg(strstr(g_log.text, "ERR_AXI_READ") && strstr(g_log.text, "M=20 K=64 N=1") &&
                      strstr(g_log.text, "a soft reset recovered the device") &&
                      strstr(g_log.text, "answered by the CPU instead (from the device's copy of the weights)"),
                  "log: %s", g_log.text);
    ck_assert_int_eq(tdrv_inject_error(d, 0, 0), TDRV_OK);
    s = call(b, rw, &p, ref, "after the error");
    ck_assert_uint_eq(s.offloaded, 1);
    free(ref);
    rt_backend_release(b, rw);
    be_problem_free(&p);
    rt_backend_close(b);
}
END_TEST

/* The memory stops answering in the middle of the weights (the Verilator model's memory; the SystemC
 * model has no such hook): the wait times out, the soft reset cannot drain the bursts in flight, the
 * hard reset brings the device back, the CPU answers, and the next call runs on the device. */
START_TEST(hang_needs_a_hard_reset)
{
    for (int verify = 0; verify < 2; verify++) {
        rt_backend *b = open_dev("sim", verify);
        tdrv_dev *d = rt_backend_dev_device(b);
        be_problem p;
        be_problem_make(&p, 96, 700, 2, 700, 12);
        int32_t *ref = be_reference(&p);
        char err[256];
        rt_weights *rw;
        ck_assert_int_eq(rt_backend_prepare(b, &p.w, &rw, err, sizeof err), 0);
        ck_assert_int_eq(tdrv_inject_fault(d, TDRV_FAULT_HANG, 40, 0), TDRV_OK);
        ck_assert_int_eq(rt_backend_dev_set_timeout(b, 50000), 0);
        rt_stats s = call(b, rw, &p, ref, "a hung memory");
        ck_assert_int_eq(tdrv_fault_struck(d), 1);
        ck_assert_uint_eq(s.device_errors, 1);
        ck_assert_uint_eq(s.fallbacks, 1);
        ck_assert_uint_eq(s.hard_resets, 1);
        ck_assert_uint_eq(s.offloaded, 0);
        ck_assert_msg(strstr(g_log.text, "job still running") &&
                          strstr(g_log.text, "a soft reset left the device busy, a hard reset recovered it"),
                      "log: %s", g_log.text);
        ck_assert_int_eq(rt_backend_dev_set_timeout(b, 0), 0);
        s = call(b, rw, &p, ref, "after the hard reset");
        ck_assert_uint_eq(s.offloaded, 1);
        ck_assert_uint_eq(s.hard_resets, 1);
        rt_backend_release(b, rw);
        free(ref);
        be_problem_free(&p);
        rt_backend_close(b);
    }
}
END_TEST

/* A memory that lies: one bit of a weight beat flipped on its way to the device, or of a result beat
 * on its way to memory. --verify sees the wrong result, the CPU answers; the bit is not flipped again. */
START_TEST(verify_catches_a_flipped_bit)
{
    static const struct {
        tdrv_fault kind;
        uint64_t after;
        const char *what;
    } flips[] = {{TDRV_FAULT_FLIP_READ, 20, "a read beat"}, {TDRV_FAULT_FLIP_WRITE, 0, "a written result"}};
    for (size_t f = 0; f < 2; f++) {
        rt_backend *b = open_dev("sim", 1);
        tdrv_dev *d = rt_backend_dev_device(b);
        be_problem p;
        be_problem_make(&p, 64, 256, 1, 256, 13);
        for (size_t i = 0; i < 256; i++)
            p.q[i] = 7; /* every weight meets a nonzero activation: any flipped code changes a result */
        int32_t *ref = be_reference(&p);
        char err[256];
        rt_weights *rw;
        ck_assert_int_eq(rt_backend_prepare(b, &p.w, &rw, err, sizeof err), 0);
        /* bit 1 of a code: 01 (+1) <-> 11 (-1), 00 <-> 10 (reads as 0): flip the high bit of a +-1 */
        ck_assert_int_eq(tdrv_inject_fault(d, flips[f].kind, flips[f].after, 3), TDRV_OK);
        rt_stats s = call(b, rw, &p, ref, flips[f].what);
        ck_assert_int_eq(tdrv_fault_struck(d), 1);
        ck_assert_uint_eq(s.offloaded, 1);
        ck_assert_uint_eq(s.device_errors, 0);
        ck_assert_msg(s.mismatches == 1 && s.fallbacks == 1, "%s: mismatches %llu, fallbacks %llu", flips[f].what,
                      (unsigned long long)s.mismatches, (unsigned long long)s.fallbacks);
        s = call(b, rw, &p, ref, "the next call");
        ck_assert_uint_eq(s.mismatches, 1);
        rt_backend_release(b, rw);
        free(ref);
        be_problem_free(&p);
        rt_backend_close(b);
    }
}
END_TEST

START_TEST(verify_catches_a_wrong_device_result)
{
    rt_backend *b = open_dev(DEV, 1);
    be_problem p;
    be_problem_make(&p, 33, 90, 2, 90, 9);
    p.q[0] = 5; /* W[0][0] meets a nonzero activation, so changing it changes y[0][0] */
    int32_t *ref = be_reference(&p);
    char err[256];
    rt_weights *rw;
    ck_assert_int_eq(rt_backend_prepare(b, &p.w, &rw, err, sizeof err), 0);
    ck_assert_int_eq(rt_backend_dev_corrupt_weight(b, rw), 0);
    rt_stats s = call(b, rw, &p, ref, "corrupted device weights");
    ck_assert_uint_eq(s.offloaded, 1);
    ck_assert_uint_eq(s.mismatches, 1);
    ck_assert_uint_eq(s.fallbacks, 1);
    ck_assert_uint_eq(s.device_errors, 0);
    char head[128];
    snprintf(head, sizeof head, "error: verify: %s backend, call 1 (M=33 K=90 N=2): result differs first at row n=0, "
             "output m=0", DEV);
    ck_assert_msg(strstr(g_log.text, head),
                  "log: %s", g_log.text);
    rt_backend_release(b, rw);
    free(ref);
    be_problem_free(&p);
    rt_backend_close(b);
}
END_TEST

Suite *suite_be_faults(void)
{
    Suite *s = suite_create("be_faults");
    TCase *tc = tcase_create("faults");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, dma_error_falls_back_then_recovers, 0, N_DEV);
    tcase_add_loop_test(tc, timeout_falls_back_then_recovers, 0, N_DEV);
    tcase_add_loop_test(tc, device_error_without_verify_falls_back_from_the_device_copy, 0, N_DEV);
    tcase_add_test(tc, hang_needs_a_hard_reset);
    tcase_add_test(tc, verify_catches_a_flipped_bit);
    tcase_add_loop_test(tc, verify_catches_a_wrong_device_result, 0, N_DEV);
    suite_add_tcase(s, tc);
    return s;
}
