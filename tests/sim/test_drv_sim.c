/* The driver on the real "sim" backend: a command by hand, device-side errors decoded end to end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv.h"
#include "driver/tdrv_layout.h"
#include "kernels_ref/kr_gemm.h"
#include "tests/sim/suites.h"
#include "tritium_regs.h"

#define M 37
#define K 70
#define N 3

typedef struct {
    tdrv_dev *d;
    tdrv_buf *w, *x, *y;
    kr_tern t;
    int8_t q[N * K];
    int32_t ref[N * M];
    size_t xs, ys;
} rig;

static char g_err[512];

static void rig_open(rig *r)
{
    memset(r, 0, sizeof *r);
    const tdrv_open_args a = {.checked = 1}; /* the RTL's assertions on */
    ck_assert_msg(tdrv_open_with("sim", &a, &r->d, g_err, sizeof g_err) == TDRV_OK, "%s", g_err);
    const tdrv_hwcfg *hw = &tdrv_get_info(r->d)->hw;
    ck_assert_int_eq(kr_tern_alloc(&r->t, M, K), KR_OK);
    for (size_t m = 0; m < M; m++)
        for (size_t k = 0; k < K; k++)
            kr_tern_set(&r->t, m, k, (int)((m * 7 + k * 3) % 3) - 1);
    for (size_t i = 0; i < N * K; i++)
        r->q[i] = (int8_t)(i * 37 + 11);
    ck_assert_int_eq(kr_gemm_ref(&r->t, r->q, N, K, r->ref, M), KR_OK);
    size_t wb = tdrv_layout_bytes(hw, M, K);
    uint8_t *packed = malloc(wb);
    ck_assert_int_eq(tdrv_layout_pack(hw, &(tdrv_codes){r->t.codes, r->t.rows, r->t.cols, r->t.stride}, packed, wb), 0);
    r->xs = tdrv_hwcfg_x_row_bytes(hw, K);
    r->ys = (4 * M + tdrv_hwcfg_align(hw) - 1) / tdrv_hwcfg_align(hw) * tdrv_hwcfg_align(hw);
    ck_assert_int_eq(tdrv_buf_alloc(r->d, wb, &r->w, g_err, sizeof g_err), TDRV_OK);
    ck_assert_int_eq(tdrv_buf_alloc(r->d, N * r->xs, &r->x, g_err, sizeof g_err), TDRV_OK);
    ck_assert_int_eq(tdrv_buf_alloc(r->d, N * r->ys, &r->y, g_err, sizeof g_err), TDRV_OK);
    ck_assert_int_eq(tdrv_buf_write(r->d, r->w, 0, packed, wb, g_err, sizeof g_err), TDRV_OK);
    for (size_t n = 0; n < N; n++)
        ck_assert_int_eq(tdrv_buf_write(r->d, r->x, n * r->xs, r->q + n * K, K, g_err, sizeof g_err), TDRV_OK);
    free(packed);
}

static void rig_close(rig *r)
{
    tdrv_buf_free(r->d, r->w);
    tdrv_buf_free(r->d, r->x);
    tdrv_buf_free(r->d, r->y);
    tdrv_close(r->d);
    kr_tern_free(&r->t);
}

static tdrv_cmd rig_cmd(const rig *r)
{
    tdrv_cmd c = {tdrv_buf_addr(r->w), tdrv_buf_addr(r->x), tdrv_buf_addr(r->y), M, K, N,
                  (uint32_t)r->xs, (uint32_t)r->ys, 0, tdrv_buf_win(r->w), tdrv_buf_win(r->x), tdrv_buf_win(r->y)};
    return c;
}

static tdrv_status run(rig *r, const tdrv_cmd *c, uint64_t timeout)
{
    tdrv_status st = tdrv_submit(r->d, c, g_err, sizeof g_err);
    return st ? st : tdrv_wait(r->d, timeout, NULL, g_err, sizeof g_err);
}

static void check_result(rig *r)
{
    int32_t row[M];
    for (size_t n = 0; n < N; n++) {
        ck_assert_int_eq(tdrv_buf_read(r->d, r->y, n * r->ys, row, sizeof row, g_err, sizeof g_err), TDRV_OK);
        for (size_t m = 0; m < M; m++)
            ck_assert_msg(row[m] == r->ref[n * M + m], "n=%zu m=%zu: device %d, reference %d", n, m, (int)row[m],
                          (int)r->ref[n * M + m]);
    }
}

