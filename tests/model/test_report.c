/* Run report: the derived figures from known counters, and JSON string escaping. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/report/report_run.h"
#include "tests/model/suites.h"

START_TEST(figures_from_known_counters)
{
    run_report r;
    memset(&r, 0, sizeof r);
    r.offloads = 1;
    r.hw.freq_mhz = 100.0;
    r.hw.data_w = 128;          /* 16 bytes per cycle: 1.6e9 bytes/s */
    r.hw.rows = 16;
    r.hw.cols = 16;
    r.tern_bytes = 999;         /* ignored: the device reports its own weight bytes */
    r.prefill.tokens = 8;
    r.prefill.wall_seconds = 2.0;
    r.prefill.t.total_seconds = 1.5;
    r.prefill.t.matmul_seconds = 1.0;   /* CPU work 0.5 s */
    r.prefill.st.modeled_seconds = 0.5;
    r.decode.tokens = 4;
    r.decode.wall_seconds = 8.0;
    r.decode.t.total_seconds = 7.0;
    r.decode.t.matmul_seconds = 6.6;    /* CPU work 0.4 s = 0.1 s per token */
    r.decode.st.cycles = 4000000;       /* 1e6 cycles per token = 10 ms at 100 MHz */
    r.decode.st.modeled_seconds = 0.04;
    r.decode.st.macs = 4000000ull * 128;
    r.decode.st.weight_bytes = 4 * 1600000ull;
    run_figures f;
    run_report_compute(&r, &f);
    ck_assert_double_eq_tol(f.prefill_tps, 4.0, 1e-12);
    ck_assert_double_eq_tol(f.decode_tps, 0.5, 1e-12);
    ck_assert_double_eq_tol(f.cycles_per_token, 1e6, 1e-6);
    ck_assert_double_eq_tol(f.modeled_matmul_s_per_token, 0.01, 1e-12);
    ck_assert_double_eq_tol(f.cpu_s_per_token, 0.1, 1e-12);
    ck_assert_double_eq_tol(f.modeled_decode_tps, 1.0 / 0.11, 1e-9);
    ck_assert_double_eq_tol(f.accel_only_decode_tps, 100.0, 1e-9);
    ck_assert_double_eq_tol(f.offload_share, 0.01 / 0.11, 1e-12);
    ck_assert_double_eq_tol(f.cpu_share, 0.1 / 0.11, 1e-12);
    ck_assert_double_eq_tol(f.modeled_prefill_tps, 8.0, 1e-9);   /* 8 / (0.5 + 0.5) */
    ck_assert_double_eq_tol(f.weight_bytes_per_token, 1600000.0, 1e-9);
    ck_assert_double_eq_tol(f.bus_bytes_per_s, 1.6e9, 1e-3);
    ck_assert_double_eq_tol(f.ceiling_tps, 1000.0, 1e-9);
    ck_assert_double_eq_tol(f.dev.utilization, 0.5, 1e-12);     /* 128 MACs per cycle of 256 */
}
END_TEST

START_TEST(cpu_backend_has_no_modeled_figures)
{
    run_report r;
    memset(&r, 0, sizeof r);
    r.tern_bytes = 1234;
    r.decode.tokens = 3;
    r.decode.wall_seconds = 1.5;
    run_figures f;
    run_report_compute(&r, &f);
    ck_assert_double_eq(f.modeled_decode_tps, 0.0);
    ck_assert_double_eq(f.cycles_per_token, 0.0);
    ck_assert_double_eq_tol(f.decode_tps, 2.0, 1e-12);
    ck_assert_double_eq(f.weight_bytes_per_token, 1234.0);
}
END_TEST

START_TEST(json_string_escapes)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(o);
    const char in[] = "a\"b\\c\n\x01 \xc3\xa9 \xff \xe2\x82";
    run_json_string(o, in, sizeof in - 1);
    fclose(o);
    ck_assert_str_eq(buf, "\"a\\\"b\\\\c\\u000a\\u0001 \xc3\xa9 \\ufffd \\ufffd\\ufffd\"");
    free(buf);
}
END_TEST

Suite *suite_run_report(void)
{
    Suite *s = suite_create("run_report");
    TCase *tc = tcase_create("figures");
    tcase_add_test(tc, figures_from_known_counters);
    tcase_add_test(tc, cpu_backend_has_no_modeled_figures);
    tcase_add_test(tc, json_string_escapes);
    suite_add_tcase(s, tc);
    return s;
}
