/* Command submission, completion, device errors, timeouts, reset and counters, on the mock. */
#include <stdint.h>
#include <string.h>

#include "driver/tdrv.h"
#include "tests/driver/mock.h"
#include "tests/driver/suites.h"
#include "tritium_regs.h"

static mock_dev g_m;
static char g_err[512];

static tdrv_dev *open_mock(void)
{
    mock_init(&g_m);
    mock_next = &g_m;
    tdrv_dev *d = NULL;
    ck_assert_int_eq(tdrv_open_ops(&mock_ops, NULL, &d, g_err, sizeof g_err), TDRV_OK);
    g_m.nwrites = 0;
    return d;
}

static uint32_t written(uint32_t off)
{
    for (unsigned i = 0; i < g_m.nwrites; i++)
        if (g_m.writes[i][0] == off)
            return g_m.writes[i][1];
    ck_abort_msg("register 0x%x never written", off);
    return 0;
}

START_TEST(submit_writes_every_command_register_then_start)
{
    tdrv_dev *d = open_mock();
    tdrv_cmd c = {0x123456789a0ull, 0x2000, 0x3000, 2560, 6912, 3, 6912, 10240, 0,
                  {0x12345678000ull, 0x12345679000ull}, {0x2000, 0x8000}, {0x3000, 0x100000}};
    ck_assert_int_eq(tdrv_submit(d, &c, g_err, sizeof g_err), TDRV_OK);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_W_LO), 0x456789a0u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_W_HI), 0x123u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_X_LO), 0x2000);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_X_HI), 0);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_Y_LO), 0x3000);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_M), 2560);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_K), 6912);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_N), 3);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_X_STRIDE), 6912);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_Y_STRIDE), 10240);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_FLAGS), 0);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_WIN_W_BASE_LO), 0x45678000u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_WIN_W_BASE_HI), 0x123u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_WIN_W_END_LO), 0x45679000u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_WIN_X_END_LO), 0x8000u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_WIN_Y_BASE_LO), 0x3000u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_WIN_Y_END_LO), 0x100000u);
    ck_assert_uint_eq(written(TRITIUM_REG_CMD_WIN_Y_END_HI), 0);
    /* START comes last, after every operand is in place. */
    ck_assert_uint_eq(g_m.writes[g_m.nwrites - 1][0], TRITIUM_REG_CTRL);
    ck_assert_uint_eq(g_m.writes[g_m.nwrites - 1][1], TRITIUM_CTRL_START);
    tdrv_close(d);
}
END_TEST

START_TEST(submit_refuses_busy_device_and_zero_dims)
{
    tdrv_dev *d = open_mock();
    tdrv_cmd c = {0x1000, 0x2000, 0x3000, 16, 16, 1, 32, 64, 0, {0x1000, 0x2000}, {0x2000, 0x3000}, {0x3000, 0x4000}};
    *mock_reg(&g_m, TRITIUM_REG_STATUS) = TRITIUM_STATUS_BUSY;
    ck_assert_int_eq(tdrv_submit(d, &c, g_err, sizeof g_err), TDRV_ERR_BUSY);
    ck_assert_uint_eq(g_m.nwrites, 0);
    *mock_reg(&g_m, TRITIUM_REG_STATUS) = 0;
    c.k = 0;
    ck_assert_int_eq(tdrv_submit(d, &c, g_err, sizeof g_err), TDRV_ERR_ARG);
    ck_assert_ptr_nonnull(strstr(g_err, "K=0"));
    /* a command without a results window is refused before any register is written */
    c.k = 16;
    c.y_win.end = c.y_win.base;
    ck_assert_int_eq(tdrv_submit(d, &c, g_err, sizeof g_err), TDRV_ERR_ARG);
    ck_assert_msg(strstr(g_err, "results' window") != NULL, "%s", g_err);
    ck_assert_uint_eq(g_m.nwrites, 0);
    tdrv_close(d);
}
END_TEST

