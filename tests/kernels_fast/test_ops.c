/*
 * Every dispatching op of kr_ops.h against its definition in kernels_ref/kr_ops_ref.h, bit for bit
 * (with NaN or infinite inputs any NaN matches any NaN: the definition fixes the operations, not
 * the payload the hardware propagates). Sizes cover every n up to 300 (all tail lengths of the
 * 16-wide and 64-wide SIMD loops) and the 2B4T shapes (head size 128, hidden 2560, FFN 6912). The
 * definitions themselves are tested against double-precision math by test_kernels_ref.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_formats.h"
#include "kernels_ref/kr_ops_ref.h"
#include "kernels_fast/kr_ops.h"
#include "tests/kernels_fast/suites.h"

/* Loops assert only on failure: every passing ck_assert is a message to the Check runner. */
#define TF_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_abort_msg(__VA_ARGS__);                                                             \
    } while (0)

static void tf_same(const float *a, const float *b, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        TF_CHECK(memcmp(&a[i], &b[i], sizeof(float)) == 0, "%s n=%zu [%zu]: %.9g vs %.9g", what, n, i, a[i], b[i]);
}

/* The same bits, or both NaN. */
static void tf_same_nan(const float *a, const float *b, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        TF_CHECK((isnan(a[i]) && isnan(b[i])) || memcmp(&a[i], &b[i], sizeof(float)) == 0,
                 "%s n=%zu [%zu]: %.9g vs %.9g", what, n, i, a[i], b[i]);
}

/* Every n up to 300, then sizes around the larger powers of two and the 2B4T rows. */
static size_t tf_op_size(size_t c)
{
    static const size_t big[] = {383, 384, 385, 511, 512, 513, 1000, 2560, 6912, 6913};
    return c <= 300 ? c : big[c - 301];
}
#define TF_OP_SIZES (301 + 10)

static float *tf_vec(size_t n)
{
    float *v = malloc((n + 1) * sizeof *v);
    ck_assert(v);
    return v;
}

START_TEST(test_ops_vs_ref)
{
    uint64_t s = 77;
    for (size_t c = 0; c < TF_OP_SIZES; c++) {
        const size_t n = tf_op_size(c);
        float *a = tf_vec(n), *b = tf_vec(n), *w = tf_vec(n), *y = tf_vec(n), *r = tf_vec(n);
        uint16_t *h = malloc((n + 1) * sizeof *h), *hr = malloc((n + 1) * sizeof *hr);
        ck_assert(h && hr);
        for (size_t i = 0; i < n; i++) {
            a[i] = tf_float(&s) * (i % 7 == 3 ? 120.0f : 10.0f); /* some far below the max in softmax */
            b[i] = tf_float(&s) * 0.5f;
            w[i] = 1.0f + tf_float(&s);
        }
        if (n) {
            a[n / 2] = 0.0f;
            b[0] = -0.0f;
        }
        /* dot */
        const float d = kr_dot_f32(a, b, n), dr = kr_dot_f32_ref(a, b, n);
        tf_same(&d, &dr, 1, "dot");
        /* axpy, add: the element past n guards the tail mask */
        for (size_t i = 0; i <= n; i++)
            y[i] = r[i] = (float)i * 0.25f;
        kr_axpy_f32(0.3f, a, y, n);
        kr_axpy_f32_ref(0.3f, a, r, n);
        tf_same(y, r, n + 1, "axpy");
        kr_add_f32(y, b, n);
        kr_add_f32_ref(r, b, n);
        tf_same(y, r, n + 1, "add");
        /* rmsnorm with and without gain */
        for (int gain = 0; gain < 2; gain++) {
            y[n] = r[n] = 5.0f;
            kr_rmsnorm_f32(a, gain ? w : NULL, n, 1e-6f, y);
            kr_rmsnorm_f32_ref(a, gain ? w : NULL, n, 1e-6f, r);
            tf_same(y, r, n + 1, gain ? "rmsnorm(w)" : "rmsnorm");
        }
        /* relu2_mul: negative, zero and positive gates */
        y[n] = r[n] = 6.0f;
        kr_relu2_mul_f32(a, b, y, n);
        kr_relu2_mul_f32_ref(a, b, r, n);
        tf_same(y, r, n + 1, "relu2_mul");
        /* softmax */
        memcpy(y, a, n * sizeof *y);
        memcpy(r, a, n * sizeof *r);
        y[n] = r[n] = 7.0f;
        kr_softmax_f32(y, n);
        kr_softmax_f32_ref(r, n);
        tf_same(y, r, n + 1, "softmax");
        /* binary16 rows, scaled so that some overflow and some are subnormal */
        for (size_t i = 0; i < n; i++)
            y[i] = a[i] * (i % 5 == 0 ? 1000.0f : (i % 5 == 1 ? 1e-6f : 1.0f));
        h[n] = hr[n] = 0xabcd;
        kr_f32_to_f16_row(y, h, n);
        kr_f32_to_f16_row_ref(y, hr, n);
        TF_CHECK(memcmp(h, hr, (n + 1) * sizeof *h) == 0, "f32_to_f16_row n=%zu", n);
        free(a);
        free(b);
        free(w);
        free(y);
        free(r);
        free(h);
        free(hr);
    }
}
END_TEST

