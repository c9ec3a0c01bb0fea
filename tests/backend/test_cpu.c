/* The cpu backend and the backend-independent checks of rt_backend.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/backend/suites.h"

static const size_t k_shapes[][3] = {
    {1, 1, 1}, {1, 7, 3}, {17, 33, 5}, {64, 256, 1}, {100, 47, 70}, {255, 1001, 2}, {3, 4097, 9},
};

/* Every weight layout (auto, 2-bit, base-3) at 1 and 2 threads. */
START_TEST(cpu_matches_reference)
{
    char err[512];
    rt_backend_opts o = {.threads = 1 + _i % 2, .cpu_weights = (rt_cpu_weights)(_i / 2)};
    rt_backend *b = rt_backend_open("cpu", &o, err, sizeof err);
    ck_assert_msg(b != NULL, "%s", err);
    char desc[256];
    rt_backend_describe(b, desc, sizeof desc);
    if (o.cpu_weights != RT_CPU_WEIGHTS_AUTO)
        ck_assert_msg(strstr(desc, rt_cpu_weights_name(o.cpu_weights)) != NULL, "%s", desc);
    for (size_t i = 0; i < sizeof k_shapes / sizeof k_shapes[0]; i++) {
        const size_t *s = k_shapes[i];
        be_problem p;
        be_problem_make(&p, s[0], s[1], s[2], s[1] + 3, 100 + i);
        int32_t *ref = be_reference(&p);
        int32_t *y = be_run(b, &p, s[0] + 1);
        char what[384];
        snprintf(what, sizeof what, "cpu (%s) %zux%zux%zu", desc, s[0], s[1], s[2]);
        be_assert_equal(y, s[0] + 1, ref, p.m, p.n, what);
        free(y);
        free(ref);
        be_problem_free(&p);
    }
    const rt_stats *st = rt_backend_stats(b);
    ck_assert_uint_eq(st->calls, sizeof k_shapes / sizeof k_shapes[0]);
    ck_assert_uint_eq(st->offloaded, 0);
    ck_assert_uint_eq(st->cycles, 0);
    rt_backend_stats_reset(b);
    ck_assert_uint_eq(rt_backend_stats(b)->calls, 0);
    rt_backend_close(b);
}
END_TEST

START_TEST(bad_arguments_are_reported)
{
    char err[512];
    ck_assert_ptr_null(rt_backend_open("gpu", NULL, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "unknown backend 'gpu'"));
    rt_backend_opts neg = {.threads = -1};
    ck_assert_ptr_null(rt_backend_open("cpu", &neg, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "threads"));
    rt_backend_opts layout = {.threads = 1, .cpu_weights = (rt_cpu_weights)9};
    ck_assert_ptr_null(rt_backend_open("cpu", &layout, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "layout"));
    rt_cpu_weights cw = RT_CPU_WEIGHTS_AUTO;
    ck_assert_int_eq(rt_cpu_weights_parse("base3", &cw), 0);
    ck_assert_int_eq(cw, RT_CPU_WEIGHTS_BASE3);
    ck_assert_int_eq(rt_cpu_weights_parse("2bit", &cw), 0);
    ck_assert_int_eq(cw, RT_CPU_WEIGHTS_2BIT);
    ck_assert_int_eq(rt_cpu_weights_parse("auto", &cw), 0);
    ck_assert_int_eq(cw, RT_CPU_WEIGHTS_AUTO);
    ck_assert_int_eq(rt_cpu_weights_parse("base-3", &cw), -1);
    ck_assert_int_eq(rt_cpu_weights_parse(NULL, &cw), -1);
    ck_assert_str_eq(rt_cpu_weights_name(RT_CPU_WEIGHTS_BASE3), "base3");
    rt_backend *b = rt_backend_open("cpu", NULL, err, sizeof err);
    ck_assert_ptr_nonnull(b);
    be_problem p;
    be_problem_make(&p, 8, 16, 2, 16, 7);
    rt_weights *rw;
    ck_assert_int_eq(rt_backend_prepare(b, &p.w, &rw, err, sizeof err), 0);
    int32_t y[16];
    ck_assert_int_eq(rt_backend_matmul(b, rw, p.q, 2, 15, y, 8, err, sizeof err), -1); /* ldq < K */
    ck_assert_ptr_nonnull(strstr(err, "ldq=15"));
    ck_assert_int_eq(rt_backend_matmul(b, rw, p.q, 0, 16, y, 8, err, sizeof err), -1);
    ck_assert_int_eq(rt_backend_matmul(b, rw, p.q, 2, 16, y, 7, err, sizeof err), -1); /* ldy < M */
    ck_assert_int_eq(rt_backend_matmul(b, rw, NULL, 2, 16, y, 8, err, sizeof err), -1);
    /* An invalid code (10b) is refused at prepare, not discovered mid-run. */
    p.w.codes[0] = 0x2;
    rt_weights *bad;
    ck_assert_int_eq(rt_backend_prepare(b, &p.w, &bad, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "8 x 16"));
    rt_backend_release(b, rw);
    be_problem_free(&p);
    rt_backend_close(b);
}
END_TEST

START_TEST(cpu_verify_counts_nothing_when_exact)
{
    char err[512];
    rt_backend_opts o = {.verify = 1, .threads = 1};
    rt_backend *b = rt_backend_open("cpu", &o, err, sizeof err);
    be_problem p;
    be_problem_make(&p, 50, 300, 4, 300, 9);
    int32_t *ref = be_reference(&p);
    int32_t *y = be_run(b, &p, 50);
    be_assert_equal(y, 50, ref, 50, 4, "cpu verify");
    const rt_stats *st = rt_backend_stats(b);
    ck_assert_uint_eq(st->mismatches, 0);
    ck_assert_uint_eq(st->fallbacks, 0);
    ck_assert_uint_eq(st->macs, 50u * 300 * 4);
    free(y);
    free(ref);
    be_problem_free(&p);
    rt_backend_close(b);
}
END_TEST

Suite *suite_be_cpu(void)
{
    Suite *s = suite_create("be_cpu");
    TCase *tc = tcase_create("cpu");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, cpu_matches_reference, 0, 6);
    tcase_add_test(tc, bad_arguments_are_reported);
    tcase_add_test(tc, cpu_verify_counts_nothing_when_exact);
    suite_add_tcase(s, tc);
    return s;
}
