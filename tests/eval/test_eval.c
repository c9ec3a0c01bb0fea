/* runtime/eval: the perplexity and KL arithmetic on distributions with known answers, the base file. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/eval/ev_klbase.h"
#include "runtime/eval/ev_ppl.h"

START_TEST(uniform_logits_give_the_vocabulary_size)
{
    enum { V = 1000 };
    static float lg[V], lp[V];
    for (int i = 0; i < V; i++)
        lg[i] = 3.25f;
    ev_ppl p;
    ev_ppl_init(&p);
    int32_t top = -1;
    for (int t = 0; t < 7; t++)
        ck_assert_int_eq(ev_ppl_add(&p, lg, V, t * 100, lp, &top, NULL, 0), 0);
    ev_ppl_result r;
    ev_ppl_result_get(&p, &r);
    ck_assert_uint_eq(r.count, 7);
    ck_assert_double_eq_tol(r.ppl, (double)V, 1e-9 * V);
    ck_assert(r.ppl_err == 0.0);
    ck_assert_double_eq_tol(lp[5], -log((double)V), 1e-6);
    ck_assert_uint_eq(r.kl_count, 0);
}
END_TEST

START_TEST(known_divergence_and_error)
{
    /* base p = (0.5, 0.5), this run q = (0.9, 0.1): KL(p || q) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) */
    const float base_lg[2] = {0.0f, 0.0f}, q_lg[2] = {(float)log(0.9), (float)log(0.1)};
    float base_lp[2], lp[2];
    int32_t base_top, top;
    ev_ppl b, q;
    ev_ppl_init(&b);
    ev_ppl_init(&q);
    ck_assert_int_eq(ev_ppl_add(&b, base_lg, 2, 1, base_lp, &base_top, NULL, 0), 0);
    ck_assert_int_eq(ev_ppl_add(&q, q_lg, 2, 1, lp, &top, base_lp, base_top), 0);
    ev_ppl_result r;
    ev_ppl_result_get(&q, &r);
    ck_assert_double_eq_tol(r.kld_mean, 0.5 * log(0.5 / 0.9) + 0.5 * log(0.5 / 0.1), 1e-6);
    ck_assert_double_eq_tol(r.ppl, 10.0, 1e-5); /* -ln 0.1 */
    ck_assert_int_eq(top, 0);
    ck_assert(base_top == 0 && r.top1 == 1.0);
    /* the same run against itself: exactly 0 */
    ev_ppl s;
    ev_ppl_init(&s);
    ck_assert_int_eq(ev_ppl_add(&s, q_lg, 2, 0, base_lp, &base_top, NULL, 0), 0);
    ck_assert_int_eq(ev_ppl_add(&s, q_lg, 2, 0, lp, &top, base_lp, base_top), 0);
    ev_ppl_result_get(&s, &r);
    ck_assert(r.kld_mean == 0.0 && r.kld_max == 0.0 && r.top1 == 1.0);
    /* two positions with NLL ln 2 (p = 1/2) and ln 4 (p = 1/4): perplexity sqrt(8); the NLLs' standard
       deviation is ln 2 / sqrt(2), the mean's error ln 2 / 2 */
    ev_ppl two;
    ev_ppl_init(&two);
    const float half[2] = {0.0f, 0.0f}, quarter[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    float l4[4];
    ck_assert_int_eq(ev_ppl_add(&two, half, 2, 0, l4, &top, NULL, 0), 0);
    ck_assert_int_eq(ev_ppl_add(&two, quarter, 4, 3, l4, &top, NULL, 0), 0);
    ev_ppl_result_get(&two, &r);
    ck_assert_double_eq_tol(r.ppl, sqrt(8.0), 1e-9);
    ck_assert_double_eq_tol(r.ppl_err, sqrt(8.0) * log(2.0) / 2, 1e-9);
    /* refusals */
    const float nan_lg[2] = {NAN, 0.0f};
    ck_assert_int_eq(ev_ppl_add(&s, nan_lg, 2, 0, lp, &top, NULL, 0), -1);
    ck_assert_int_eq(ev_ppl_add(&s, q_lg, 2, 2, lp, &top, NULL, 0), -1);
}
END_TEST

START_TEST(base_file_round_trip_and_refusals)
{
    char path[] = "/tmp/tritium-klbase-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char err[256];
    const ev_klbase_dims d = {3, 4, 2, 2};
    ev_klbase *w = ev_klbase_create(path, &d, err, sizeof err);
    ck_assert_msg(w != NULL, "%s", err);
    ck_assert_int_eq(ev_klbase_is_writing(w), 1);
    const int32_t t0[4] = {1, 2, 0, 1}, t1[4] = {2, 2, 1, 0};
    float lp[3] = {-0.5f, -1.5f, -2.5f};
    int32_t top = 0;
    ck_assert_int_eq(ev_klbase_window(w, t0, err, sizeof err), 0);
    ck_assert_int_eq(ev_klbase_position(w, lp, &top, err, sizeof err), 0);
    /* a file closed before all its windows is refused */
    ck_assert_int_eq(ev_klbase_close(w, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "1 of 2 windows"));
    w = ev_klbase_create(path, &d, err, sizeof err);
    ck_assert_int_eq(ev_klbase_window(w, t0, err, sizeof err), 0);
    ck_assert_int_eq(ev_klbase_position(w, lp, &top, err, sizeof err), 0);
    ck_assert_int_eq(ev_klbase_window(w, t1, err, sizeof err), 0);
    lp[1] = -0.25f, top = 1;
    ck_assert_int_eq(ev_klbase_position(w, lp, &top, err, sizeof err), 0);
    ck_assert_int_eq(ev_klbase_close(w, err, sizeof err), 0);

    ev_klbase_dims got;
    ev_klbase *r = ev_klbase_open(path, &got, err, sizeof err);
    ck_assert_msg(r != NULL, "%s", err);
    ck_assert(!memcmp(&got, &d, sizeof d));
    float back[3];
    int32_t btop;
    ck_assert_int_eq(ev_klbase_window(r, t0, err, sizeof err), 0);
    ck_assert_int_eq(ev_klbase_position(r, back, &btop, err, sizeof err), 0);
    ck_assert(back[0] == -0.5f && back[1] == -1.5f && btop == 0);
    /* another text: refused, naming the window and token */
    ck_assert_int_eq(ev_klbase_window(r, t0, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "window 1, token 0"), "%s", err);
    ev_klbase_close(r, NULL, 0);
    /* not a base file */
    FILE *f = fopen(path, "wb");
    fputs("GGUF and more bytes than a header", f);
    fclose(f);
    ck_assert_ptr_null(ev_klbase_open(path, &got, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "not a KL base"));
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("ppl");
    tcase_add_test(tc, uniform_logits_give_the_vocabulary_size);
    tcase_add_test(tc, known_divergence_and_error);
    tcase_add_test(tc, base_file_round_trip_and_refusals);
    suite_add_tcase(s, tc);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