START_TEST(command_by_hand_is_bit_exact_and_counted)
{
    rig r;
    rig_open(&r);
    tdrv_cmd c = rig_cmd(&r);
    tdrv_perf a, b;
    ck_assert_int_eq(tdrv_perf_read(r.d, &a), TDRV_OK);
    ck_assert_msg(run(&r, &c, 1000000) == TDRV_OK, "%s", g_err);
    ck_assert_int_eq(tdrv_perf_read(r.d, &b), TDRV_OK);
    check_result(&r);
    tdrv_perf d = tdrv_perf_diff(&b, &a);
    ck_assert_uint_eq(d.jobs, 1);
    ck_assert_uint_gt(d.busy, 0);
    size_t bus = tdrv_hwcfg_align(&tdrv_get_info(r.d)->hw);
    ck_assert_uint_ge(d.rd_bytes, tdrv_layout_bytes(&tdrv_get_info(r.d)->hw, M, K) + N * r.xs);
    /* Writes are counted in whole beats (strobes mask the tail of each row). */
    ck_assert_uint_eq(d.wr_bytes, (uint64_t)N * ((4 * M + bus - 1) / bus) * bus);
    rig_close(&r);
}
END_TEST

START_TEST(injected_buffer_error_is_decoded_and_reset_recovers)
{
    rig r;
    rig_open(&r);
    tdrv_cmd c = rig_cmd(&r);
    ck_assert_int_eq(tdrv_buf_inject_error(r.d, r.x), TDRV_OK);
    ck_assert_int_eq(run(&r, &c, 1000000), TDRV_ERR_DEVICE);
    ck_assert_msg(strstr(g_err, "ERR_AXI_READ"), "%s", g_err);
    char want[32];
    snprintf(want, sizeof want, "0x%llx", (unsigned long long)tdrv_buf_addr(r.x));
    ck_assert_msg(strstr(g_err, want), "'%s' does not name the X buffer at %s", g_err, want);
    ck_assert_int_eq(tdrv_inject_error(r.d, 0, 0), TDRV_OK);
    ck_assert_int_eq(tdrv_reset(r.d, g_err, sizeof g_err), TDRV_OK);
    ck_assert_msg(run(&r, &c, 1000000) == TDRV_OK, "%s", g_err);
    check_result(&r);
    rig_close(&r);
}
END_TEST

START_TEST(bad_commands_are_refused_by_the_device)
{
    rig r;
    rig_open(&r);
    const tdrv_hwcfg *hw = &tdrv_get_info(r.d)->hw;
    tdrv_cmd c = rig_cmd(&r);
    c.x_addr += 4;
    ck_assert_int_eq(run(&r, &c, 100000), TDRV_ERR_DEVICE);
    ck_assert_msg(strstr(g_err, "ERR_CMD_ALIGN"), "%s", g_err);
    c = rig_cmd(&r);
    c.k = (uint32_t)tdrv_hwcfg_max_k(hw) + (uint32_t)tdrv_hwcfg_align(hw);
    c.x_stride = c.k;
    ck_assert_int_eq(run(&r, &c, 100000), TDRV_ERR_DEVICE);
    ck_assert_msg(strstr(g_err, "ERR_CMD_TOO_LARGE"), "%s", g_err);
    c = rig_cmd(&r);
    c.y_stride = (uint32_t)tdrv_hwcfg_align(hw); /* < 4*M with N > 1 */
    ck_assert_int_eq(run(&r, &c, 100000), TDRV_ERR_DEVICE);
    ck_assert_msg(strstr(g_err, "ERR_CMD_STRIDE"), "%s", g_err);
    /* The device takes the next good command without a reset. */
    c = rig_cmd(&r);
    ck_assert_msg(run(&r, &c, 1000000) == TDRV_OK, "%s", g_err);
    check_result(&r);
    rig_close(&r);
}
END_TEST

START_TEST(stalled_memory_times_out_and_reset_recovers)
{
    rig r;
    rig_open(&r);
    tdrv_cmd c = rig_cmd(&r);
    ck_assert_int_eq(tdrv_mem_speed(r.d, 0, 0xFFFFFFF0u), TDRV_OK);
    uint64_t t0 = tdrv_now(r.d);
    ck_assert_int_eq(run(&r, &c, 5000), TDRV_ERR_TIMEOUT);
    ck_assert_uint_ge(tdrv_now(r.d) - t0, 5000); /* the simulated clock ran while the driver waited */
    ck_assert_int_eq(tdrv_submit(r.d, &c, g_err, sizeof g_err), TDRV_ERR_BUSY);
    ck_assert_int_eq(tdrv_mem_speed(r.d, 0, 0), TDRV_OK);
    ck_assert_int_eq(tdrv_reset(r.d, g_err, sizeof g_err), TDRV_OK);
    ck_assert_msg(run(&r, &c, 1000000) == TDRV_OK, "%s", g_err);
    check_result(&r);
    rig_close(&r);
}
END_TEST

Suite *suite_sim_driver(void)
{
    Suite *s = suite_create("drv_sim");
    TCase *tc = tcase_create("sim");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, command_by_hand_is_bit_exact_and_counted);
    tcase_add_test(tc, injected_buffer_error_is_decoded_and_reset_recovers);
    tcase_add_test(tc, bad_commands_are_refused_by_the_device);
    tcase_add_test(tc, stalled_memory_times_out_and_reset_recovers);
    suite_add_tcase(s, tc);
    return s;
}