/* NaN, infinities, overflowing products, subnormals and signed zeros at every position of short
 * rows and inside long ones. */
START_TEST(test_ops_specials)
{
    static const float sp[] = {NAN, INFINITY, -INFINITY, 3e38f, -3e38f, 1e-40f, -1e-40f, -0.0f, 0.0f, 1.0f};
    const size_t nsp = sizeof sp / sizeof sp[0];
    uint64_t s = 5;
    static const size_t ns[] = {1, 2, 15, 16, 17, 33, 64, 130};
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
        const size_t n = ns[c];
        float *a = tf_vec(n), *b = tf_vec(n), *y = tf_vec(n), *r = tf_vec(n), *cs = tf_vec(n);
        for (size_t k = 0; k < nsp; k++)
            for (size_t at = 0; at < n; at += (n > 17 ? 7 : 1)) {
                for (size_t i = 0; i < n; i++) {
                    a[i] = tf_float(&s) * 4.0f;
                    b[i] = tf_float(&s);
                    cs[i] = tf_float(&s);
                }
                a[at] = sp[k];
                b[(at * 3) % n] = sp[(k + 3) % nsp];
                const float d = kr_dot_f32(a, b, n), dr = kr_dot_f32_ref(a, b, n);
                tf_same_nan(&d, &dr, 1, "dot (specials)");
                memcpy(y, b, n * sizeof *y);
                memcpy(r, b, n * sizeof *r);
                kr_axpy_f32(-1.5f, a, y, n);
                kr_axpy_f32_ref(-1.5f, a, r, n);
                tf_same_nan(y, r, n, "axpy (specials)");
                kr_add_f32(y, a, n);
                kr_add_f32_ref(r, a, n);
                tf_same_nan(y, r, n, "add (specials)");
                kr_rmsnorm_f32(a, b, n, 1e-6f, y);
                kr_rmsnorm_f32_ref(a, b, n, 1e-6f, r);
                tf_same_nan(y, r, n, "rmsnorm (specials)");
                kr_relu2_mul_f32(a, b, y, n);
                kr_relu2_mul_f32_ref(a, b, r, n);
                tf_same_nan(y, r, n, "relu2_mul (specials)");
                memcpy(y, a, n * sizeof *y);
                memcpy(r, a, n * sizeof *r);
                kr_softmax_f32(y, n);
                kr_softmax_f32_ref(r, n);
                tf_same_nan(y, r, n, "softmax (specials)");
                memcpy(y, a, n * sizeof *y);
                memcpy(r, a, n * sizeof *r);
                kr_rope_neox_f32(y, 1, n, cs);
                kr_rope_neox_f32_ref(r, 1, n, cs);
                tf_same_nan(y, r, n, "rope (specials)");
                uint16_t h[130], hr[130];
                kr_f32_to_f16_row(a, h, n);
                kr_f32_to_f16_row_ref(a, hr, n);
                TF_CHECK(memcmp(h, hr, n * sizeof *h) == 0, "f32_to_f16_row (specials) n=%zu", n);
            }
        free(a);
        free(b);
        free(y);
        free(r);
        free(cs);
    }
}
END_TEST

