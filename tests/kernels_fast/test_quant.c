/* kr_quantize_rows_fast equals kr_quantize_rows (kr_quant.c) bit for bit, errors included. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_gemm.h"
#include "kernels_ref/kr_quant.h"
#include "kernels_fast/kr_quant_fast.h"
#include "tests/kernels_fast/suites.h"

static void tf_quant_same(const float *x, size_t rows, size_t n, size_t ldx)
{
    const size_t ldq = n + 3;
    int8_t *q1 = malloc(rows * ldq), *q2 = malloc(rows * ldq);
    float *s1 = malloc(rows * sizeof *s1), *s2 = malloc(rows * sizeof *s2);
    ck_assert(q1 && q2 && s1 && s2);
    memset(q1, 0x11, rows * ldq);
    memset(q2, 0x11, rows * ldq);
    kr_status a = kr_quantize_rows(x, rows, n, ldx, q1, ldq, s1);
    kr_status b = kr_quantize_rows_fast(x, rows, n, ldx, q2, ldq, s2);
    ck_assert_int_eq(a, b);
    if (a == KR_OK) {
        ck_assert_mem_eq(q1, q2, rows * ldq);
        ck_assert_mem_eq(s1, s2, rows * sizeof *s1);
    }
    free(q1);
    free(q2);
    free(s1);
    free(s2);
}

START_TEST(test_quant_random)
{
    uint64_t s = 5;
    static const size_t ns[] = {1, 3, 15, 16, 17, 100, 2560, 6912, 6913};
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
        const size_t n = ns[c], rows = 3, ldx = n + 2;
        float *x = malloc(rows * ldx * sizeof *x);
        ck_assert_ptr_nonnull(x);
        for (size_t i = 0; i < rows * ldx; i++)
            x[i] = tf_float(&s) * (float)(1 + tf_range(&s, 0, 1000));
        tf_quant_same(x, rows, n, ldx);
        /* all zero (min amax), tiny values */
        for (size_t i = 0; i < rows * ldx; i++)
            x[i] = i % 3 ? 0.0f : 1e-7f;
        tf_quant_same(x, rows, n, ldx);
        free(x);
    }
}
END_TEST

START_TEST(test_quant_ties_and_errors)
{
    /* amax = 127 makes s = 1, so k + 0.5 are exact ties: half-to-even must match. */
    float x[64];
    for (int i = 0; i < 64; i++)
        x[i] = (float)(i - 32) + 0.5f;
    x[63] = 127.0f;
    x[0] = -127.0f;
    tf_quant_same(x, 1, 64, 64);
    /* -128 only via rounding below -127.5 cannot happen with symmetric scale; check the clamp edge */
    x[1] = -127.0f;
    tf_quant_same(x, 1, 64, 64);
    x[17] = NAN;
    tf_quant_same(x, 1, 64, 64);
    int8_t q[64];
    float sc;
    ck_assert_int_eq(kr_quantize_row_fast(x, 64, q, &sc), KR_ERR_NONFINITE);
    x[17] = -INFINITY;
    ck_assert_int_eq(kr_quantize_row_fast(x, 64, q, &sc), KR_ERR_NONFINITE);
    x[17] = 0.0f;
    x[63] = INFINITY; /* in the last, partial vector */
    ck_assert_int_eq(kr_quantize_row_fast(x, 63, q, &sc), KR_OK); /* past n: ignored */
    ck_assert_int_eq(kr_quantize_row_fast(x, 64, q, &sc), KR_ERR_NONFINITE);
    ck_assert_int_eq(kr_quantize_row_fast(NULL, 4, q, &sc), KR_ERR_NULL);
    ck_assert_int_eq(kr_quantize_row_fast(x, 0, q, &sc), KR_ERR_SIZE);
    ck_assert_int_eq(kr_quantize_rows_fast(x, 1, 8, 7, q, 8, &sc), KR_ERR_SIZE);
    ck_assert_int_eq(kr_quantize_rows_fast(x, 0, 8, 8, q, 8, &sc), KR_ERR_SIZE);
}
END_TEST

/* kr_dequant_fast equals kr_dequant bit for bit, extremes and tails included, and leaves the
 * padding of out alone. */
START_TEST(test_dequant_same)
{
    uint64_t s = 13;
    static const size_t ms[] = {1, 15, 16, 17, 640, 2561};
    for (size_t c = 0; c < sizeof ms / sizeof ms[0]; c++) {
        const size_t m = ms[c], n = 3, ldy = m + 5, ldo = m + 2;
        int32_t *y = malloc(n * ldy * sizeof *y);
        float *o1 = malloc(n * ldo * sizeof *o1), *o2 = malloc(n * ldo * sizeof *o2);
        ck_assert(y && o1 && o2);
        for (size_t i = 0; i < n * ldy; i++)
            y[i] = (int32_t)tf_range(&s, -2000000, 2000000);
        y[0] = INT32_MIN;
        y[1] = INT32_MAX;
        y[2] = 0;
        const float as[3] = {12.7f, 0.031f, 3.0e5f};
        for (size_t i = 0; i < n * ldo; i++)
            o1[i] = o2[i] = -1.5f;
        ck_assert_int_eq(kr_dequant(y, m, n, ldy, 0.0123f, as, o1, ldo), KR_OK);
        ck_assert_int_eq(kr_dequant_fast(y, m, n, ldy, 0.0123f, as, o2, ldo), KR_OK);
        ck_assert_mem_eq(o1, o2, n * ldo * sizeof *o1);
        ck_assert_int_eq(kr_dequant_fast(y, m, n, m - 1 + (m == 1), 1.0f, as, o2, ldo),
                         kr_dequant(y, m, n, m - 1 + (m == 1), 1.0f, as, o1, ldo));
        free(y);
        free(o1);
        free(o2);
    }
    ck_assert_int_eq(kr_dequant_fast(NULL, 4, 1, 4, 1.0f, NULL, NULL, 4), KR_ERR_NULL);
}
END_TEST

Suite *suite_fast_quant(void)
{
    Suite *s = suite_create("fast_quant");
    TCase *tc = tcase_create("quant");
    tcase_add_test(tc, test_quant_random);
    tcase_add_test(tc, test_quant_ties_and_errors);
    tcase_add_test(tc, test_dequant_same);
    suite_add_tcase(s, tc);
    return s;
}
