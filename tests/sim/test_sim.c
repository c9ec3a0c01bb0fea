/* Check suite of the cycle-accurate model: every result is compared with kr_gemm_ref bit for bit. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/sim/sim_harness.h"
#include "tritium_regs.h"

static tsim *open_cfg(const char *name)
{
    char err[256];
    tsim *s = tsim_create(name, NULL, err, sizeof err);
    ck_assert_msg(s != NULL, "tsim_create(%s): %s", name ? name : "(default)", err);
    return s;
}

static void expect_ok(tsim *s, const ts_job *j, const char *what)
{
    ts_result r;
    ck_assert_int_eq(ts_run(s, j, &r), 0);
    ck_assert_msg(r.status == TRITIUM_STATUS_DONE && r.err_code == 0,
                  "%s M=%zu K=%zu N=%zu: status %#x err %u", what, j->m, j->k, j->n, r.status, r.err_code);
    ck_assert_msg(r.mismatches == 0, "%s M=%zu K=%zu N=%zu: %d mismatches, first at m=%zu n=%zu", what, j->m,
                  j->k, j->n, r.mismatches, r.first_bad_m, r.first_bad_n);
    ck_assert_msg(r.pad_clobbered == 0, "%s: %d bytes written past 4*M", what, r.pad_clobbered);
    ts_result_free(&r);
}

/* ---- configurations, register block ---- */
START_TEST(test_configs_and_ids)
{
    ck_assert_uint_ge(tsim_config_count(), 4);
    for (unsigned i = 0; i < tsim_config_count(); i++) {
        tsim *s = open_cfg(tsim_config_name(i));
        uint32_t id = 0, ver = 0, bad = 0;
        ck_assert_int_eq(tsim_reg_read(s, TRITIUM_REG_ID, &id), 0);
        ck_assert_int_eq(tsim_reg_read(s, TRITIUM_REG_VERSION, &ver), 0);
        ck_assert_uint_eq(id, TRITIUM_ID_VALUE);
        ck_assert_uint_eq(ver, TRITIUM_VERSION_VALUE);
        tdrv_hwcfg c;
        ck_assert_int_eq(ts_read_cfg(s, &c), 0);
        ck_assert_msg(tdrv_hwcfg_valid(&c), "config %s invalid", tsim_config_name(i));
        char name[32];
        snprintf(name, sizeof name, "r%uc%uw%u", c.rows, c.cols, c.data_w);
        ck_assert_str_eq(name, tsim_config_name(i));
        /* unmapped register answers SLVERR; command registers read back */
        ck_assert_int_eq(tsim_reg_read(s, 0xFF0, &bad), -1);
        ck_assert_int_eq(tsim_reg_write(s, TRITIUM_REG_CMD_M, 0x1234), 0);
        ck_assert_int_eq(tsim_reg_read(s, TRITIUM_REG_CMD_M, &bad), 0);
        ck_assert_uint_eq(bad, 0x1234);
        tsim_destroy(s);
    }
    char err[128];
    ck_assert_ptr_null(tsim_create("nope", NULL, err, sizeof err));
    /* the fast builds have no tracing: asking for a waveform is refused with a reason */
    ck_assert_ptr_null(tsim_create(NULL, "/nonexistent/never.fst", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "sim-debug"));
}
END_TEST

/* ---- randomized GEMMs on every configuration ---- */
static const size_t k_shapes[][3] = {
    {1, 1, 1},   {1, 37, 1},  {17, 1, 3},  {5, 7, 2},   {33, 65, 5}, {64, 64, 4},
    {31, 129, 9}, {100, 300, 1}, {48, 200, 17}, {7, 513, 3},
};

START_TEST(test_random_gemm)
{
    const char *cfg = tsim_config_name((unsigned)_i);
    tsim *s = open_cfg(cfg);
    for (size_t i = 0; i < sizeof k_shapes / sizeof k_shapes[0]; i++) {
        ts_job j = {0};
        j.m = k_shapes[i][0], j.k = k_shapes[i][1], j.n = k_shapes[i][2];
        j.seed = 1000 * (uint64_t)_i + i;
        j.x_extra = (i & 1) ? 0 : 64;
        j.y_extra = (i & 2) ? 0 : 64;
        expect_ok(s, &j, cfg);
    }
    tsim_destroy(s);
}
END_TEST