/* softmax over rows whose differences from the max sweep e^d's whole domain (0 to -100, through
 * the -87 cut-off), so the 16-lane exp meets every range of the definition's. */
START_TEST(test_ops_softmax_exp)
{
    const size_t n = 4099;
    float *y = tf_vec(n), *r = tf_vec(n);
    for (int pass = 0; pass < 4; pass++) {
        const float step = 100.0f / (float)(n - 1) * (1.0f + 0.013f * (float)pass);
        for (size_t i = 0; i < n; i++)
            y[i] = r[i] = 0.5f * (float)pass - step * (float)((i * 2053) % n); /* shuffled */
        kr_softmax_f32(y, n);
        kr_softmax_f32_ref(r, n);
        tf_same(y, r, n, "softmax (exp domain)");
    }
    for (float d = 0.0f; d >= -100.0f; d -= 0.0173f) {
        const float e = kr_exp_neg_f32(d), er = kr_exp_neg_f32_ref(d);
        TF_CHECK(memcmp(&e, &er, sizeof e) == 0, "exp_neg(%.9g)", d);
    }
    free(y);
    free(r);
}
END_TEST

/* RoPE over head sizes with and without a 16-wide tail in each half, odd sizes included. */
START_TEST(test_ops_rope)
{
    uint64_t s = 4242;
    static const size_t ds[] = {2, 3, 4, 8, 30, 31, 32, 33, 34, 64, 80, 96, 128, 130, 256};
    static const size_t hs[] = {1, 3, 20};
    for (size_t c = 0; c < sizeof ds / sizeof ds[0]; c++)
        for (size_t hi = 0; hi < sizeof hs / sizeof hs[0]; hi++) {
            const size_t d = ds[c], heads = hs[hi], half = d / 2;
            float *x = tf_vec(heads * d), *r = tf_vec(heads * d), *cs = tf_vec(d);
            for (size_t i = 0; i < heads * d; i++)
                x[i] = r[i] = tf_float(&s) * 4.0f;
            x[heads * d] = r[heads * d] = 9.0f;
            for (size_t i = 0; i < half; i++) {
                cs[i] = cosf(0.37f * (float)i);
                cs[half + i] = sinf(0.37f * (float)i);
            }
            kr_rope_neox_f32(x, heads, d, cs);
            kr_rope_neox_f32_ref(r, heads, d, cs);
            tf_same(x, r, heads * d + 1, "rope");
            free(x);
            free(r);
            free(cs);
        }
}
END_TEST

/* Scores and mix of one head against their definitions, over head sizes on both sides of the
 * 16-lane steps and of the 8-register (128-float) output row, and position counts on both sides of
 * the 4-position blocks and the 8-row prefetch. */
