/* Run report: the derived figures from known counters, and its JSON members through the writer. */
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

/* Strings in the report go through the writer: escapes, and invalid UTF-8 bytes as U+FFFD. */
START_TEST(json_string_escapes)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(o);
    const char in[] = "a\"b\\c\n\x01 \xc3\xa9 \xff \xe2\x82";
    jw_writer w;
    jw_init(&w, o);
    jw_string_len(&w, in, sizeof in - 1);
    ck_assert_int_eq(jw_finish(&w, NULL, 0), 0);
    fclose(o);
    ck_assert_str_eq(buf, "\"a\\\"b\\\\c\\n\\u0001 \xc3\xa9 \\ufffd \\ufffd\\ufffd\"");
    free(buf);
}
END_TEST

/* The report of figures_from_known_counters with some events and a hardware string that needs escapes. */
static void known_report(run_report *r)
{
    memset(r, 0, sizeof *r);
    strcpy(r->backend, "sim");
    strcpy(r->hw_desc, "sim: \"r16\" \\ 16x16 \xc3\xa9");
    r->verify = 1;
    r->offloads = 1;
    r->hw.freq_mhz = 100.0;
    r->hw.data_w = 128;
    r->hw.rows = 16;
    r->hw.cols = 16;
    r->tern_bytes = 999;
    r->prefill.tokens = 8;
    r->prefill.wall_seconds = 2.0;
    r->prefill.t.total_seconds = 1.5;
    r->prefill.t.matmul_seconds = 1.0;
    r->prefill.st.modeled_seconds = 0.5;
    r->prefill.st.calls = 10;
    r->prefill.st.offloaded = 9;
    r->prefill.st.fallbacks = 1;
    r->decode.tokens = 4;
    r->decode.wall_seconds = 8.0;
    r->decode.t.total_seconds = 7.0;
    r->decode.t.matmul_seconds = 6.6;
    r->decode.st.cycles = 4000000;
    r->decode.st.modeled_seconds = 0.04;
    r->decode.st.macs = 4000000ull * 128;
    r->decode.st.weight_bytes = 4 * 1600000ull;
    r->decode.st.calls = 20;
    r->decode.st.offloaded = 20;
    r->decode.st.mismatches = 2;
    r->decode.st.device_errors = 3;
}

/* The report's members inside an object, checked to be a complete document; the caller frees. */
static char *report_json(const run_report *r, const run_figures *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(o);
    jw_writer w;
    jw_init(&w, o);
    jw_begin_object(&w);
    run_report_json_fields(&w, r, f);
    jw_end_object(&w);
    char err[160] = "";
    ck_assert_msg(jw_finish(&w, err, sizeof err) == 0, "jw_finish: %s", err);
    ck_assert_int_eq(fclose(o), 0);
    return buf;
}

START_TEST(report_json_keeps_its_keys_and_formats)
{
    run_report r;
    known_report(&r);
    run_figures f;
    run_report_compute(&r, &f);
    char *buf = report_json(&r, &f);
    /* The bytes the printf version wrote for this report (users parse these keys, in this order). */
    ck_assert_str_eq(buf,
                     "{\"backend\": \"sim\", \"hardware\": \"sim: \\\"r16\\\" \\\\ 16x16 \xc3\xa9\""
                     ", \"verify\": true, \"freq_mhz\": 100.000, \"bus_bits\": 128, \"prefill_tokens\": 8"
                     ", \"decode_steps\": 4, \"host_prefill_tokens_per_s\": 4, \"host_decode_tokens_per_s\": 0.5"
                     ", \"host_cpu_work_s\": 0.9, \"host_matmul_s\": 7.6, \"cycles_per_token\": 1e+06"
                     ", \"modeled_decode_tokens_per_s\": 9.09091, \"modeled_prefill_tokens_per_s\": 8"
                     ", \"device_only_decode_tokens_per_s\": 100, \"utilization\": 0.5, \"bus_utilization\": 0"
                     ", \"offload_share\": 0.0909091, \"cpu_share\": 0.909091, \"weight_bytes_per_token\": 1.6e+06"
                     ", \"bus_bytes_per_s\": 1.6e+09, \"bandwidth_ceiling_tokens_per_s\": 1000, \"matmuls\": 30"
                     ", \"offloaded\": 29, \"mismatches\": 2, \"device_errors\": 3, \"fallbacks\": 1, \"hard_resets\": 0}");
    free(buf);
}
END_TEST

START_TEST(report_json_non_finite_figures_are_null)
{
    run_report r;
    known_report(&r);
    run_figures f;
    run_report_compute(&r, &f);
    f.prefill_tps = NAN;
    f.ceiling_tps = INFINITY;
    f.dev.utilization = -INFINITY;
    r.hw.freq_mhz = NAN;
    char *buf = report_json(&r, &f);
    ck_assert_ptr_nonnull(strstr(buf, "\"freq_mhz\": null, \"bus_bits\": 128,"));
    ck_assert_ptr_nonnull(strstr(buf, "\"host_prefill_tokens_per_s\": null, \"host_decode_tokens_per_s\": 0.5,"));
    ck_assert_ptr_nonnull(strstr(buf, "\"utilization\": null, \"bus_utilization\": 0,"));
    ck_assert_ptr_nonnull(strstr(buf, "\"bandwidth_ceiling_tokens_per_s\": null, \"matmuls\": 30,"));
    ck_assert_ptr_null(strstr(buf, "nan"));
    ck_assert_ptr_null(strstr(buf, "inf"));
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
    tcase_add_test(tc, report_json_keeps_its_keys_and_formats);
    tcase_add_test(tc, report_json_non_finite_figures_are_null);
    suite_add_tcase(s, tc);
    return s;
}
