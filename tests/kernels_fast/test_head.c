/*
 * kr_head: the SIMD head GEMV against a float dot of kr_head_row's decoded rows (the block
 * decoders of kr_blockfmt.c define the values), with 1-3 threads; the int8 copy against its own
 * definition; embedding rows; argument errors.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "kernels_fast/kr_fast_head_impl.h"
#include "kernels_fast/kr_head.h"
#include "tests/kernels_fast/suites.h"

static int tf_avx2_ok(void)
{
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

/* Encodes a rows x cols float matrix in fmt; returns the bytes (caller frees) and their count. */
static uint8_t *tf_encode(kr_head_fmt fmt, const float *W, size_t rows, size_t cols, size_t *len)
{
    size_t n = rows * cols;
    size_t bytes = fmt == KR_HEAD_F32 ? n * 4 : fmt == KR_HEAD_F16 ? n * 2 :
                   fmt == KR_HEAD_Q8_0 ? n / KR_Q8_0_BLOCK * KR_Q8_0_BYTES : n / KR_Q6_K_BLOCK * KR_Q6_K_BYTES;
    uint8_t *d = malloc(bytes);
    ck_assert_ptr_nonnull(d);
    switch (fmt) {
    case KR_HEAD_F32: memcpy(d, W, bytes); break;
    case KR_HEAD_F16:
        for (size_t i = 0; i < n; i++) {
            uint16_t h = kr_f32_to_f16(W[i]);
            memcpy(d + 2 * i, &h, 2);
        }
        break;
    case KR_HEAD_Q8_0: ck_assert_int_eq(kr_q8_0_from_f32(W, n, d, bytes), KR_OK); break;
    case KR_HEAD_Q6_K: ck_assert_int_eq(kr_q6_k_from_f32(W, n, d, bytes), KR_OK); break;
    }
    *len = bytes;
    return d;
}

/* |got - want| within float rounding of a sum of n products of magnitude up to `mag`, plus
 * `extra` (the bound of x's int8 rounding for the integer Q6_K kernel). */
static void tf_close(float got, double want, double mag, size_t n, double extra, const char *what, size_t r)
{
    double tol = 1e-5 * mag * (double)n + 1e-6 + extra;
    ck_assert_msg(fabs((double)got - want) <= tol, "%s row %zu: %.9g, expected %.9g (tol %.3g)", what, r, got, want, tol);
}