START_TEST(test_ops_attn)
{
    uint64_t s = 991;
    static const size_t ds[] = {1, 2, 15, 16, 17, 24, 31, 33, 63, 64, 65, 80, 96, 127, 128, 129, 200};
    const size_t ld = 211, maxpos = 100;
    float *K = malloc(maxpos * ld * sizeof *K), *V = malloc(maxpos * ld * sizeof *V), *q = tf_vec(ld);
    float *sc = tf_vec(maxpos), *rs = tf_vec(maxpos), *o = tf_vec(ld), *ro = tf_vec(ld);
    ck_assert(K && V);
    for (size_t i = 0; i < maxpos * ld; i++) {
        K[i] = tf_float(&s) * 3.0f;
        V[i] = tf_float(&s);
    }
    for (size_t i = 0; i < ld; i++)
        q[i] = tf_float(&s) * 2.0f;
    for (size_t c = 0; c < sizeof ds / sizeof ds[0]; c++)
        for (size_t npos = 1; npos <= maxpos; npos += (npos < 40 ? 1 : 29)) {
            const size_t d = ds[c];
            sc[npos] = rs[npos] = 4.0f;
            kr_attn_scores_f32(q, K, ld, npos, d, 0.125f, sc);
            kr_attn_scores_f32_ref(q, K, ld, npos, d, 0.125f, rs);
            tf_same(sc, rs, npos + 1, "attn_scores");
            o[d] = ro[d] = 7.0f; /* guards the tail */
            kr_attn_mix_f32(sc, V, ld, npos, d, o);
            kr_attn_mix_f32_ref(sc, V, ld, npos, d, ro);
            tf_same(o, ro, d + 1, "attn_mix");
        }
    free(K);
    free(V);
    free(q);
    free(sc);
    free(rs);
    free(o);
    free(ro);
}
END_TEST

/* Grouped attention against its definition and against the per-head dispatched calls it is
 * defined by, for head runs that start and end inside a group, groups wider than the 4 heads taken
 * at once, odd position counts, head sizes the grouped AVX-512 kernel takes (multiples of 64) and
 * ones it leaves to the definition, rows wider than a head. */
START_TEST(test_ops_attn_heads)
{
    uint64_t s = 4242;
    static const struct {
        size_t d, ld;
    } shapes[] = {{64, 64}, {128, 128}, {128, 192}, {192, 192}, {80, 80}, {48, 64}};
    static const size_t groups[] = {1, 4, 5, 6};
    const size_t n_kv = 3, n_ctx = 151, ld_max = 192;
    const size_t stride = n_ctx * ld_max;
    float *K = malloc(n_kv * stride * sizeof *K), *V = malloc(n_kv * stride * sizeof *V);
    float *q = tf_vec(18 * ld_max), *o = tf_vec(18 * ld_max), *ro = tf_vec(18 * ld_max);
    float *po = tf_vec(18 * ld_max), *sc = tf_vec(4 * n_ctx), *rs = tf_vec(n_ctx);
    ck_assert(K && V);
    for (size_t i = 0; i < n_kv * stride; i++) {
        K[i] = tf_float(&s) * 3.0f;
        V[i] = tf_float(&s);
    }
    for (size_t i = 0; i < 18 * ld_max; i++)
        q[i] = tf_float(&s) * 2.0f;
    static const size_t nposs[] = {1, 2, 3, 17, 150, 151};
    for (size_t c = 0; c < sizeof shapes / sizeof shapes[0]; c++)
        for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
            for (size_t pi = 0; pi < sizeof nposs / sizeof nposs[0]; pi++) {
                const size_t d = shapes[c].d, ld = shapes[c].ld, group = groups[g], H = n_kv * group;
                const size_t npos = nposs[pi];
                /* all heads, and a run from inside the first group to inside the last */
                const size_t runs[2][2] = {{0, H}, {group > 1 ? 1 : 0, H - (group > 1 ? 1 : 0)}};
                for (int r = 0; r < 2; r++) {
                    const size_t h0 = runs[r][0], h1 = runs[r][1];
                    for (size_t i = 0; i <= H * d; i++)
                        o[i] = ro[i] = po[i] = 9.0f; /* heads outside the run and the element past them stay */
                    kr_attn_heads_f32(q, h0, h1, group, K, V, stride, ld, npos, d, 0.088f, sc, o);
                    kr_attn_heads_f32_ref(q, h0, h1, group, K, V, stride, ld, npos, d, 0.088f, rs, ro);
                    tf_same(o, ro, H * d + 1, "attn_heads vs ref");
                    for (size_t h = h0; h < h1; h++) {
                        const size_t at = h / group * stride;
                        kr_attn_scores_f32(q + h * d, K + at, ld, npos, d, 0.088f, rs);
                        kr_softmax_f32(rs, npos);
                        kr_attn_mix_f32(rs, V + at, ld, npos, d, po + h * d);
                    }
                    tf_same(o, po, H * d + 1, "attn_heads vs per-head calls");
                }
            }
    free(K);
    free(V);
    free(q);
    free(o);
    free(ro);
    free(po);
    free(sc);
    free(rs);
}
END_TEST

