/*
 * The tlm backend's own promises: any legal parameter set opens at once (no model to build), many
 * devices of different configurations live on one SystemC elaboration, a job abandoned by a reset
 * writes nothing and the device works on, a result always follows what memory holds (the weight
 * cache never answers for bytes that changed), and a memory that never answers times out.
 */
#include <stdio.h>
#include <string.h>

#include "tests/sim/sim_harness.h"
#include "tests/tlm/suites.h"
#include "tritium_regs.h"

static tdrv_dev *open_tlm(const char *config)
{
    char err[512];
    tdrv_dev *d = ts_open_backend("tlm", config, 0, err, sizeof err);
    ck_assert_msg(d != NULL, "tlm %s: %s", config ? config : "default", err);
    return d;
}

static void exact(tdrv_dev *d, size_t m, size_t k, size_t n, uint64_t seed, tdrv_wfmt wf)
{
    ts_job j = {0};
    j.m = m, j.k = k, j.n = n, j.seed = seed, j.wfmt = wf;
    ts_result r;
    ck_assert_int_eq(ts_run(d, &j, &r), 0);
    ck_assert_msg(r.status == TRITIUM_STATUS_DONE && r.mismatches == 0 && r.pad_clobbered == 0,
                  "%zux%zux%zu: status %u, %d mismatches, %d pad bytes", m, k, n, r.status, r.mismatches,
                  r.pad_clobbered);
    ck_assert_uint_gt(r.perf.busy, 0);
    ts_result_free(&r);
}

START_TEST(any_parameter_set_opens_without_a_build)
{
    tdrv_dev *d = open_tlm("rows=16,cols=8,bus=128,act_bytes=8192,wr_bursts=4");
    const tdrv_info *in = tdrv_get_info(d);
    ck_assert_uint_eq(in->hw.rows, 16);
    ck_assert_uint_eq(in->hw.cols, 8);
    ck_assert_uint_eq(in->hw.data_w, 128);
    ck_assert_uint_eq(in->hw.act_bytes, 8192);
    ck_assert_uint_eq(in->hw.wr_bursts, 4);
    exact(d, 77, 300, 5, 1, TDRV_WFMT_2BIT);
    exact(d, 77, 300, in->hw.max_n + 2, 2, TDRV_WFMT_BASE3);
    tdrv_close(d);
    char err[512];
    ck_assert_ptr_null(ts_open_backend("tlm", "rows=3", 0, err, sizeof err));
    ck_assert_msg(strstr(err, "not legal"), "%s", err);
    ck_assert_ptr_null(ts_open_backend("tlm", "r9c9", 0, err, sizeof err));
    ck_assert_msg(strstr(err, "unknown hardware configuration 'r9c9'"), "%s", err);
}
END_TEST

START_TEST(many_devices_on_one_elaboration)
{
    for (int round = 0; round < 3; round++) {
        tdrv_dev *d[3];
        for (unsigned i = 0; i < 3; i++)
            d[i] = open_tlm(ts_config_name(i));
        for (unsigned i = 0; i < 3; i++)
            exact(d[i], 40 + i, 200 + 17 * i, 3, 10 + i + (uint64_t)round, TDRV_WFMT_2BIT);
        for (unsigned i = 0; i < 3; i++)
            tdrv_close(d[i]);
    }
}
END_TEST

START_TEST(reset_abandons_a_job_and_the_device_works_on)
{
    tdrv_dev *d = open_tlm(NULL);
    ck_assert_int_eq(tdrv_mem_speed(d, 0, 0xFFFFFFF0u), TDRV_OK); /* a memory that never answers in time */
    ts_job j = {0};
    j.m = 300, j.k = 500, j.n = 2, j.seed = 5;
    ts_result r;
    ck_assert_int_eq(ts_run(d, &j, &r), 0);
    ck_assert(r.status & TRITIUM_STATUS_BUSY); /* the harness's wait ran out */
    ck_assert_int_eq(r.y_touched, 0);
    ts_result_free(&r);
    char err[256];
    ck_assert_int_eq(tdrv_reset(d, err, sizeof err), TDRV_OK);
    uint32_t st;
    ck_assert_int_eq(tdrv_reg_read(d, TRITIUM_REG_STATUS, &st), TDRV_OK);
    ck_assert_uint_eq(st & TRITIUM_STATUS_BUSY, 0);
    ck_assert_int_eq(tdrv_mem_speed(d, 0, 40), TDRV_OK);
    exact(d, 300, 500, 2, 6, TDRV_WFMT_2BIT);
    tdrv_close(d);
}
END_TEST

/* The same addresses with other weights and activations, again and again: every result exact. */
START_TEST(results_follow_memory)
{
    tdrv_dev *d = open_tlm(NULL);
    for (uint64_t s = 0; s < 6; s++)
        exact(d, 129, 257, 1 + s % 3, 100 + s % 4, s % 2 ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT);
    tdrv_close(d);
}
END_TEST

Suite *suite_tlm_backend(void)
{
    Suite *s = suite_create("tlm_backend");
    TCase *tc = tcase_create("backend");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, any_parameter_set_opens_without_a_build);
    tcase_add_test(tc, many_devices_on_one_elaboration);
    tcase_add_test(tc, reset_abandons_a_job_and_the_device_works_on);
    tcase_add_test(tc, results_follow_memory);
    suite_add_tcase(s, tc);
    return s;
}
