/*
 * kr_ops against the definition written out here (16 lane partials, element i in lane i % 16, fixed
 * combining tree, separate multiply and add), compared bit for bit, so the dispatched SIMD path
 * and the portable path must give identical floats.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_formats.h"
#include "kernels_fast/kr_ops.h"
#include "tests/kernels_fast/suites.h"

static float tf_dot_def(const float *a, const float *b, size_t n)
{
    volatile float acc[16] = {0}; /* volatile: keep the compiler from reassociating the oracle */
    for (size_t i = 0; i < n; i++)
        acc[i % 16] = acc[i % 16] + a[i] * b[i];
    float t8[8], t4[4];
    for (int i = 0; i < 8; i++)
        t8[i] = acc[i] + acc[i + 8];
    for (int i = 0; i < 4; i++)
        t4[i] = t8[i] + t8[i + 4];
    return (t4[0] + t4[2]) + (t4[1] + t4[3]);
}

static void tf_same(const float *a, const float *b, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(memcmp(&a[i], &b[i], sizeof(float)) == 0, "%s n=%zu [%zu]: %.9g vs %.9g", what, n, i, a[i], b[i]);
}

START_TEST(test_ops_bitexact)
{
    uint64_t s = 77;
    static const size_t ns[] = {1, 2, 7, 15, 16, 17, 31, 33, 128, 129, 2560, 6912, 6913};
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
        const size_t n = ns[c];
        float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *y = malloc((n + 1) * sizeof *y);
        float *r = malloc((n + 1) * sizeof *r), *w = malloc(n * sizeof *w);
        ck_assert(a && b && y && r && w);
        for (size_t i = 0; i < n; i++) {
            a[i] = tf_float(&s) * 10.0f;
            b[i] = tf_float(&s) * 0.5f;
            w[i] = 1.0f + tf_float(&s);
        }
        a[n / 2] = 0.0f;
        b[0] = -0.0f;
        /* dot */
        float d = kr_dot_f32(a, b, n), dd = tf_dot_def(a, b, n);
        tf_same(&d, &dd, 1, "dot");
        /* axpy, add: untouched element past n guards the tail mask */
        for (size_t i = 0; i <= n; i++)
            y[i] = r[i] = (float)i * 0.25f;
        kr_axpy_f32(0.3f, a, y, n);
        for (size_t i = 0; i < n; i++)
            r[i] += 0.3f * a[i];
        tf_same(y, r, n + 1, "axpy");
        kr_add_f32(y, b, n);
        for (size_t i = 0; i < n; i++)
            r[i] += b[i];
        tf_same(y, r, n + 1, "add");
        /* rmsnorm with and without gain */
        for (int gain = 0; gain < 2; gain++) {
            y[n] = r[n] = 5.0f;
            kr_rmsnorm_f32(a, gain ? w : NULL, n, 1e-6f, y);
            const float inv = 1.0f / sqrtf(tf_dot_def(a, a, n) / (float)n + 1e-6f);
            for (size_t i = 0; i < n; i++)
                r[i] = gain ? a[i] * inv * w[i] : a[i] * inv;
            tf_same(y, r, n + 1, gain ? "rmsnorm(w)" : "rmsnorm");
        }
        /* relu2_mul, with a NaN-free negative / zero / positive mix */
        kr_relu2_mul_f32(a, b, y, n);
        for (size_t i = 0; i < n; i++) {
            float g = a[i] > 0.0f ? a[i] : 0.0f;
            r[i] = g * g * b[i];
        }
        tf_same(y, r, n + 1, "relu2_mul");
        /* softmax: sums to 1, ordered like its input, max element largest */
        memcpy(y, a, n * sizeof *y);
        kr_softmax_f32(y, n);
        double sum = 0.0;
        size_t imax = 0;
        for (size_t i = 0; i < n; i++) {
            ck_assert(y[i] >= 0.0f && y[i] <= 1.0f);
            sum += y[i];
            if (a[i] > a[imax])
                imax = i;
        }
        ck_assert_msg(fabs(sum - 1.0) < 1e-4, "softmax n=%zu sums to %.7f", n, sum);
        for (size_t i = 0; i < n; i++)
            ck_assert(y[i] <= y[imax]);
        free(a);
        free(b);
        free(y);
        free(r);
        free(w);
    }
}
END_TEST