/* The binary16 cache: against its definition, and exactly kr_attn_heads_f32 on the widened rows;
 * then the row conversion that fills it against its definition over a spread of all 2^32 inputs
 * (zeros, subnormals of both sizes, ties, overflow to infinity, infinities and NaNs). */
START_TEST(test_ops_attn_heads_f16kv)
{
    uint64_t s = 777;
    const size_t n_kv = 2, n_ctx = 67, ld = 192, group = 4, H = n_kv * group;
    const size_t stride = n_ctx * ld;
    uint16_t *K = malloc(n_kv * stride * sizeof *K), *V = malloc(n_kv * stride * sizeof *V);
    float *Kf = malloc(n_kv * stride * sizeof *Kf), *Vf = malloc(n_kv * stride * sizeof *Vf);
    float *q = tf_vec(H * ld), *o = tf_vec(H * ld), *ro = tf_vec(H * ld), *fo = tf_vec(H * ld);
    float *sc = tf_vec(4 * n_ctx + ld);
    ck_assert(K && V && Kf && Vf);
    for (size_t i = 0; i < n_kv * stride; i++) {
        K[i] = kr_f32_to_f16(tf_float(&s) * 3.0f);
        V[i] = kr_f32_to_f16(tf_float(&s));
        Kf[i] = kr_f16_to_f32(K[i]);
        Vf[i] = kr_f16_to_f32(V[i]);
    }
    for (size_t i = 0; i < H * ld; i++)
        q[i] = tf_float(&s) * 2.0f;
    static const size_t dhs[] = {128, 64, 192, 80};
    for (size_t di = 0; di < sizeof dhs / sizeof dhs[0]; di++)
        for (size_t npos = 1; npos <= n_ctx; npos += 11)
            for (size_t h0 = 0; h0 < 3; h0++) {
                const size_t dh = dhs[di];
                for (size_t i = 0; i <= H * dh; i++)
                    o[i] = ro[i] = fo[i] = 9.0f;
                kr_attn_heads_f16kv(q, h0, H - h0, group, K, V, stride, ld, npos, dh, 0.088f, sc, o);
                kr_attn_heads_f16kv_ref(q, h0, H - h0, group, K, V, stride, ld, npos, dh, 0.088f, sc, ro);
                tf_same(o, ro, H * dh + 1, "attn_heads_f16kv vs ref");
                kr_attn_heads_f32(q, h0, H - h0, group, Kf, Vf, stride, ld, npos, dh, 0.088f, sc, fo);
                tf_same(o, fo, H * dh + 1, "attn_heads_f16kv vs f32 on widened rows");
            }
    /* the conversion: 4 M inputs spread over all bit patterns, then the special values, at every
     * tail length */
    enum { N = 4096 };
    float x[N];
    uint16_t y[N + 1], r[N + 1];
    uint32_t bits = 0;
    for (int blk = 0; blk < 1024; blk++) {
        for (int i = 0; i < N; i++, bits += 1048573u) /* a prime stride: every exponent and many mantissas */
            memcpy(&x[i], &bits, sizeof bits);
        kr_f32_to_f16_row(x, y, N);
        kr_f32_to_f16_row_ref(x, r, N);
        int bad = -1;
        for (int i = 0; i < N && bad < 0; i++)
            if (y[i] != r[i])
                bad = i;
        uint32_t xb = 0;
        if (bad >= 0)
            memcpy(&xb, &x[bad], sizeof xb);
        TF_CHECK(bad < 0, "f32 %08x -> f16 %04x, definition %04x", (unsigned)xb, y[bad], r[bad]);
    }
    static const uint32_t special[] = {0x00000000u, 0x80000000u, 0x00000001u, 0x33000000u, 0x33000001u,
                                       0x337fffffu, 0x387fc000u, 0x38800000u, 0x477fe000u, 0x477ff000u,
                                       0x477fefffu, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7f800001u,
                                       0xffc12345u, 0x3f801000u, 0x3f803000u, 0xc7800000u};
    const size_t ns = sizeof special / sizeof special[0];
    for (size_t len = 0; len <= ns; len++) {
        memcpy(x, special, len * sizeof *x);
        y[len] = r[len] = 0xabcd; /* must stay */
        kr_f32_to_f16_row(x, y, len);
        kr_f32_to_f16_row_ref(x, r, len);
        for (size_t i = 0; i <= len; i++)
            TF_CHECK(y[i] == r[i], "len %zu [%zu]: %04x vs %04x", len, i, y[i], r[i]);
    }
    free(K);
    free(V);
    free(Kf);
    free(Vf);
    free(q);
    free(o);
    free(ro);
    free(fo);
    free(sc);
}
END_TEST