/* N larger than the accumulator's N tile: the device loops over N tiles itself. */
START_TEST(test_n_tiles)
{
    const char *cfg = tsim_config_name((unsigned)_i);
    tsim *s = open_cfg(cfg);
    tdrv_hwcfg c;
    ts_read_cfg(s, &c);
    ts_job j = {0};
    j.m = 2 * c.cols + 3, j.k = 3 * c.rows + 1, j.n = 2 * c.max_n + 5, j.seed = 77 + (uint64_t)_i;
    expect_ok(s, &j, cfg);
    tsim_destroy(s);
}
END_TEST

/* Extremes: every activation -128 or +127 with all-(+1) or all-(-1) weights, long K. */
START_TEST(test_extremes)
{
    tsim *s = open_cfg(NULL);
    for (int a = 1; a <= 2; a++)
        for (int w = 1; w <= 2; w++) {
            ts_job j = {0};
            j.m = 40, j.k = 6912, j.n = 2, j.act_mode = a, j.wgt_mode = w;
            expect_ok(s, &j, "extreme");
        }
    tsim_destroy(s);
}
END_TEST

/* BitNet b1.58 2B4T projection shapes in decode (N = 1) on the default configuration. */
START_TEST(test_bitnet_decode)
{
    static const size_t shapes[][2] = {{2560, 2560}, {640, 2560}, {6912, 2560}, {2560, 6912}};
    tsim *s = open_cfg(NULL);
    for (size_t i = 0; i < 4; i++) {
        ts_job j = {0};
        j.m = shapes[i][0], j.k = shapes[i][1], j.n = 1, j.seed = 500 + i;
        expect_ok(s, &j, "bitnet");
    }
    tsim_destroy(s);
}
END_TEST

/* ---- faults ---- */
static void soft_reset_and_check(tsim *s)
{
    uint32_t st = 0, code = 1;
    ck_assert_int_eq(tsim_reg_write(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_SOFT_RESET), 0);
    tsim_run_until_idle(s, 100000);
    tsim_reg_read(s, TRITIUM_REG_STATUS, &st);
    tsim_reg_read(s, TRITIUM_REG_ERR_CODE, &code);
    ck_assert_uint_eq(st, 0);
    ck_assert_uint_eq(code, 0);
    ts_job j = {0};
    j.m = 45, j.k = 100, j.n = 3, j.seed = 99;
    expect_ok(s, &j, "after soft reset");
}

START_TEST(test_fault_read_weights)
{
    tsim *s = open_cfg(NULL);
    tsim_reg_write(s, TRITIUM_REG_IRQ_ENABLE, 1);
    tdrv_hwcfg c;
    ts_read_cfg(s, &c);
    ts_job j = {0};
    /* 8 M tiles; the fault hits the weights of M tile 3, so tiles 3.. must never be written */
    j.m = 8 * c.cols, j.k = 4 * c.rows, j.n = 2, j.seed = 3;
    size_t tile_bytes = (size_t)c.rows * c.cols / 4;
    j.err_where = 1, j.err_lo = 3 * 4 * tile_bytes, j.err_hi = j.err_lo + 1;
    ts_result r;
    ck_assert_int_eq(ts_run(s, &j, &r), 0);
    ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(r.err_code, TRITIUM_ERR_AXI_READ);
    ck_assert_int_eq(tsim_irq(s), 1);
    for (size_t t = 3; t < r.mtiles; t++)
        ck_assert_msg(!r.mtile_written[t], "M tile %zu written after the read fault", t);
    uint32_t lo = 0;
    tsim_reg_read(s, TRITIUM_REG_ERR_ADDR_LO, &lo);
    ck_assert_uint_le(lo, TS_W_BASE + j.err_lo);
    ck_assert_uint_gt(lo + 4096u, TS_W_BASE + j.err_lo);
    ts_result_free(&r);
    soft_reset_and_check(s);
    ck_assert_int_eq(tsim_irq(s), 1); /* the good job completes and interrupts */
    tsim_destroy(s);
}
END_TEST

START_TEST(test_fault_read_acts)
{
    tsim *s = open_cfg("r8c8w64");
    ts_job j = {0};
    j.m = 20, j.k = 30, j.n = 4, j.seed = 4;
    j.err_where = 2, j.err_lo = 0, j.err_hi = 8;
    ts_result r;
    ck_assert_int_eq(ts_run(s, &j, &r), 0);
    ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(r.err_code, TRITIUM_ERR_AXI_READ);
    ck_assert_int_eq(r.y_touched, 0);
    ts_result_free(&r);
    soft_reset_and_check(s);
    tsim_destroy(s);
}
END_TEST