/* The attention loops against their definition: one dot per position, one axpy per position. */
START_TEST(test_ops_attn)
{
    uint64_t s = 991;
    static const size_t ds[] = {1, 16, 24, 64, 128, 129, 200};
    const size_t ld = 211, maxpos = 37;
    float *K = malloc(maxpos * ld * sizeof *K), *V = malloc(maxpos * ld * sizeof *V), *q = malloc(ld * sizeof *q);
    float sc[37], rs[37], *o = malloc((ld + 1) * sizeof *o), *ro = malloc((ld + 1) * sizeof *ro);
    ck_assert(K && V && q && o && ro);
    for (size_t i = 0; i < maxpos * ld; i++) {
        K[i] = tf_float(&s) * 3.0f;
        V[i] = tf_float(&s);
    }
    for (size_t i = 0; i < ld; i++)
        q[i] = tf_float(&s) * 2.0f;
    for (size_t c = 0; c < sizeof ds / sizeof ds[0]; c++)
        for (size_t npos = 1; npos <= maxpos; npos += 3) {
            const size_t d = ds[c];
            kr_attn_scores_f32(q, K, ld, npos, d, 0.125f, sc);
            for (size_t p = 0; p < npos; p++)
                rs[p] = tf_dot_def(q, K + p * ld, d) * 0.125f;
            tf_same(sc, rs, npos, "attn_scores");
            o[d] = ro[d] = 7.0f; /* guards the tail */
            kr_attn_mix_f32(sc, V, ld, npos, d, o);
            for (size_t i = 0; i < d; i++)
                ro[i] = 0.0f;
            for (size_t p = 0; p < npos; p++)
                for (size_t i = 0; i < d; i++)
                    ro[i] += sc[p] * V[p * ld + i];
            tf_same(o, ro, d + 1, "attn_mix");
        }
    free(K);
    free(V);
    free(q);
    free(o);
    free(ro);
}
END_TEST

/* Grouped attention against the per-head calls it is defined by (themselves tested above), for
 * head runs that start and end inside a group, groups wider than the 4 heads taken at once, odd
 * position counts and a d that takes the portable path. */
START_TEST(test_ops_attn_heads)
{
    uint64_t s = 4242;
    static const size_t ds[] = {64, 128, 80};
    static const size_t groups[] = {1, 4, 6};
    const size_t n_kv = 3, n_ctx = 151, ld_max = 128;
    const size_t stride = n_ctx * ld_max;
    float *K = malloc(n_kv * stride * sizeof *K), *V = malloc(n_kv * stride * sizeof *V);
    float *q = malloc(18 * ld_max * sizeof *q), *o = malloc((18 * ld_max + 1) * sizeof *o);
    float *ro = malloc((18 * ld_max + 1) * sizeof *ro), *sc = malloc(4 * n_ctx * sizeof *sc);
    float *rs = malloc(n_ctx * sizeof *rs);
    ck_assert(K && V && q && o && ro && sc && rs);
    for (size_t i = 0; i < n_kv * stride; i++) {
        K[i] = tf_float(&s) * 3.0f;
        V[i] = tf_float(&s);
    }
    for (size_t i = 0; i < 18 * ld_max; i++)
        q[i] = tf_float(&s) * 2.0f;
    static const size_t nposs[] = {1, 2, 3, 17, 150, 151};
    for (size_t c = 0; c < sizeof ds / sizeof ds[0]; c++)
        for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
            for (size_t pi = 0; pi < sizeof nposs / sizeof nposs[0]; pi++) {
                const size_t d = ds[c], group = groups[g], H = n_kv * group, npos = nposs[pi];
                /* all heads, and a run from inside the first group to inside the last */
                const size_t runs[2][2] = {{0, H}, {group > 1 ? 1 : 0, H - (group > 1 ? 1 : 0)}};
                for (int r = 0; r < 2; r++) {
                    const size_t h0 = runs[r][0], h1 = runs[r][1];
                    for (size_t i = 0; i <= H * d; i++)
                        o[i] = ro[i] = 9.0f; /* heads outside the run and the element past them stay */
                    kr_attn_heads_f32(q, h0, h1, group, K, V, stride, d, npos, d, 0.088f, sc, o);
                    for (size_t h = h0; h < h1; h++) {
                        const size_t at = h / group * stride;
                        kr_attn_scores_f32(q + h * d, K + at, d, npos, d, 0.088f, rs);
                        kr_softmax_f32(rs, npos);
                        kr_attn_mix_f32(rs, V + at, d, npos, d, ro + h * d);
                    }
                    tf_same(o, ro, H * d + 1, "attn_heads");
                }
            }
    free(K);
    free(V);
    free(q);
    free(o);
    free(ro);
    free(sc);
    free(rs);
}
END_TEST