START_TEST(test_ops_hand)
{
    const float a[5] = {1, 2, 3, 4, 5}, b[5] = {1, -1, 1, -1, 1};
    ck_assert(kr_dot_f32(a, b, 5) == 3.0f);
    ck_assert(kr_dot_f32(a, b, 0) == 0.0f);
    ck_assert(kr_dot_f32(NULL, b, 5) == 0.0f);
    float x[3] = {0.0f, 0.0f, 0.0f};
    kr_softmax_f32(x, 3);
    for (int i = 0; i < 3; i++)
        ck_assert(fabsf(x[i] - 1.0f / 3.0f) < 1e-7f);
    const float g[4] = {-2.0f, 0.0f, 3.0f, NAN}, u[4] = {5.0f, 5.0f, 2.0f, 1.0f};
    float o[4];
    kr_relu2_mul_f32(g, u, o, 4);
    ck_assert(o[0] == 0.0f && o[1] == 0.0f && o[2] == 18.0f && o[3] == 0.0f);
    float n[2];
    const float v[2] = {3.0f, 4.0f};
    kr_rmsnorm_f32(v, NULL, 2, 0.0f, n); /* rms = sqrt(12.5) */
    ck_assert(fabsf(n[0] - 3.0f / sqrtf(12.5f)) < 1e-6f && fabsf(n[1] - 4.0f / sqrtf(12.5f)) < 1e-6f);
    /* NULL arguments and empty sizes do nothing */
    float one = 1.0f;
    kr_axpy_f32(2.0f, NULL, &one, 1);
    kr_add_f32(&one, NULL, 1);
    kr_rmsnorm_f32(v, NULL, 0, 0.0f, &one);
    kr_softmax_f32(&one, 0);
    kr_attn_heads_f32(v, 0, 1, 0, v, v, 0, 2, 1, 2, 1.0f, n, &one);
    ck_assert(one == 1.0f);
}
END_TEST

Suite *suite_fast_ops(void)
{
    Suite *s = suite_create("fast_ops");
    TCase *tc = tcase_create("ops");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_ops_vs_ref);
    tcase_add_test(tc, test_ops_specials);
    tcase_add_test(tc, test_ops_softmax_exp);
    tcase_add_test(tc, test_ops_rope);
    tcase_add_test(tc, test_ops_hand);
    tcase_add_test(tc, test_ops_attn);
    tcase_add_test(tc, test_ops_attn_heads);
    tcase_add_test(tc, test_ops_attn_heads_f16kv);
    suite_add_tcase(s, tc);
    return s;
}