START_TEST(test_fault_write)
{
    tsim *s = open_cfg(NULL);
    tdrv_hwcfg c;
    ts_read_cfg(s, &c);
    ts_job j = {0};
    /* the first result burst (M tile 0, row 0) fails; later M tiles must never be written */
    j.m = 6 * c.cols, j.k = 8 * c.rows, j.n = 1, j.seed = 5;
    j.err_where = 3, j.err_lo = 0, j.err_hi = 4;
    ts_result r;
    ck_assert_int_eq(ts_run(s, &j, &r), 0);
    ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(r.err_code, TRITIUM_ERR_AXI_WRITE);
    uint32_t lo = 0;
    tsim_reg_read(s, TRITIUM_REG_ERR_ADDR_LO, &lo);
    ck_assert_uint_eq(lo, TS_Y_BASE);
    for (size_t t = 0; t < r.mtiles; t++)
        ck_assert_msg(!r.mtile_written[t], "M tile %zu written after the write fault", t);
    ts_result_free(&r);
    soft_reset_and_check(s);
    tsim_destroy(s);
}
END_TEST

static uint32_t start_bad(tsim *s, uint32_t m, uint32_t k, uint32_t n, uint32_t w, uint32_t xs, uint32_t ys,
                          uint32_t flags)
{
    tsim_reg_write(s, TRITIUM_REG_CMD_W_LO, w);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_LO, TS_X_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_LO, TS_Y_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_M, m);
    tsim_reg_write(s, TRITIUM_REG_CMD_K, k);
    tsim_reg_write(s, TRITIUM_REG_CMD_N, n);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_STRIDE, xs);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_STRIDE, ys);
    tsim_reg_write(s, TRITIUM_REG_CMD_FLAGS, flags);
    tsim_reg_write(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    tsim_run_until_idle(s, 1000);
    uint32_t st = 0, code = 0;
    tsim_reg_read(s, TRITIUM_REG_STATUS, &st);
    tsim_reg_read(s, TRITIUM_REG_ERR_CODE, &code);
    ck_assert_uint_eq(st, TRITIUM_STATUS_ERROR);
    return code;
}

START_TEST(test_bad_commands)
{
    tsim *s = open_cfg(NULL);
    tdrv_hwcfg c;
    ts_read_cfg(s, &c);
    uint32_t al = c.data_w / 8;
    ck_assert_uint_eq(start_bad(s, 0, 16, 1, TS_W_BASE, al, al, 0), TRITIUM_ERR_CMD_ZERO_DIM);
    ck_assert_uint_eq(start_bad(s, 16, 0, 1, TS_W_BASE, al, al, 0), TRITIUM_ERR_CMD_ZERO_DIM);
    ck_assert_uint_eq(start_bad(s, 16, 16, 0, TS_W_BASE, al, al, 0), TRITIUM_ERR_CMD_ZERO_DIM);
    ck_assert_uint_eq(start_bad(s, 16, 16, 1, TS_W_BASE + 4, al, al, 0), TRITIUM_ERR_CMD_ALIGN);
    ck_assert_uint_eq(start_bad(s, 16, 16, 2, TS_W_BASE, al + 4, 64, 0), TRITIUM_ERR_CMD_ALIGN);
    ck_assert_uint_eq(start_bad(s, 16, c.act_bytes + 1, 1, TS_W_BASE, 2 * c.act_bytes, al, 0),
                      TRITIUM_ERR_CMD_TOO_LARGE);
    ck_assert_uint_eq(start_bad(s, 16, 16, 1, TS_W_BASE, al, al, 1), TRITIUM_ERR_CMD_FLAGS);
    ck_assert_uint_eq(start_bad(s, 64, 16, 2, TS_W_BASE, al, al, 0), TRITIUM_ERR_CMD_STRIDE);
    uint32_t done = 5;
    tsim_reg_read(s, TRITIUM_REG_DONE_COUNT, &done);
    ck_assert_uint_eq(done, 0);
    soft_reset_and_check(s);
    tsim_destroy(s);
}
END_TEST

