/*
 * The fpga backend (driver/fpga/tdrv_fpga.c) on an emulated board (fpga_emu.h): the same file that runs
 * on a KV260, through its UIO register window, its u-dma-buf buffers and its interrupt, here served by
 * the Verilator model. GEMMs exact against kr_gemm_ref (tests/sim's harness) and through the runtime
 * with --verify; a bus error, a device that never finishes, a missing device: each reported with what
 * to check.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv.h"
#include "kernels_ref/kr_gemm.h"
#include "runtime/backend/rt_backend.h"
#include "tests/fpga/fpga_emu.h"
#include "tests/sim/sim_harness.h"

static fpga_emu *start(void)
{
    char err[512];
    fpga_emu *e = fpga_emu_start(NULL, err, sizeof err);
    ck_assert_msg(e != NULL, "%s", err);
    return e;
}

START_TEST(gemms_exact_through_uio)
{
    fpga_emu *e = start();
    char err[512];
    tdrv_dev *d = ts_open_backend("fpga", NULL, 0, err, sizeof err);
    ck_assert_msg(d != NULL, "%s", err);
    const tdrv_info *in = tdrv_get_info(d);
    ck_assert_uint_eq(in->hw.rows, 16); /* the default configuration's CFG_* registers, read through the window */
    ck_assert_uint_eq(in->hw.data_w, 256);
    ck_assert_msg(strstr(in->config, "tritium (uio0, udmabuf0)"), "%s", in->config);
    const size_t shapes[][3] = {{1, 1, 1}, {100, 300, 7}, {640, 2560, 1}, {33, 8, 70}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        for (int f = 0; f < 2; f++) {
            ts_job j = {0};
            j.m = shapes[i][0], j.k = shapes[i][1], j.n = shapes[i][2], j.seed = 50 + i;
            j.wfmt = f ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT;
            ts_result r;
            ck_assert_int_eq(ts_run(d, &j, &r), 0);
            ck_assert_msg(r.status == TRITIUM_STATUS_DONE && r.mismatches == 0 && r.pad_clobbered == 0,
                          "%zux%zux%zu fmt %d: status %u err %u, %d mismatches", j.m, j.k, j.n, f, r.status, r.err_code,
                          r.mismatches);
            ck_assert_uint_gt(r.perf.busy, 0);
            ts_result_free(&r);
        }
    uint64_t acc, irqs;
    fpga_emu_counts(e, &acc, &irqs);
    ck_assert_uint_gt(acc, 100); /* every register access went through the trapped window */
    tdrv_close(d);
    fpga_emu_stop(e);
}
END_TEST

START_TEST(runtime_verify_on_the_board)
{
    fpga_emu *e = start();
    char err[512];
    rt_backend_opts o = {.verify = 1};
    rt_backend *b = rt_backend_open("fpga", &o, err, sizeof err);
    ck_assert_msg(b != NULL, "%s", err);
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 300, 700), KR_OK);
    uint64_t s = 7;
    for (size_t m = 0; m < w.rows; m++)
        for (size_t k = 0; k < w.cols; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            kr_tern_set(&w, m, k, (int)(s % 3) - 1);
        }
    int8_t q[3 * 700];
    for (size_t i = 0; i < sizeof q; i++)
        q[i] = (int8_t)(i * 37 + 11);
    int32_t y[3 * 300], ref[3 * 300];
    rt_weights *rw;
    ck_assert_msg(rt_backend_prepare(b, &w, &rw, err, sizeof err) == 0, "%s", err);
    ck_assert_msg(rt_backend_matmul(b, rw, q, 3, 700, y, 300, err, sizeof err) == 0, "%s", err);
    kr_gemm_ref(&w, q, 3, 700, ref, 300);
    ck_assert(!memcmp(y, ref, sizeof y));
    const rt_stats *st = rt_backend_stats(b);
    ck_assert_uint_eq(st->offloaded, 1);
    ck_assert_uint_eq(st->mismatches, 0);
    ck_assert_uint_eq(st->fallbacks, 0);
    ck_assert_uint_gt(st->cycles, 0);
    rt_backend_release(b, rw);
    kr_tern_free(&w);
    rt_backend_close(b);
    uint64_t acc, irqs;
    fpga_emu_counts(e, &acc, &irqs);
    ck_assert_uint_ge(irqs, 1); /* the wait ended on the interrupt */
    fpga_emu_stop(e);
}
END_TEST

