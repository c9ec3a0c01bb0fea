#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_gemm.h"
#include "kernels_ref/kr_quant.h"
#include "tests/kernels_ref/suites.h"

/* Independent oracle: plain int value matrix, no 2-bit codes involved. */
static void naive(const int *wv, size_t M, size_t K, const int8_t *q, size_t N, int32_t *y)
{
    for (size_t n = 0; n < N; n++)
        for (size_t m = 0; m < M; m++) {
            long long acc = 0;
            for (size_t k = 0; k < K; k++)
                acc += (long long)wv[m * K + k] * q[n * K + k];
            y[n * M + m] = (int32_t)acc;
        }
}

static kr_tern from_values(const int *wv, size_t M, size_t K)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, M, K), KR_OK);
    for (size_t m = 0; m < M; m++)
        for (size_t k = 0; k < K; k++)
            kr_tern_set(&w, m, k, wv[m * K + k]);
    return w;
}

START_TEST(hand_computed)
{
    /* W = [[1,-1,0],[0,1,1]], x0 = [3,5,-7], x1 = [-128,127,1] */
    const int wv[6] = {1, -1, 0, 0, 1, 1};
    const int8_t q[6] = {3, 5, -7, -128, 127, 1};
    kr_tern w = from_values(wv, 2, 3);
    int32_t y[4];
    ck_assert_int_eq(kr_gemm_ref(&w, q, 2, 3, y, 2), KR_OK);
    ck_assert_int_eq(y[0], -2);
    ck_assert_int_eq(y[1], -2);
    ck_assert_int_eq(y[2], -255);
    ck_assert_int_eq(y[3], 128);
    ck_assert_int_eq(kr_gemv_ref(&w, q, y), KR_OK);
    ck_assert_int_eq(y[0], -2);
    kr_tern_free(&w);
}
END_TEST

START_TEST(random_against_naive)
{
    static const size_t shapes[][3] = {
        {1, 1, 1}, {1, 7, 1}, {7, 1, 3}, {1, 300, 2}, {33, 129, 5}, {64, 255, 1}, {17, 1000, 4}, {5, 257, 9},
    };
    uint64_t seed = 42;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const size_t M = shapes[s][0], K = shapes[s][1], N = shapes[s][2];
        int *wv = malloc(M * K * sizeof *wv);
        int8_t *q = malloc(N * K);
        int32_t *y = malloc(N * M * sizeof *y), *yn = malloc(N * M * sizeof *yn);
        for (size_t i = 0; i < M * K; i++)
            wv[i] = t_trit(&seed);
        for (size_t i = 0; i < N * K; i++)
            q[i] = (int8_t)(t_rand(&seed) & 0xff);
        kr_tern w = from_values(wv, M, K);
        ck_assert_int_eq(kr_gemm_ref(&w, q, N, K, y, M), KR_OK);
        naive(wv, M, K, q, N, yn);
        ck_assert_int_eq(memcmp(y, yn, N * M * sizeof *y), 0);
        kr_tern_free(&w);
        free(wv), free(q), free(y), free(yn);
    }
}
END_TEST

START_TEST(strides_are_honoured)
{
    const size_t M = 3, K = 5, N = 2, ldq = 8, ldy = 6;
    const int wv[15] = {1, 1, 1, 1, 1, -1, -1, -1, -1, -1, 0, 1, 0, -1, 0};
    int8_t q[16];
    for (int i = 0; i < 16; i++)
        q[i] = (int8_t)(i + 1);
    int32_t y[12];
    for (int i = 0; i < 12; i++)
        y[i] = 777;
    kr_tern w = from_values(wv, M, K);
    ck_assert_int_eq(kr_gemm_ref(&w, q, N, ldq, y, ldy), KR_OK);
    ck_assert_int_eq(y[0], 15);
    ck_assert_int_eq(y[1], -15);
    ck_assert_int_eq(y[2], 2 - 4);
    ck_assert_int_eq(y[3], 777); /* padding between result rows untouched */
    ck_assert_int_eq(y[6], 9 + 10 + 11 + 12 + 13);
    ck_assert_int_eq(y[8], 10 - 12);
    kr_tern_free(&w);
}
END_TEST

