/* Check suite of base-3 weight streams (CMD_FLAGS_WFMT_BASE3) on the checked models: the same
 * results as the 2-bit codes, bit for bit against kr_gemm_ref, for every padding case on every
 * configuration that decodes them; a byte above 242 is ERR_WEIGHT_CODE with nothing written from it;
 * a device without the decoder refuses the flag. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tests/sim/sim_harness.h"
#include "tests/sim/suites.h"
#include "tritium_regs.h"

static tdrv_dev *open_cfg(const char *name)
{
    char err[512];
    tdrv_dev *d = ts_open(name, 1, err, sizeof err);
    ck_assert_msg(d != NULL, "sim %s: %s", name ? name : "(default)", err);
    return d;
}

/* Runs j in both formats: each must match kr_gemm_ref exactly (so both match each other), and the
 * base-3 run reads fewer bytes whenever its stream is shorter (the activations are the same). */
static void expect_both(tdrv_dev *s, ts_job j, const char *cfg)
{
    uint64_t rd[2] = {0, 0};
    for (int f = 0; f < 2; f++) {
        j.wfmt = f ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT;
        ts_result r;
        ck_assert_int_eq(ts_run(s, &j, &r), 0);
        ck_assert_msg(r.status == TRITIUM_STATUS_DONE && r.err_code == 0, "%s %s M=%zu K=%zu N=%zu: status %#x err %u",
                      cfg, tdrv_wfmt_name(j.wfmt), j.m, j.k, j.n, r.status, r.err_code);
        ck_assert_msg(r.mismatches == 0, "%s %s M=%zu K=%zu N=%zu: %d mismatches, first at m=%zu n=%zu", cfg,
                      tdrv_wfmt_name(j.wfmt), j.m, j.k, j.n, r.mismatches, r.first_bad_m, r.first_bad_n);
        ck_assert_int_eq(r.pad_clobbered, 0);
        rd[f] = r.perf.rd_bytes;
        ts_result_free(&r);
    }
    const tdrv_hwcfg *c = ts_hw(s);
    ck_assert_uint_le(rd[1], rd[0]);
    if (tdrv_layout_bytes_fmt(c, TDRV_WFMT_BASE3, j.m, j.k) < tdrv_layout_bytes(c, j.m, j.k))
        ck_assert_uint_lt(rd[1], rd[0]);
}

START_TEST(test_b3_matches_2bit)
{
    const char *cfg = ts_config_name((unsigned)_i);
    tdrv_dev *s = open_cfg(cfg);
    const tdrv_hwcfg c = *ts_hw(s);
    if (!tdrv_wfmt_supported(&c, TDRV_WFMT_BASE3)) {
        /* no decoder: the flag is refused before anything moves */
        ts_job j = {.m = 5, .k = 7, .n = 1, .seed = 9, .wfmt = TDRV_WFMT_BASE3};
        ts_result r;
        ck_assert_int_eq(ts_run(s, &j, &r), 0);
        ck_assert_uint_eq(r.err_code, TRITIUM_ERR_CMD_FLAGS);
        ck_assert_int_eq(r.y_touched, 0);
        ts_result_free(&r);
        tdrv_close(s);
        return;
    }
    const size_t R = c.rows, C = c.cols, B = c.data_w / 8;
    /* M and K: 1, multiples of 5 and not, a tile and a beat and one more or less, several tiles; the
       tile stream's length in weights is then a multiple of 5 or leaves 1..4 digits in its last byte,
       and its bytes fill the last beat or not. */
    const size_t shapes[][3] = {
        {1, 1, 1},          {5, 5, 1},          {3, 7, 2},          {C, R, 1},          {C + 1, R - 1, 1},
        {C - 1, R + 1, 3},  {2 * C, 5 * R, 1},  {5 * C + 3, 2 * R + 5, 2}, {B + 5, B + 3, 1}, {33, 65, 5},
        {7, 513, 3},        {3 * C, 3 * R, 2 * c.max_n + 5}, /* several passes over the stream */
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        ts_job j = {0};
        j.m = shapes[i][0], j.k = shapes[i][1], j.n = shapes[i][2];
        j.seed = 4000 + 100 * (uint64_t)_i + i;
        if (j.m == 0 || j.k == 0 || j.k > c.act_bytes)
            continue;
        expect_both(s, j, cfg);
    }
    tdrv_close(s);
}
END_TEST

/* A byte above 242: in the first tile (nothing at all is written), in M tile 3 (tiles 3.. are never
 * written), and in the unused bytes of the stream's last beat (the last M tile is never written);
 * then a good job runs. */
START_TEST(test_b3_bad_byte)
{
    tdrv_dev *s = open_cfg(NULL);
    const tdrv_hwcfg c = *ts_hw(s);
    const size_t B = c.data_w / 8;
    ts_job j = {0};
    j.m = 8 * c.cols, j.k = 4 * c.rows, j.n = 2, j.seed = 31, j.wfmt = TDRV_WFMT_BASE3;
    const size_t weights_per_mtile = 4 * (size_t)c.rows * c.cols;
    const size_t wbytes = tdrv_layout_bytes_fmt(&c, TDRV_WFMT_BASE3, j.m, j.k);
    const size_t where[] = {1 + 3, 1 + 3 * weights_per_mtile / 5 + 2, wbytes};
    for (size_t w = 0; w < 3; w++) {
        j.bad_byte = where[w];
        ts_result r;
        ck_assert_int_eq(ts_run(s, &j, &r), 0);
        ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
        ck_assert_uint_eq(r.err_code, TRITIUM_ERR_WEIGHT_CODE);
        /* ERR_ADDR: the beat that holds the byte */
        ck_assert_uint_eq(r.err_addr, r.w_addr + (where[w] - 1) / B * B);
        if (w == 0)
            ck_assert_int_eq(r.y_touched, 0);
        for (size_t t = w == 0 ? 0 : w == 1 ? 3 : r.mtiles - 1; t < r.mtiles; t++)
            ck_assert_msg(!r.mtile_written[t], "case %zu: M tile %zu written from a bad stream", w, t);
        ts_result_free(&r);
    }
    j.bad_byte = 0;
    ts_result r;
    ck_assert_int_eq(ts_run(s, &j, &r), 0);
    ck_assert_uint_eq(r.status, TRITIUM_STATUS_DONE);
    ck_assert_int_eq(r.mismatches, 0);
    ts_result_free(&r);
    tdrv_close(s);
}
END_TEST

/* Reserved CMD_FLAGS bits are refused in either format. */
START_TEST(test_b3_reserved_flags)
{
    tdrv_dev *s = open_cfg(NULL);
    for (int f = 0; f < 2; f++) {
        ts_job j = {.m = 16, .k = 16, .n = 1, .seed = 5, .wfmt = f ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT, .flags = 1u << 7};
        ts_result r;
        ck_assert_int_eq(ts_run(s, &j, &r), 0);
        ck_assert_uint_eq(r.err_code, TRITIUM_ERR_CMD_FLAGS);
        ck_assert_int_eq(r.y_touched, 0);
        ts_result_free(&r);
    }
    tdrv_close(s);
}
END_TEST

Suite *suite_sim_b3(void)
{
    Suite *su = suite_create("sim_b3");
    TCase *tc = tcase_create("b3");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_b3_matches_2bit, 0, (int)ts_config_count());
    tcase_add_test(tc, test_b3_bad_byte);
    tcase_add_test(tc, test_b3_reserved_flags);
    suite_add_tcase(su, tc);
    return su;
}
