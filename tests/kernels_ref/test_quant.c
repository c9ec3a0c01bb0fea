#include <math.h>

#include "kernels_ref/kr_quant.h"
#include "tests/kernels_ref/suites.h"

START_TEST(hand_computed_half_even)
{
    /* max|x| = 127 makes s exactly 1, so the rounding of .5 cases is visible. */
    const float x[] = {127.0f, 62.5f, -0.5f, 1.5f, 2.5f, -3.5f, 0.49f};
    const int8_t want[] = {127, 62, 0, 2, 2, -4, 0};
    int8_t q[7];
    float s = 0;
    ck_assert_int_eq(kr_quantize_row(x, 7, q, &s), KR_OK);
    ck_assert_float_eq(s, 1.0f);
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(q[i], want[i]);
}
END_TEST

START_TEST(scale_from_max)
{
    const float x[] = {1.0f, -0.5f, 0.25f};
    int8_t q[3];
    float s;
    ck_assert_int_eq(kr_quantize_row(x, 3, q, &s), KR_OK);
    ck_assert_float_eq(s, 127.0f);
    ck_assert_int_eq(q[0], 127);
    ck_assert_int_eq(q[1], -64); /* -63.5 -> -64 (even) */
    ck_assert_int_eq(q[2], 32);  /* 31.75 */
    const float y[] = {-2.0f, 1.0f};
    ck_assert_int_eq(kr_quantize_row(y, 2, q, &s), KR_OK);
    ck_assert_int_eq(q[0], -127);
    ck_assert_int_eq(q[1], 64); /* 63.5 -> 64 (even) */
}
END_TEST

START_TEST(zero_row_scale_clamp)
{
    float x[16] = {0};
    int8_t q[16];
    float s;
    ck_assert_int_eq(kr_quantize_row(x, 16, q, &s), KR_OK);
    ck_assert_float_eq(s, 127.0f / KR_QUANT_MIN_AMAX);
    for (int i = 0; i < 16; i++)
        ck_assert_int_eq(q[i], 0);
    x[3] = 1e-7f; /* below the clamp: scale stays clamped, value rounds with it */
    ck_assert_int_eq(kr_quantize_row(x, 16, q, &s), KR_OK);
    ck_assert_float_eq(s, 127.0f / KR_QUANT_MIN_AMAX);
    ck_assert_int_eq(q[3], (int)nearbyintf(1e-7f * s));
}
END_TEST

START_TEST(nonfinite_rejected)
{
    float x[4] = {1, 2, 3, 4};
    int8_t q[4] = {9, 9, 9, 9};
    float s = -1;
    x[2] = NAN;
    ck_assert_int_eq(kr_quantize_row(x, 4, q, &s), KR_ERR_NONFINITE);
    x[2] = INFINITY;
    ck_assert_int_eq(kr_quantize_row(x, 4, q, &s), KR_ERR_NONFINITE);
    x[2] = -INFINITY;
    ck_assert_int_eq(kr_quantize_row(x, 4, q, &s), KR_ERR_NONFINITE);
    ck_assert_int_eq(q[0], 9); /* output untouched on error */
    ck_assert_float_eq(s, -1.0f);
}
END_TEST

START_TEST(bad_arguments)
{
    float x[2] = {1, 2}, s;
    int8_t q[2];
    ck_assert_int_eq(kr_quantize_row(NULL, 2, q, &s), KR_ERR_NULL);
    ck_assert_int_eq(kr_quantize_row(x, 2, NULL, &s), KR_ERR_NULL);
    ck_assert_int_eq(kr_quantize_row(x, 0, q, &s), KR_ERR_SIZE);
    ck_assert_int_eq(kr_quantize_rows(x, 1, 2, 1, q, 2, &s), KR_ERR_SIZE); /* ldx < n */
    ck_assert_str_ne(kr_strerror(KR_ERR_NONFINITE), "");
}
END_TEST

START_TEST(random_rows_match_definition)
{
    uint64_t seed = 0x1234567ULL;
    enum { R = 5, N = 333 };
    static float x[R][N];
    static int8_t q[R][N];
    float s[R];
    for (int r = 0; r < R; r++)
        for (int i = 0; i < N; i++)
            x[r][i] = t_unit(&seed) * (float)(r + 1) * 3.0f;
    ck_assert_int_eq(kr_quantize_rows(&x[0][0], R, N, N, &q[0][0], N, s), KR_OK);
    for (int r = 0; r < R; r++) {
        float amax = 0;
        for (int i = 0; i < N; i++)
            amax = fmaxf(amax, fabsf(x[r][i]));
        ck_assert_float_eq(s[r], 127.0f / amax);
        for (int i = 0; i < N; i++) {
            float v = rintf(x[r][i] * s[r]);
            v = fminf(fmaxf(v, -128.0f), 127.0f);
            ck_assert_int_eq(q[r][i], (int)v);
        }
    }
}
END_TEST

Suite *suite_quant(void)
{
    Suite *s = suite_create("quant");
    TCase *tc = tcase_create("quant");
    tcase_add_test(tc, hand_computed_half_even);
    tcase_add_test(tc, scale_from_max);
    tcase_add_test(tc, zero_row_scale_clamp);
    tcase_add_test(tc, nonfinite_rejected);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, random_rows_match_definition);
    suite_add_tcase(s, tc);
    return s;
}