START_TEST(extremes_and_zero_weights)
{
    const size_t K = 8192, M = 4;
    int *wv = malloc(M * K * sizeof *wv);
    int8_t *q = malloc(2 * K);
    for (size_t k = 0; k < K; k++) {
        wv[0 * K + k] = 1;
        wv[1 * K + k] = -1;
        wv[2 * K + k] = 0;
        wv[3 * K + k] = (k & 1) ? 1 : -1;
        q[k] = 127;
        q[K + k] = -128;
    }
    kr_tern w = from_values(wv, M, K);
    int32_t y[8];
    ck_assert_int_eq(kr_gemm_ref(&w, q, 2, K, y, M), KR_OK);
    ck_assert_int_eq(y[0], 127 * 8192);
    ck_assert_int_eq(y[1], -127 * 8192);
    ck_assert_int_eq(y[2], 0);
    ck_assert_int_eq(y[3], 0);
    ck_assert_int_eq(y[4], -128 * 8192);
    ck_assert_int_eq(y[5], 128 * 8192);
    ck_assert_int_eq(y[6], 0);
    kr_tern_free(&w);
    free(wv), free(q);
}
END_TEST

START_TEST(argument_errors)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 2, 3), KR_OK);
    int8_t q[6] = {0};
    int32_t y[4];
    ck_assert_int_eq(kr_gemm_ref(NULL, q, 1, 3, y, 2), KR_ERR_NULL);
    ck_assert_int_eq(kr_gemm_ref(&w, NULL, 1, 3, y, 2), KR_ERR_NULL);
    ck_assert_int_eq(kr_gemm_ref(&w, q, 0, 3, y, 2), KR_ERR_SIZE);
    ck_assert_int_eq(kr_gemm_ref(&w, q, 1, 2, y, 2), KR_ERR_SIZE); /* ldq < K */
    ck_assert_int_eq(kr_gemm_ref(&w, q, 1, 3, y, 1), KR_ERR_SIZE); /* ldy < M */
    w.stride = 7;
    ck_assert_int_eq(kr_gemm_ref(&w, q, 1, 3, y, 2), KR_ERR_SIZE);
    w.stride = 1;
    kr_tern_free(&w);
}
END_TEST

START_TEST(dequant_and_bitlinear)
{
    const float x[2][4] = {{1.0f, -2.0f, 0.5f, 4.0f}, {0.0f, 0.0f, 0.0f, 0.0f}};
    const int wv[8] = {1, 1, 0, -1, -1, 0, 1, 1};
    kr_tern w = from_values(wv, 2, 4);
    w.scale = 0.5f;
    float out[4];
    ck_assert_int_eq(kr_bitlinear_ref(&w, &x[0][0], 2, 4, out, 2), KR_OK);
    /* row 0: s = 127/4; q = [32 (31.75), -64 (-63.5), 16 (15.875), 127] */
    const float s0 = 127.0f / 4.0f;
    ck_assert_float_eq(out[0], (float)(32 - 64 - 127) * 0.5f / s0);
    ck_assert_float_eq(out[1], (float)(-32 + 16 + 127) * 0.5f / s0);
    ck_assert_float_eq(out[2], 0.0f);
    ck_assert_float_eq(out[3], 0.0f);
    const int32_t yi[2] = {10, -20};
    const float sc[1] = {4.0f};
    ck_assert_int_eq(kr_dequant(yi, 2, 1, 2, 2.0f, sc, out, 2), KR_OK);
    ck_assert_float_eq(out[0], 5.0f);
    ck_assert_float_eq(out[1], -10.0f);
    ck_assert_int_eq(kr_dequant(yi, 2, 1, 1, 2.0f, sc, out, 2), KR_ERR_SIZE);
    float bad[4] = {1, 0, 0, 0};
    bad[2] = 1.0f / 0.0f;
    ck_assert_int_eq(kr_bitlinear_ref(&w, bad, 1, 4, out, 2), KR_ERR_NONFINITE);
    kr_tern_free(&w);
}
END_TEST

Suite *suite_gemm(void)
{
    Suite *s = suite_create("gemm");
    TCase *tc = tcase_create("gemm");
    tcase_add_test(tc, hand_computed);
    tcase_add_test(tc, random_against_naive);
    tcase_add_test(tc, strides_are_honoured);
    tcase_add_test(tc, extremes_and_zero_weights);
    tcase_add_test(tc, argument_errors);
    tcase_add_test(tc, dequant_and_bitlinear);
    suite_add_tcase(s, tc);
    return s;
}