/* The binary16 cache: rows widened on load give exactly kr_attn_heads_f32 on the widened rows, and
 * the row conversion that fills it is kr_f32_to_f16, bit for bit, over a spread of all 2^32 inputs
 * (zeros, subnormals of both sizes, ties, overflow to infinity, infinities and NaNs). */
START_TEST(test_ops_attn_heads_f16kv)
{
    uint64_t s = 777;
    const size_t n_kv = 2, n_ctx = 67, d = 128, group = 4, H = n_kv * group;
    const size_t stride = n_ctx * d;
    uint16_t *K = malloc(n_kv * stride * sizeof *K), *V = malloc(n_kv * stride * sizeof *V);
    float *Kf = malloc(n_kv * stride * sizeof *Kf), *Vf = malloc(n_kv * stride * sizeof *Vf);
    float *q = malloc(H * d * sizeof *q), *o = malloc(H * d * sizeof *o), *ro = malloc(H * d * sizeof *ro);
    float *sc = malloc((4 * n_ctx + d) * sizeof *sc);
    ck_assert(K && V && Kf && Vf && q && o && ro && sc);
    for (size_t i = 0; i < n_kv * stride; i++) {
        K[i] = kr_f32_to_f16(tf_float(&s) * 3.0f);
        V[i] = kr_f32_to_f16(tf_float(&s));
        Kf[i] = kr_f16_to_f32(K[i]);
        Vf[i] = kr_f16_to_f32(V[i]);
    }
    for (size_t i = 0; i < H * d; i++)
        q[i] = tf_float(&s) * 2.0f;
    /* heads of 128 (the AVX-512 path here) and of 80 in rows of 128 (the portable path) */
    static const size_t dhs[] = {128, 80};
    for (size_t di = 0; di < 2; di++)
        for (size_t npos = 1; npos <= n_ctx; npos += 11)
            for (size_t h0 = 0; h0 < 3; h0++) {
                const size_t dh = dhs[di];
                kr_attn_heads_f16kv(q, h0, H - h0, group, K, V, stride, d, npos, dh, 0.088f, sc, o);
                kr_attn_heads_f32(q, h0, H - h0, group, Kf, Vf, stride, d, npos, dh, 0.088f, sc, ro);
                tf_same(o + h0 * dh, ro + h0 * dh, (H - 2 * h0) * dh, "attn_heads_f16kv");
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
        /* one assertion per block: each ck_assert is a message to the Check runner */
        int bad = -1;
        for (int i = 0; i < N && bad < 0; i++)
            if (y[i] != kr_f32_to_f16(x[i]))
                bad = i;
        uint32_t xb = 0;
        if (bad >= 0)
            memcpy(&xb, &x[bad], sizeof xb);
        ck_assert_msg(bad < 0, "f32 %08x -> f16 %04x, expected %04x", (unsigned)xb, bad < 0 ? 0u : y[bad],
                      bad < 0 ? 0u : kr_f32_to_f16(x[bad]));
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
        for (size_t i = 0; i < len; i++)
            r[i] = kr_f32_to_f16(x[i]);
        for (size_t i = 0; i <= len; i++)
            ck_assert_msg(y[i] == r[i], "len %zu [%zu]: %04x vs %04x", len, i, y[i], r[i]);
    }
    free(K);
    free(V);
    free(Kf);
    free(Vf);
    free(q);
    free(o);
    free(ro);
    free(sc);
}
END_TEST