static void tf_head_case(kr_head_fmt fmt, size_t rows, size_t cols, uint64_t seed)
{
    uint64_t s = seed;
    float *W = malloc(rows * cols * sizeof *W), *x = malloc(cols * sizeof *x), *row = malloc(cols * sizeof *row);
    float *y = malloc(rows * sizeof *y), *y2 = malloc(rows * sizeof *y2);
    double *wv = malloc(cols * sizeof *wv);
    ck_assert(W && x && row && y && y2 && wv);
    for (size_t i = 0; i < rows * cols; i++)
        W[i] = tf_float(&s) * 0.1f;
    for (size_t i = 0; i < cols; i++)
        x[i] = tf_float(&s) * 3.0f;
    size_t len = 0;
    uint8_t *d = tf_encode(fmt, W, rows, cols, &len);
    for (int copy = 0; copy < 2; copy++) {
        kr_head *h = NULL;
        ck_assert_int_eq(kr_head_new(&h, fmt, d, len, rows, cols, copy), KR_OK);
        /* The AVX2 row kernels are not what dispatch picks on an AVX-512 CPU: call them directly. */
        const int avx2 = tf_avx2_ok();
#if defined(__x86_64__)
        if (avx2)
            ck_assert_int_eq(kr_head_rows_avx2(h, x, y2, 0, rows), KR_OK);
#endif
        for (int th = 1; th <= 3; th++) {
            kr_pool *pool = kr_pool_new(th);
            ck_assert_ptr_nonnull(pool);
            for (size_t r = 0; r < rows; r++)
                y[r] = NAN;
            ck_assert_int_eq(kr_head_gemv(h, x, y, pool), KR_OK);
            for (size_t r = 0; r < rows; r++) {
                ck_assert_int_eq(kr_head_row(h, r, row), KR_OK);
                double want = 0.0, mag = 0.0, amax = 0.0;
                for (size_t k = 0; k < cols; k++)
                    amax = fmax(amax, fabs(row[k]));
                /* wv: the weights the kernel multiplies (the int8 copy's integers, or the row). */
                double sc = 1.0;
                if (copy) {
                    /* The int8 copy's definition: q = round(w * 127 / max|row|), y = scale * sum q x. */
                    sc = amax > 0 ? amax / 127.0 : 1.0;
                    for (size_t k = 0; k < cols; k++)
                        wv[k] = nearbyint((double)row[k] / sc);
                } else {
                    for (size_t k = 0; k < cols; k++)
                        wv[k] = row[k];
                }
                for (size_t k = 0; k < cols; k++) {
                    want += wv[k] * x[k];
                    mag = fmax(mag, fabs(wv[k] * x[k]));
                }
                want *= sc;
                mag *= sc;
                if (avx2 && th == 1)
                    tf_close(y2[r], want, mag, cols, 0.0, copy ? "int8 copy avx2" : "avx2", r);
                /* Q6_K, Q8_0 and the int8 copy may run an integer kernel: against x quantized per qb
                 * values as kr_fast_head_impl.h defines it. It must then match that definition as tightly. */
                const size_t qb = fmt == KR_HEAD_Q8_0 && !copy ? 32 : 256;
                if ((fmt == KR_HEAD_Q6_K || fmt == KR_HEAD_Q8_0 || copy) && cols % (qb == 32 ? 64 : 256) == 0) {
                    double wq = 0.0;
                    for (size_t b = 0; b < cols / qb; b++) {
                        float xm = 0.0f;
                        for (size_t k = qb * b; k < qb * b + qb; k++)
                            xm = fmaxf(xm, fabsf(x[k]));
                        const float s127 = xm > 0.0f ? 127.0f / xm : 0.0f;
                        double part = 0.0;
                        for (size_t k = qb * b; k < qb * b + qb; k++)
                            part += wv[k] * nearbyintf(x[k] * s127);
                        wq += part * (double)(xm / 127.0f);
                    }
                    wq *= sc;
                    if (fabs((double)y[r] - wq) < fabs((double)y[r] - want))
                        want = wq;
                }
                tf_close(y[r], want, mag, cols, 0.0, copy ? "int8 copy" : kr_head_fmt_name(fmt), r);
            }
            kr_pool_free(pool);
        }
        kr_head_free(h);
    }
    /* Decoded rows match the format's decoder exactly. */
    kr_head *h = NULL;
    ck_assert_int_eq(kr_head_new(&h, fmt, d, len, rows, cols, 0), KR_OK);
    float *ref = malloc(cols * sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    size_t rb = len / rows;
    for (size_t r = 0; r < rows; r += rows / 3 + 1) {
        ck_assert_int_eq(kr_head_row(h, r, row), KR_OK);
        switch (fmt) {
        case KR_HEAD_F32: memcpy(ref, W + r * cols, cols * sizeof *ref); break;
        case KR_HEAD_F16:
            for (size_t k = 0; k < cols; k++) {
                uint16_t v;
                memcpy(&v, d + r * rb + 2 * k, 2);
                ref[k] = kr_f16_to_f32(v);
            }
            break;
        case KR_HEAD_Q8_0: ck_assert_int_eq(kr_q8_0_to_f32(d + r * rb, rb, ref, cols), KR_OK); break;
        case KR_HEAD_Q6_K: ck_assert_int_eq(kr_q6_k_to_f32(d + r * rb, rb, ref, cols), KR_OK); break;
        }
        ck_assert_mem_eq(row, ref, cols * sizeof *ref);
    }
    free(ref);
    kr_head_free(h);
    free(d);
    free(W);
    free(x);
    free(row);
    free(y);
    free(y2);
    free(wv);
}

START_TEST(test_head_formats)
{
    /* Rows not a multiple of the per-thread block (64), cols with and without a 16/32 tail. */
    tf_head_case(KR_HEAD_F32, 131, 77, 1);
    tf_head_case(KR_HEAD_F16, 131, 77, 2);
    tf_head_case(KR_HEAD_F16, 200, 2560, 3);
    tf_head_case(KR_HEAD_Q8_0, 131, 96, 4);
    tf_head_case(KR_HEAD_Q8_0, 70, 2560, 5);
    tf_head_case(KR_HEAD_Q6_K, 131, 512, 6);
    tf_head_case(KR_HEAD_Q6_K, 70, 2560, 7);
    tf_head_case(KR_HEAD_F32, 1, 1, 8);
}
END_TEST

START_TEST(test_head_errors)
{
    float W[64] = {0}, x[32] = {0}, y[2];
    kr_head *h = (kr_head *)W;
    ck_assert_int_eq(kr_head_new(NULL, KR_HEAD_F32, W, sizeof W, 2, 32, 0), KR_ERR_NULL);
    ck_assert_int_eq(kr_head_new(&h, KR_HEAD_F32, NULL, sizeof W, 2, 32, 0), KR_ERR_NULL);
    ck_assert_ptr_null(h);
    ck_assert_int_eq(kr_head_new(&h, KR_HEAD_F32, W, sizeof W - 1, 2, 32, 0), KR_ERR_BUFFER);
    ck_assert_int_eq(kr_head_new(&h, KR_HEAD_Q8_0, W, sizeof W, 2, 31, 0), KR_ERR_SIZE);
    ck_assert_int_eq(kr_head_new(&h, KR_HEAD_Q6_K, W, sizeof W, 1, 128, 0), KR_ERR_SIZE);
    ck_assert_int_eq(kr_head_new(&h, KR_HEAD_F32, W, sizeof W, 0, 32, 0), KR_ERR_SIZE);
    ck_assert_int_eq(kr_head_new(&h, (kr_head_fmt)9, W, sizeof W, 2, 32, 0), KR_ERR_SIZE);
    W[5] = INFINITY;
    ck_assert_int_eq(kr_head_new(&h, KR_HEAD_F32, W, sizeof W, 2, 32, 1), KR_ERR_NONFINITE);
    ck_assert_ptr_null(h);
    W[5] = 0;
    ck_assert_int_eq(kr_head_new(&h, KR_HEAD_F32, W, sizeof W, 2, 32, 1), KR_OK);
    ck_assert_int_eq(kr_head_row(h, 2, y), KR_ERR_SIZE);
    ck_assert_int_eq(kr_head_row(h, 0, NULL), KR_ERR_NULL);
    ck_assert_int_eq(kr_head_gemv(h, NULL, y, NULL), KR_ERR_NULL);
    ck_assert_int_eq(kr_head_gemv(h, x, y, NULL), KR_OK);
    ck_assert(y[0] == 0.0f && y[1] == 0.0f);
    kr_head_free(h);
    kr_head_free(NULL);
    ck_assert_str_eq(kr_head_fmt_name(KR_HEAD_Q6_K), "Q6_K");
}
END_TEST

Suite *suite_fast_head(void)
{
    Suite *s = suite_create("fast_head");
    TCase *tc = tcase_create("head");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_head_formats);
    tcase_add_test(tc, test_head_errors);
    suite_add_tcase(s, tc);
    return s;
}
