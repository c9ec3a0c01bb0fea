/* kr_fast_gemm against kr_gemm_ref, bit for bit, in both layouts, on every ISA this CPU runs and 1-3 threads. */
#include <stdlib.h>
#include <string.h>

#include "kernels_fast/kr_fast.h"
#include "kernels_fast/kr_fast3_impl.h"
#include "kernels_ref/kr_gemm.h"
#include "tests/kernels_fast/suites.h"

static const kr_isa tf_isas[] = {KR_ISA_SCALAR, KR_ISA_AVX2, KR_ISA_AVX512, KR_ISA_AVX512VNNI, KR_ISA_NEON};
#define TF_NISA (sizeof tf_isas / sizeof tf_isas[0])

typedef enum { TF_W_RANDOM, TF_W_ZERO, TF_W_PLUS, TF_W_MINUS } tf_wkind;
typedef enum { TF_X_RANDOM, TF_X_MIN, TF_X_MAX, TF_X_ALT } tf_xkind;

static void tf_fill_w(kr_tern *w, tf_wkind kind, uint64_t *s)
{
    for (size_t m = 0; m < w->rows; m++)
        for (size_t k = 0; k < w->cols; k++) {
            int v = kind == TF_W_ZERO ? 0 : kind == TF_W_PLUS ? 1 : kind == TF_W_MINUS ? -1 : tf_range(s, -1, 1);
            kr_tern_set(w, m, k, v);
        }
}

static int8_t tf_x(tf_xkind kind, uint64_t *s, size_t k)
{
    switch (kind) {
    case TF_X_MIN: return -128;
    case TF_X_MAX: return 127;
    case TF_X_ALT: return (k & 1) ? 127 : -128;
    default: return (int8_t)tf_range(s, -128, 127);
    }
}

static const kr_fast_layout tf_layouts[] = {KR_LAYOUT_2BIT, KR_LAYOUT_BASE3};

/* Runs one shape in both layouts on every supported ISA and thread count; strides wider than the
 * shape check that nothing outside the result rows is written. Returns the number of
 * layout/ISA/thread runs compared. */
static int tf_check_shape(size_t M, size_t K, size_t N, tf_wkind wk, tf_xkind xk, uint64_t seed, kr_pool **pools)
{
    uint64_t s = seed;
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, M, K), KR_OK);
    tf_fill_w(&w, wk, &s);
    const size_t ldq = K + 5, ldy = M + 3;
    int8_t *q = malloc(N * ldq);
    int32_t *ref = malloc(N * ldy * sizeof *ref), *y = malloc(N * ldy * sizeof *y);
    ck_assert(q && ref && y);
    for (size_t t = 0; t < N; t++)
        for (size_t k = 0; k < ldq; k++)
            q[t * ldq + k] = k < K ? tf_x(xk, &s, k) : (int8_t)99; /* junk past K must be ignored */
    memset(ref, 0x5a, N * ldy * sizeof *ref);
    ck_assert_int_eq(kr_gemm_ref(&w, q, N, ldq, ref, ldy), KR_OK);
    int runs = 0;
    for (size_t li = 0; li < 2; li++)
        for (size_t i = 0; i < TF_NISA; i++) {
            if (!kr_fast_isa_supported(tf_isas[i]))
                continue;
            kr_fast_w *fw = NULL;
            ck_assert_int_eq(kr_fast_prepare_layout(&w, tf_isas[i], tf_layouts[li], &fw), KR_OK);
            ck_assert_int_eq(kr_fast_w_layout(fw), tf_layouts[li]);
            for (int th = 0; th < 3; th++) {
                memset(y, 0x5a, N * ldy * sizeof *y);
                ck_assert_int_eq(kr_fast_gemm(fw, q, N, ldq, y, ldy, pools[th]), KR_OK);
                for (size_t t = 0; t < N; t++)
                    for (size_t m = 0; m < ldy; m++)
                        ck_assert_msg(y[t * ldy + m] == ref[t * ldy + m],
                                      "%s kernel %s threads %d M=%zu K=%zu N=%zu: y[%zu][%zu] = %d, reference %d",
                                      kr_fast_layout_name(tf_layouts[li]), kr_fast_w_kernel(fw), th + 1, M, K, N, t,
                                      m, y[t * ldy + m], ref[t * ldy + m]);
                runs++;
            }
            kr_fast_free(fw);
        }
    free(q);
    free(ref);
    free(y);
    kr_tern_free(&w);
    return runs;
}

static void tf_pools(kr_pool **p)
{
    for (int i = 0; i < 3; i++) {
        p[i] = kr_pool_new(i + 1);
        ck_assert_ptr_nonnull(p[i]);
    }
}
static void tf_pools_free(kr_pool **p)
{
    for (int i = 0; i < 3; i++)
        kr_pool_free(p[i]);
}