START_TEST(bus_error_and_timeout_are_reported)
{
    fpga_emu *e = start();
    char err[512];
    tdrv_dev *d = ts_open_backend("fpga", NULL, 0, err, sizeof err);
    ck_assert_msg(d != NULL, "%s", err);
    /* every access to the u-dma-buf region answers SLVERR */
    fpga_emu_inject_error(e, 0x20000000ull, 0x24000000ull);
    ts_job j = {0};
    j.m = 40, j.k = 64, j.n = 1, j.seed = 3;
    ts_result r;
    ck_assert_int_eq(ts_run(d, &j, &r), 0);
    ck_assert_uint_eq(r.err_code, TRITIUM_ERR_AXI_READ);
    ck_assert_uint_eq(r.status & TRITIUM_STATUS_ERROR, TRITIUM_STATUS_ERROR);
    ts_result_free(&r);
    fpga_emu_inject_error(e, 0, 0);
    /* a slow memory: the wait times out and says so; the job still ends, and the device works on */
    fpga_emu_latency(e, 1000000);
    tdrv_buf *bw = NULL;
    ck_assert_int_eq(tdrv_buf_alloc(d, 4096, &bw, err, sizeof err), TDRV_OK);
    const tdrv_cmd cmd = {.w_addr = tdrv_buf_addr(bw), .x_addr = tdrv_buf_addr(bw) + 1024,
                          .y_addr = tdrv_buf_addr(bw) + 2048, .m = 16, .k = 32, .n = 1, .x_stride = 32, .y_stride = 64,
                          .w_win = tdrv_buf_win(bw), .x_win = tdrv_buf_win(bw), .y_win = tdrv_buf_win(bw)};
    ck_assert_int_eq(tdrv_submit(d, &cmd, err, sizeof err), TDRV_OK);
    uint64_t waited = 0;
    ck_assert_int_eq(tdrv_wait(d, 20000, &waited, err, sizeof err), TDRV_ERR_TIMEOUT);
    ck_assert_msg(strstr(err, "fpga: job still running"), "%s", err);
    ck_assert_msg(tdrv_wait(d, 6000000000ull, &waited, err, sizeof err) == TDRV_OK, "%s", err);
    fpga_emu_latency(e, 0);
    j.seed = 4;
    ck_assert_int_eq(ts_run(d, &j, &r), 0);
    ck_assert_msg(r.status == TRITIUM_STATUS_DONE && r.mismatches == 0, "after the timeout: status %u", r.status);
    ts_result_free(&r);
    /* a memory that never answers: a soft reset cannot drain the burst in flight, and the board has no
       hard reset the backend could pull: said so */
    fpga_emu_latency(e, 0xFFFFFFF0u);
    ck_assert_int_eq(tdrv_submit(d, &cmd, err, sizeof err), TDRV_OK);
    ck_assert_int_eq(tdrv_wait(d, 20000, &waited, err, sizeof err), TDRV_ERR_TIMEOUT);
    ck_assert_int_ne(tdrv_reset(d, err, sizeof err), TDRV_OK);
    ck_assert_msg(strstr(err, "no hard reset"), "%s", err);
    tdrv_buf_free(d, bw);
    tdrv_close(d);
    fpga_emu_stop(e);
}
END_TEST

START_TEST(missing_device_says_what_to_check)
{
    fpga_emu *e = start();
    char err[512];
    setenv("TRITIUM_FPGA_UIO", "tritium-kv260", 1);
    ck_assert_ptr_null(ts_open_backend("fpga", NULL, 0, err, sizeof err));
    ck_assert_msg(strstr(err, "no UIO device named 'tritium-kv260'") && strstr(err, "device-tree overlay"), "%s", err);
    unsetenv("TRITIUM_FPGA_UIO");
    setenv("TRITIUM_FPGA_UDMABUF", "udmabuf7", 1);
    ck_assert_ptr_null(ts_open_backend("fpga", NULL, 0, err, sizeof err));
    ck_assert_msg(strstr(err, "no u-dma-buf 'udmabuf7'"), "%s", err);
    unsetenv("TRITIUM_FPGA_UDMABUF");
    fpga_emu_stop(e);
}
END_TEST

Suite *suite_fpga(void)
{
    Suite *s = suite_create("fpga");
    TCase *tc = tcase_create("uio");
    tcase_set_timeout(tc, 120);
#if defined(__x86_64__)
    tcase_add_test(tc, gemms_exact_through_uio);
    tcase_add_test(tc, runtime_verify_on_the_board);
    tcase_add_test(tc, bus_error_and_timeout_are_reported);
    tcase_add_test(tc, missing_device_says_what_to_check);
#endif
    suite_add_tcase(s, tc);
    return s;
}
