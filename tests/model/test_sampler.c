/* Sampler: greedy, top-k / top-p limits, seeds. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "runtime/sampler/sampler.h"
#include "tests/model/suites.h"

static const float k_logits[6] = {1.0f, 3.0f, 2.5f, -1.0f, 3.0f, 0.0f};

START_TEST(greedy_takes_argmax_lowest_id_on_tie)
{
    sampler_params p = {0.0f, 0, 1.0f, 1};
    sampler *s = sampler_new(&p, 6, NULL, 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sampler_sample(s, k_logits), 1);
    float nan_first[3] = {NAN, -5.0f, -4.0f};
    sampler_free(s);
    s = sampler_new(&p, 3, NULL, 0);
    ck_assert_int_eq(sampler_sample(s, nan_first), 2);
    sampler_free(s);
}
END_TEST

START_TEST(top_k_limits_candidates)
{
    sampler_params p = {5.0f, 2, 1.0f, 123};
    sampler *s = sampler_new(&p, 6, NULL, 0);
    int seen[6] = {0};
    for (int i = 0; i < 2000; i++) {
        int32_t t = sampler_sample(s, k_logits);
        ck_assert(t >= 0 && t < 6);
        seen[t]++;
    }
    /* ids 1 and 4 (logit 3.0) are the top 2; a high temperature shares them about equally */
    ck_assert_int_eq(seen[1] + seen[4], 2000);
    ck_assert_int_gt(seen[1], 800);
    ck_assert_int_gt(seen[4], 800);
    sampler_free(s);
}
END_TEST

START_TEST(top_p_keeps_smallest_nucleus)
{
    /* probabilities at T=1: 0.831, 0.112, 0.041, 0.015 (cumulative 0.831, 0.944, 0.985) */
    float lg[4] = {4.0f, 2.0f, 1.0f, 0.0f};
    sampler_params p = {1.0f, 0, 0.8f, 9};
    sampler *s = sampler_new(&p, 4, NULL, 0);
    for (int i = 0; i < 500; i++)
        ck_assert_int_eq(sampler_sample(s, lg), 0);
    sampler_free(s);
    p.top_p = 0.9f;
    s = sampler_new(&p, 4, NULL, 0);
    int seen[4] = {0};
    for (int i = 0; i < 4000; i++)
        seen[sampler_sample(s, lg)]++;
    ck_assert_int_gt(seen[1], 0);
    ck_assert_int_eq(seen[2] + seen[3], 0);
    sampler_free(s);
}
END_TEST

START_TEST(temperature_distribution_and_seed)
{
    float lg[2] = {0.0f, (float)log(3.0)}; /* p = 1/4, 3/4 at T = 1 */
    sampler_params p = {1.0f, 0, 1.0f, 42};
    sampler *a = sampler_new(&p, 2, NULL, 0), *b = sampler_new(&p, 2, NULL, 0);
    int ones = 0;
    for (int i = 0; i < 20000; i++) {
        int32_t x = sampler_sample(a, lg), y = sampler_sample(b, lg);
        ck_assert_int_eq(x, y); /* same seed, same stream */
        ones += x;
    }
    ck_assert_int_gt(ones, 14700);
    ck_assert_int_lt(ones, 15300);
    sampler_free(a);
    sampler_free(b);
    p.seed = 43;
    a = sampler_new(&p, 2, NULL, 0);
    p.seed = 42;
    b = sampler_new(&p, 2, NULL, 0);
    int differ = 0;
    for (int i = 0; i < 64; i++)
        differ += sampler_uniform(a) != sampler_uniform(b);
    ck_assert_int_gt(differ, 60);
    sampler_free(a);
    sampler_free(b);
}
END_TEST

START_TEST(bad_parameters_explained)
{
    char err[128] = "";
    sampler_params p = {1.0f, 0, 0.0f, 1};
    ck_assert_ptr_null(sampler_new(&p, 10, err, sizeof err));
    ck_assert_msg(strstr(err, "top-p"), "%s", err);
    p.top_p = 1.0f;
    ck_assert_ptr_null(sampler_new(&p, 0, err, sizeof err));
    ck_assert_msg(strstr(err, "vocabulary"), "%s", err);
    p.temp = INFINITY;
    ck_assert_ptr_null(sampler_new(&p, 10, err, sizeof err));
    ck_assert_msg(strstr(err, "temperature"), "%s", err);
}
END_TEST

Suite *suite_sampler(void)
{
    Suite *s = suite_create("sampler");
    TCase *tc = tcase_create("sampling");
    tcase_add_test(tc, greedy_takes_argmax_lowest_id_on_tie);
    tcase_add_test(tc, top_k_limits_candidates);
    tcase_add_test(tc, top_p_keeps_smallest_nucleus);
    tcase_add_test(tc, temperature_distribution_and_seed);
    tcase_add_test(tc, bad_parameters_explained);
    suite_add_tcase(s, tc);
    return s;
}