START_TEST(test_random_shapes)
{
    static const size_t Ns[] = {1, 2, 3, 8, 17};
    kr_pool *pools[3];
    tf_pools(pools);
    uint64_t s = 0x9e3779b97f4a7c15ull;
    int runs = 0;
    for (int i = 0; i < 40; i++) {
        size_t M = (size_t)tf_range(&s, 1, 70), K = (size_t)tf_range(&s, 1, 300);
        runs += tf_check_shape(M, K, Ns[i % 5], TF_W_RANDOM, TF_X_RANDOM, tf_rand(&s), pools);
    }
    /* Block edges: K around multiples of 16 and 64 (2-bit groups), of 5 and 20 (base-3 bytes and
     * groups), M around the 16-row panel and 2-panel tile. */
    static const size_t Ks[] = {1, 3, 4, 5, 6, 15, 16, 17, 19, 20, 21, 39, 40, 41, 63, 64, 65, 255, 256, 257};
    static const size_t Ms[] = {1, 15, 16, 17, 31, 32, 33, 48};
    for (size_t a = 0; a < sizeof Ks / sizeof Ks[0]; a++)
        for (size_t b = 0; b < sizeof Ms / sizeof Ms[0]; b++)
            runs += tf_check_shape(Ms[b], Ks[a], Ns[(a + b) % 5], TF_W_RANDOM, TF_X_RANDOM, 1000 + a * 31 + b, pools);
    ck_assert_int_gt(runs, 0);
    tf_pools_free(pools);
}
END_TEST

START_TEST(test_extremes)
{
    kr_pool *pools[3];
    tf_pools(pools);
    int runs = 0;
    /* Largest magnitudes: all +1 or -1 weights against -128 / 127 / alternating activations. */
    const tf_wkind wks[] = {TF_W_ZERO, TF_W_PLUS, TF_W_MINUS, TF_W_RANDOM};
    const tf_xkind xks[] = {TF_X_MIN, TF_X_MAX, TF_X_ALT};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 3; b++)
            for (size_t n = 1; n <= 3; n += 2) /* N = 1 takes the decode kernel, N = 3 the tiled one */
                runs += tf_check_shape(37, 4099, n, wks[a], xks[b], 7 + a * 3 + b, pools);
    /* Prefill past one K chunk of either layout's tile (2048 k for 2-bit, 5120 for base-3). */
    runs += tf_check_shape(33, 6913, 6, TF_W_RANDOM, TF_X_RANDOM, 97, pools);
    runs += tf_check_shape(18, 6913, 5, TF_W_MINUS, TF_X_MIN, 96, pools);
    /* K past 2^19: the decode kernel's scaled-plane accumulators would overflow, the tiled one runs. */
    runs += tf_check_shape(17, ((size_t)1 << 19) + 5, 1, TF_W_PLUS, TF_X_MIN, 99, pools);
    runs += tf_check_shape(17, ((size_t)1 << 19) + 5, 1, TF_W_RANDOM, TF_X_RANDOM, 98, pools);
    ck_assert_int_gt(runs, 0);
    tf_pools_free(pools);
}
END_TEST

START_TEST(test_model_shape)
{
    kr_pool *pools[3];
    tf_pools(pools);
    /* A 2B4T shape (k_proj: 640 x 2560) in decode and in a small prefill. */
    ck_assert_int_gt(tf_check_shape(640, 2560, 1, TF_W_RANDOM, TF_X_RANDOM, 42, pools), 0);
    ck_assert_int_gt(tf_check_shape(640, 2560, 8, TF_W_RANDOM, TF_X_RANDOM, 43, pools), 0);
    tf_pools_free(pools);
}
END_TEST

/* Every 5-digit tuple survives both base-3 byte codes (each tuple its own byte), every byte value
 * decodes to digits the kernels can take, and the VBMI kernel's tables agree with the LUT code. */
START_TEST(test_base3_code)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 1, 1), KR_OK);
    kr_fast_w *fw = NULL;
    ck_assert_int_eq(kr_fast_prepare_layout(&w, KR_ISA_SCALAR, KR_LAYOUT_BASE3, &fw), KR_OK);
    kr_fast_free(fw);
    kr_tern_free(&w);
    kr_fast3_tables_init();
    for (int kind = 0; kind < 2; kind++) {
        int seen[256] = {0};
        for (unsigned v = 0; v < 243; v++) {
            uint8_t d[5], e[5];
            for (unsigned i = 0, r = v; i < 5; i++, r /= 3)
                d[4 - i] = (uint8_t)(r % 3);
            const uint8_t c = kr_fast3_code((kr_fast3_code_kind)kind, d);
            ck_assert_int_eq(seen[c], 0);
            seen[c] = 1;
            kr_fast3_digits_lut(c, e);
            for (unsigned i = 0; i < 5; i++)
                ck_assert_uint_eq(kind == KR_FAST3_CODE_LUT ? e[i] : kr_fast3_digit(c, i), d[i]);
            if (kind == KR_FAST3_CODE_LUT) {
                ck_assert_uint_le(c & 63u, 62);
                ck_assert_uint_eq(kr_fast3_t1[c], d[0] | d[1] << 2 | d[2] << 4 | d[3] << 6);
                ck_assert_uint_eq(kr_fast3_t4[c & 63u], d[4]);
            }
        }
    }
    for (unsigned c = 0; c < 256; c++)
        for (unsigned i = 0; i < 5; i++)
            ck_assert_uint_le(kr_fast3_digit(c, i), 2);
}
END_TEST