/* kr_exp_neg_f32 against exp() in double: within 2 ulp over [-87, 0], 0 below, NaN kept. */
START_TEST(test_ops_exp)
{
    double worst = 0.0;
    for (float d = 0.0f; d >= -87.0f; d -= 0.000731f) {
        const double want = exp((double)d);
        const float got = kr_exp_neg_f32(d);
        const double ulp = (double)nextafterf((float)want, INFINITY) - (double)(float)want;
        const double err = fabs((double)got - want) / ulp;
        worst = err > worst ? err : worst;
    }
    ck_assert_msg(worst <= 2.0, "kr_exp_neg_f32 is %.2f ulp from exp()", worst);
    ck_assert(kr_exp_neg_f32(0.0f) == 1.0f);
    ck_assert(kr_exp_neg_f32(-87.5f) == 0.0f && kr_exp_neg_f32(-INFINITY) == 0.0f);
    ck_assert(isnan(kr_exp_neg_f32(NAN)));
}
END_TEST

/* softmax and RoPE against their definitions written out here (the dispatched SIMD path must give
 * the same floats). */
START_TEST(test_ops_softmax_rope_def)
{
    uint64_t s = 4242;
    static const size_t ns[] = {1, 2, 15, 16, 17, 33, 145, 4096};
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++) {
        const size_t n = ns[c];
        float *x = malloc((n + 1) * sizeof *x), *r = malloc((n + 1) * sizeof *r);
        ck_assert(x && r);
        for (size_t i = 0; i < n; i++)
            x[i] = r[i] = tf_float(&s) * (i % 7 == 3 ? 200.0f : 8.0f); /* some far below the max */
        x[n] = r[n] = 3.0f;
        float mx = r[0];
        for (size_t i = 1; i < n; i++)
            mx = r[i] > mx ? r[i] : mx;
        volatile float acc[16] = {0};
        for (size_t i = 0; i < n; i++) {
            r[i] = kr_exp_neg_f32(r[i] - mx);
            acc[i % 16] = acc[i % 16] + r[i];
        }
        float t8[8], t4[4];
        for (int i = 0; i < 8; i++)
            t8[i] = acc[i] + acc[i + 8];
        for (int i = 0; i < 4; i++)
            t4[i] = t8[i] + t8[i + 4];
        const float inv = 1.0f / ((t4[0] + t4[2]) + (t4[1] + t4[3]));
        for (size_t i = 0; i < n; i++)
            r[i] *= inv;
        kr_softmax_f32(x, n);
        tf_same(x, r, n + 1, "softmax");
        free(x);
        free(r);
    }
    static const size_t ds[] = {2, 8, 64, 128, 130};
    for (size_t c = 0; c < sizeof ds / sizeof ds[0]; c++) {
        const size_t d = ds[c], heads = 3, half = d / 2;
        float *x = malloc((heads * d + 1) * sizeof *x), *r = malloc((heads * d + 1) * sizeof *r);
        float *cs = malloc(d * sizeof *cs);
        ck_assert(x && r && cs);
        for (size_t i = 0; i < heads * d; i++)
            x[i] = r[i] = tf_float(&s) * 4.0f;
        x[heads * d] = r[heads * d] = 9.0f;
        for (size_t i = 0; i < half; i++) {
            cs[i] = cosf(0.37f * (float)i);
            cs[half + i] = sinf(0.37f * (float)i);
        }
        for (size_t h = 0; h < heads; h++)
            for (size_t i = 0; i < half; i++) {
                const float x0 = r[h * d + i], x1 = r[h * d + i + half];
                r[h * d + i] = x0 * cs[i] - x1 * cs[half + i];
                r[h * d + i + half] = x0 * cs[half + i] + x1 * cs[i];
            }
        kr_rope_neox_f32(x, heads, d, cs);
        tf_same(x, r, heads * d + 1, "rope");
        free(x);
        free(r);
        free(cs);
    }
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
}
END_TEST

Suite *suite_fast_ops(void)
{
    Suite *s = suite_create("fast_ops");
    TCase *tc = tcase_create("ops");
    tcase_add_test(tc, test_ops_bitexact);
    tcase_add_test(tc, test_ops_hand);
    tcase_add_test(tc, test_ops_attn);
    tcase_add_test(tc, test_ops_attn_heads);
    tcase_add_test(tc, test_ops_attn_heads_f16kv);
    tcase_add_test(tc, test_ops_exp);
    tcase_add_test(tc, test_ops_softmax_rope_def);
    suite_add_tcase(s, tc);
    return s;
}