/* START while a job runs is refused with ERR_START_BUSY; the running job still completes exactly. */
START_TEST(test_start_busy)
{
    tsim *s = open_cfg(NULL);
    tdrv_hwcfg c;
    ts_read_cfg(s, &c);
    const uint32_t al = c.data_w / 8, m = 256, k = 512;
    size_t wbytes = (size_t)m * k / 4;
    uint8_t *w = calloc(wbytes, 1), *x = calloc(k, 1);
    int32_t *y = calloc(m, 4);
    ck_assert(w && x && y);
    memset(w, 0x55, wbytes); /* all +1 */
    for (uint32_t i = 0; i < k; i++)
        x[i] = (uint8_t)(i % 7);
    int32_t sum = 0;
    for (uint32_t i = 0; i < k; i++)
        sum += (int32_t)(i % 7);
    tsim_mem_attach(s, TS_W_BASE, w, wbytes);
    tsim_mem_attach(s, TS_X_BASE, x, k);
    tsim_mem_attach(s, TS_Y_BASE, y, (size_t)m * 4);
    tsim_reg_write(s, TRITIUM_REG_CMD_W_LO, TS_W_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_LO, TS_X_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_LO, TS_Y_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_M, m);
    tsim_reg_write(s, TRITIUM_REG_CMD_K, k);
    tsim_reg_write(s, TRITIUM_REG_CMD_N, 1);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_STRIDE, al);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_STRIDE, al);
    tsim_reg_write(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    tsim_reg_write(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    uint32_t st = 0, code = 0, done = 0;
    tsim_reg_read(s, TRITIUM_REG_STATUS, &st);
    tsim_reg_read(s, TRITIUM_REG_ERR_CODE, &code);
    ck_assert_uint_eq(st, TRITIUM_STATUS_BUSY | TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(code, TRITIUM_ERR_START_BUSY);
    tsim_run_until_idle(s, 1000000);
    tsim_reg_read(s, TRITIUM_REG_DONE_COUNT, &done);
    ck_assert_uint_eq(done, 1);
    for (uint32_t i = 0; i < m; i++)
        ck_assert_int_eq(y[i], sum);
    tsim_destroy(s);
    free(w), free(x), free(y);
}
END_TEST

/* SOFT_RESET in the middle of a job aborts it cleanly; IRQ_STATUS is write-1-to-clear. */
START_TEST(test_abort_midway)
{
    tsim *s = open_cfg("r8c32w128");
    tsim_reg_write(s, TRITIUM_REG_IRQ_ENABLE, 1);
    const uint32_t m = 512, k = 1024;
    size_t wbytes = (size_t)m * k / 4;
    uint8_t *w = calloc(wbytes, 1), *x = calloc(k, 1);
    int32_t *y = calloc(m, 4);
    ck_assert(w && x && y);
    tsim_mem_attach(s, TS_W_BASE, w, wbytes);
    tsim_mem_attach(s, TS_X_BASE, x, k);
    tsim_mem_attach(s, TS_Y_BASE, y, (size_t)m * 4);
    tsim_reg_write(s, TRITIUM_REG_CMD_W_LO, TS_W_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_LO, TS_X_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_LO, TS_Y_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_M, m);
    tsim_reg_write(s, TRITIUM_REG_CMD_K, k);
    tsim_reg_write(s, TRITIUM_REG_CMD_N, 1);
    tsim_reg_write(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    tsim_step(s, 3000);
    uint32_t st = 0, done = 7;
    tsim_reg_read(s, TRITIUM_REG_STATUS, &st);
    ck_assert_uint_eq(st, TRITIUM_STATUS_BUSY);
    tsim_mem_detach(s, TS_W_BASE);
    tsim_mem_detach(s, TS_X_BASE);
    tsim_mem_detach(s, TS_Y_BASE);
    free(w), free(x), free(y);
    ck_assert_int_eq(tsim_irq(s), 0);
    soft_reset_and_check(s); /* aborts (bursts in flight hit no memory: they drain as DECERR) */
    ck_assert_int_eq(tsim_irq(s), 1);
    tsim_reg_read(s, TRITIUM_REG_DONE_COUNT, &done);
    ck_assert_uint_eq(done, 1);
    ck_assert_int_eq(tsim_reg_write(s, TRITIUM_REG_IRQ_STATUS, 1), 0);
    ck_assert_int_eq(tsim_irq(s), 0);
    tsim_destroy(s);
}
END_TEST

static Suite *sim_suite(void)
{
    Suite *su = suite_create("sim");
    TCase *tc = tcase_create("regs");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_configs_and_ids);
    suite_add_tcase(su, tc);

    tc = tcase_create("gemm");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_random_gemm, 0, (int)tsim_config_count());
    tcase_add_loop_test(tc, test_n_tiles, 0, (int)tsim_config_count());
    tcase_add_test(tc, test_extremes);
    suite_add_tcase(su, tc);

    tc = tcase_create("bitnet");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_bitnet_decode);
    suite_add_tcase(su, tc);

    tc = tcase_create("faults");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fault_read_weights);
    tcase_add_test(tc, test_fault_read_acts);
    tcase_add_test(tc, test_fault_write);
    tcase_add_test(tc, test_bad_commands);
    tcase_add_test(tc, test_start_busy);
    tcase_add_test(tc, test_abort_midway);
    suite_add_tcase(su, tc);
    return su;
}

int main(void)
{
    SRunner *sr = srunner_create(sim_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