START_TEST(test_errors)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 4, 8), KR_OK);
    kr_fast_w *fw = (kr_fast_w *)&w; /* must be overwritten with NULL on failure */
    ck_assert_int_eq(kr_fast_prepare(NULL, KR_ISA_AUTO, &fw), KR_ERR_NULL);
    ck_assert_ptr_null(fw);
    ck_assert_int_eq(kr_fast_prepare(&w, KR_ISA_AUTO, NULL), KR_ERR_NULL);
    w.codes[0] = 0x02; /* code 10 is invalid */
    ck_assert_int_eq(kr_fast_prepare(&w, KR_ISA_SCALAR, &fw), KR_ERR_CODE);
    ck_assert_ptr_null(fw);
    w.codes[1] = 0x80;
    w.codes[0] = 0;
    ck_assert_int_eq(kr_fast_prepare_layout(&w, KR_ISA_SCALAR, KR_LAYOUT_BASE3, &fw), KR_ERR_CODE);
    ck_assert_ptr_null(fw);
    w.codes[1] = 0;
    ck_assert_int_eq(kr_fast_prepare_layout(&w, KR_ISA_AUTO, (kr_fast_layout)7, &fw), KR_ERR_SIZE);
    ck_assert_ptr_null(fw);
    w.codes[0] = 0;
    w.stride = 1;
    ck_assert_int_eq(kr_fast_prepare(&w, KR_ISA_AUTO, &fw), KR_ERR_SIZE);
    w.stride = 2;
    if (!kr_fast_isa_supported(KR_ISA_NEON))
        ck_assert_int_eq(kr_fast_prepare(&w, KR_ISA_NEON, &fw), KR_ERR_SIZE);
    ck_assert_int_eq(kr_fast_prepare(&w, KR_ISA_AUTO, &fw), KR_OK);
    int8_t q[16] = {0};
    int32_t y[8];
    ck_assert_int_eq(kr_fast_gemm(NULL, q, 1, 8, y, 4, NULL), KR_ERR_NULL);
    ck_assert_int_eq(kr_fast_gemm(fw, NULL, 1, 8, y, 4, NULL), KR_ERR_NULL);
    ck_assert_int_eq(kr_fast_gemm(fw, q, 1, 8, NULL, 4, NULL), KR_ERR_NULL);
    ck_assert_int_eq(kr_fast_gemm(fw, q, 0, 8, y, 4, NULL), KR_ERR_SIZE);
    ck_assert_int_eq(kr_fast_gemm(fw, q, 1, 7, y, 4, NULL), KR_ERR_SIZE);
    ck_assert_int_eq(kr_fast_gemm(fw, q, 1, 8, y, 3, NULL), KR_ERR_SIZE);
    ck_assert_int_eq(kr_fast_gemm(fw, q, 1, 8, y, 4, NULL), KR_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(y[i], 0);
    kr_fast_free(fw);
    kr_fast_free(NULL);
    kr_tern_free(&w);
    /* The base-3 stream of a 2B4T matrix is 4/5 of the 2-bit one. */
    ck_assert_int_eq(kr_tern_alloc(&w, 2560, 2560), KR_OK);
    kr_fast_w *f2 = NULL, *f3 = NULL;
    ck_assert_int_eq(kr_fast_prepare_layout(&w, KR_ISA_AUTO, KR_LAYOUT_2BIT, &f2), KR_OK);
    ck_assert_int_eq(kr_fast_prepare_layout(&w, KR_ISA_AUTO, KR_LAYOUT_BASE3, &f3), KR_OK);
    ck_assert_uint_eq(kr_fast_w_bytes(f2), (size_t)2560 * 2560 / 4);
    ck_assert_uint_eq(kr_fast_w_bytes(f3), (size_t)2560 * 2560 / 5);
    ck_assert_str_eq(kr_fast_layout_name(KR_LAYOUT_BASE3), "base3");
    kr_fast_free(f2);
    kr_fast_free(f3);
    kr_tern_free(&w);
    ck_assert_str_eq(kr_isa_name(KR_ISA_AVX512VNNI), "avx512vnni");
    ck_assert(kr_fast_isa_supported(kr_fast_best_isa()));
}
END_TEST

Suite *suite_fast_gemm(void)
{
    Suite *s = suite_create("fast_gemm");
    TCase *tc = tcase_create("exact");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_random_shapes);
    tcase_add_test(tc, test_extremes);
    tcase_add_test(tc, test_model_shape);
    tcase_add_test(tc, test_base3_code);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    return s;
}
