#include <math.h>
#include <stdlib.h>

#include "kernels_ref/kr_ternary.h"
#include "tests/kernels_ref/suites.h"

START_TEST(codes_layout)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 2, 5), KR_OK);
    ck_assert_uint_eq(w.stride, 2);
    kr_tern_set(&w, 0, 0, 1);
    kr_tern_set(&w, 0, 1, -1);
    kr_tern_set(&w, 0, 4, -1);
    kr_tern_set(&w, 1, 2, 1);
    /* weight k at bits 2*(k%4) of byte k/4; 01 = +1, 11 = -1 */
    ck_assert_uint_eq(w.codes[0], 0x01u | (0x3u << 2));
    ck_assert_uint_eq(w.codes[1], 0x3u);
    ck_assert_uint_eq(w.codes[2], 0x1u << 4);
    ck_assert_int_eq(kr_tern_get(&w, 0, 1), -1);
    ck_assert_int_eq(kr_tern_get(&w, 1, 3), 0);
    ck_assert_int_eq(kr_tern_validate(&w), KR_OK);
    w.codes[3] = 0x40; /* a code past cols in the tail */
    ck_assert_int_eq(kr_tern_validate(&w), KR_ERR_CODE);
    w.codes[3] = 0x02; /* code 10 is invalid */
    ck_assert_int_eq(kr_tern_validate(&w), KR_ERR_CODE);
    kr_tern_free(&w);
    ck_assert_ptr_null(w.codes);
}
END_TEST

START_TEST(absmean_hand)
{
    /* mean|W| = (0.1 + 0.5 + 1.2 + 0 + 0.2 + 2.0) / 6 = 0.6667 */
    const float W[6] = {0.1f, -0.5f, 1.2f, 0.0f, 0.2f, -2.0f};
    const int want[6] = {0, -1, 1, 0, 0, -1};
    kr_tern w;
    ck_assert_int_eq(kr_tern_from_float(&w, W, 2, 3), KR_OK);
    ck_assert_float_eq_tol(w.scale, 4.0f / 6.0f, 1e-6f);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(kr_tern_get(&w, (size_t)i / 3, (size_t)i % 3), want[i]);
    float back[6];
    ck_assert_int_eq(kr_tern_to_float(&w, back, 6), KR_OK);
    ck_assert_float_eq(back[1], -w.scale);
    ck_assert_int_eq(kr_tern_to_float(&w, back, 5), KR_ERR_BUFFER);
    kr_tern_free(&w);
}
END_TEST

START_TEST(absmean_zero_and_nonfinite)
{
    float W[8] = {0};
    kr_tern w;
    ck_assert_int_eq(kr_tern_from_float(&w, W, 2, 4), KR_OK);
    ck_assert_float_eq(w.scale, 1e-5f);
    for (size_t c = 0; c < 4; c++)
        ck_assert_int_eq(kr_tern_get(&w, 1, c), 0);
    kr_tern_free(&w);
    W[5] = NAN;
    ck_assert_int_eq(kr_tern_from_float(&w, W, 2, 4), KR_ERR_NONFINITE);
    ck_assert_ptr_null(w.codes);
}
END_TEST

START_TEST(alloc_rejects_bad_sizes)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 0, 4), KR_ERR_SIZE);
    ck_assert_int_eq(kr_tern_alloc(&w, 4, 0), KR_ERR_SIZE);
    ck_assert_int_eq(kr_tern_alloc(&w, SIZE_MAX / 2, SIZE_MAX / 2), KR_ERR_SIZE);
    ck_assert_int_eq(kr_tern_alloc(NULL, 1, 1), KR_ERR_NULL);
}
END_TEST

Suite *suite_ternary(void)
{
    Suite *s = suite_create("ternary");
    TCase *tc = tcase_create("ternary");
    tcase_add_test(tc, codes_layout);
    tcase_add_test(tc, absmean_hand);
    tcase_add_test(tc, absmean_zero_and_nonfinite);
    tcase_add_test(tc, alloc_rejects_bad_sizes);
    suite_add_tcase(s, tc);
    return s;
}