START_TEST(wait_decodes_device_errors)
{
    tdrv_dev *d = open_mock();
    uint64_t cyc = 0;
    *mock_reg(&g_m, TRITIUM_REG_STATUS) = TRITIUM_STATUS_DONE;
    ck_assert_int_eq(tdrv_wait(d, 1000, &cyc, g_err, sizeof g_err), TDRV_OK);
    ck_assert_uint_eq(cyc, 10);
    *mock_reg(&g_m, TRITIUM_REG_STATUS) = TRITIUM_STATUS_ERROR;
    *mock_reg(&g_m, TRITIUM_REG_ERR_CODE) = TRITIUM_ERR_AXI_READ;
    *mock_reg(&g_m, TRITIUM_REG_ERR_ADDR_LO) = 0x00abc000;
    *mock_reg(&g_m, TRITIUM_REG_ERR_ADDR_HI) = 0x1;
    ck_assert_int_eq(tdrv_wait(d, 1000, &cyc, g_err, sizeof g_err), TDRV_ERR_DEVICE);
    ck_assert_ptr_nonnull(strstr(g_err, "ERR_AXI_READ"));
    ck_assert_ptr_nonnull(strstr(g_err, "0x100abc000"));
    *mock_reg(&g_m, TRITIUM_REG_ERR_CODE) = TRITIUM_ERR_CMD_ALIGN;
    ck_assert_int_eq(tdrv_wait(d, 1000, &cyc, g_err, sizeof g_err), TDRV_ERR_DEVICE);
    ck_assert_ptr_nonnull(strstr(g_err, "ERR_CMD_ALIGN"));
    ck_assert_ptr_nonnull(strstr(g_err, "aligned"));
    /* Idle with neither DONE nor ERROR is not silently a success. */
    *mock_reg(&g_m, TRITIUM_REG_STATUS) = 0;
    ck_assert_int_eq(tdrv_wait(d, 1000, &cyc, g_err, sizeof g_err), TDRV_ERR_DEVICE);
    tdrv_close(d);
}
END_TEST

START_TEST(wait_times_out_and_reset_recovers)
{
    tdrv_dev *d = open_mock();
    uint64_t cyc = 0;
    g_m.never_idle = 1;
    *mock_reg(&g_m, TRITIUM_REG_STATUS) = TRITIUM_STATUS_BUSY;
    ck_assert_int_eq(tdrv_wait(d, 5000, &cyc, g_err, sizeof g_err), TDRV_ERR_TIMEOUT);
    ck_assert_uint_eq(cyc, 5000);
    ck_assert_ptr_nonnull(strstr(g_err, "5000"));
    /* The mock never goes idle and has no hard reset: reset must say so, not hang. */
    ck_assert_int_eq(tdrv_reset(d, g_err, sizeof g_err), TDRV_ERR_TIMEOUT);
    ck_assert_ptr_nonnull(strstr(g_err, "soft reset"));
    g_m.never_idle = 0;
    g_m.nwrites = 0;
    ck_assert_int_eq(tdrv_reset(d, g_err, sizeof g_err), TDRV_OK);
    ck_assert_uint_eq(written(TRITIUM_REG_CTRL), TRITIUM_CTRL_SOFT_RESET);
    ck_assert_int_eq(tdrv_wait(d, 0, &cyc, g_err, sizeof g_err), TDRV_ERR_ARG);
    tdrv_close(d);
}
END_TEST

START_TEST(perf_counters_are_64_bit_pairs)
{
    tdrv_dev *d = open_mock();
    *mock_reg(&g_m, TRITIUM_REG_PERF_CYCLES) = 0xfffffff0u;
    *mock_reg(&g_m, TRITIUM_REG_PERF_CYCLES + 4) = 2;
    *mock_reg(&g_m, TRITIUM_REG_PERF_RD_BYTES) = 100;
    *mock_reg(&g_m, TRITIUM_REG_PERF_JOBS + 4) = 1;
    tdrv_perf a, b;
    ck_assert_int_eq(tdrv_perf_read(d, &a), TDRV_OK);
    ck_assert_uint_eq(a.cycles, 0x2fffffff0ull);
    ck_assert_uint_eq(a.rd_bytes, 100);
    ck_assert_uint_eq(a.jobs, 1ull << 32);
    *mock_reg(&g_m, TRITIUM_REG_PERF_CYCLES) = 0x10u;
    *mock_reg(&g_m, TRITIUM_REG_PERF_CYCLES + 4) = 3;
    ck_assert_int_eq(tdrv_perf_read(d, &b), TDRV_OK);
    tdrv_perf df = tdrv_perf_diff(&b, &a);
    ck_assert_uint_eq(df.cycles, 0x20);
    ck_assert_uint_eq(df.rd_bytes, 0);
    /* No fault hooks in the mock: the driver says so instead of pretending. */
    ck_assert_int_eq(tdrv_inject_error(d, 0, 16), TDRV_ERR_UNSUPPORTED);
    ck_assert_int_eq(tdrv_mem_speed(d, 1, 1), TDRV_ERR_UNSUPPORTED);
    tdrv_close(d);
}
END_TEST

Suite *suite_drv_cmd(void)
{
    Suite *s = suite_create("drv_cmd");
    TCase *tc = tcase_create("cmd");
    tcase_add_test(tc, submit_writes_every_command_register_then_start);
    tcase_add_test(tc, submit_refuses_busy_device_and_zero_dims);
    tcase_add_test(tc, wait_decodes_device_errors);
    tcase_add_test(tc, wait_times_out_and_reset_recovers);
    tcase_add_test(tc, perf_counters_are_64_bit_pairs);
    suite_add_tcase(s, tc);
    return s;
}
