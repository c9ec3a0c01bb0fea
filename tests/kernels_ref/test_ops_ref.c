/*
 * The float ops' definition (kr_ops_ref.h) against plain double-precision math. Where the
 * definition fixes every rounding (axpy, add, relu2_mul, RoPE, the attention scores) the check is
 * exact: a product of two floats is exact in double and one double operation rounded to float is
 * the float operation (53 >= 2 * 24 + 2 bits), so the double formula with the same roundings must
 * give the same bits. Reductions are checked against the exact value within the standard
 * error bound of their order, u = 2^-24 per rounding, and their order itself by hand-made cases
 * that only the 16-lane tree gets right.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_formats.h"
#include "kernels_ref/kr_ops_ref.h"
#include "tests/kernels_ref/suites.h"

/* One rounding of float arithmetic, relative. */
#define TR_U (1.0 / 16777216.0)

/* Loops assert only on failure: every passing ck_assert is a message to the Check runner. */
#define TR_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_abort_msg(__VA_ARGS__);                                                             \
    } while (0)

static int tr_bits_eq(float a, float b) { return memcmp(&a, &b, sizeof a) == 0; }

static float *tr_rand_vec(uint64_t *s, size_t n, float mag)
{
    float *v = malloc((n + 1) * sizeof *v);
    ck_assert(v);
    for (size_t i = 0; i < n; i++)
        v[i] = t_unit(s) * mag;
    return v;
}

static const size_t tr_sizes[] = {0, 1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 80, 127, 128, 129, 255, 257, 1000, 2560, 6913};
#define TR_NSIZES (sizeof tr_sizes / sizeof tr_sizes[0])

/* The order in which the lanes combine is visible: 2^24 + 1 rounds back to 2^24 (ties to even),
 * 2^24 + 2 does not. */
START_TEST(ops_ref_dot_order)
{
    const float p24 = 16777216.0f;
    float a[17] = {p24, 1.0f, 0.0f, 1.0f}, one[17];
    for (int i = 0; i < 17; i++)
        one[i] = 1.0f;
    /* lanes 1 and 3 meet first ((t4[1] + t4[3]) = 2), then join 2^24: exact. A sequential sum
     * would lose both ones. */
    ck_assert(kr_dot_f32_ref(a, one, 4) == p24 + 2.0f);
    /* element 16 goes into lane 0 with 2^24 and is lost; lanes 1 and 3 still add 2 */
    a[16] = 1.0f;
    ck_assert(kr_dot_f32_ref(a, one, 17) == p24 + 2.0f);
    /* lanes 0 and 8 meet first: 2^24 + 1 loses the one */
    float b[9] = {p24, 0, 0, 0, 0, 0, 0, 0, 1.0f};
    ck_assert(kr_dot_f32_ref(b, one, 9) == p24);
    /* lanes 1 and 9 meet, then lane 5's partial (t8[1] + t8[5]): 1 + 1 + 2 = 4 */
    float c[16] = {p24, 1.0f, 0, 0, 0, 2.0f, 0, 0, 0, 1.0f};
    ck_assert(kr_dot_f32_ref(c, one, 16) == p24 + 4.0f);
    /* empty and NULL are +0 */
    ck_assert(tr_bits_eq(kr_dot_f32_ref(a, one, 0), 0.0f));
    ck_assert(tr_bits_eq(kr_dot_f32_ref(NULL, one, 3), 0.0f));
    /* a product is rounded before it is added: -(1 + 2^-11) + (1 + 2^-12)^2 is 2^-24 with a fused
     * multiply-add, 0 with the product rounded (a tie, to even: 1 + 2^-11) */
    const float e = 1.0f + 1.0f / 4096.0f;
    float z[17] = {-1.0f - 1.0f / 2048.0f}, w[17] = {1.0f};
    z[16] = w[16] = e;
    ck_assert(tr_bits_eq(kr_dot_f32_ref(z, w, 17), 0.0f));
}
END_TEST

/* The definition written out (16 lanes, element i into lane i % 16, the tree) on random data,
 * bit for bit, and the result within the error bound of that order against the exact sum. */
START_TEST(ops_ref_dot_random)
{
    uint64_t s = 11;
    for (size_t c = 0; c < TR_NSIZES; c++) {
        const size_t n = tr_sizes[c];
        float *a = tr_rand_vec(&s, n, 10.0f), *b = tr_rand_vec(&s, n, 0.5f);
        volatile float acc[16] = {0}; /* volatile: the oracle keeps its written order */
        double exact = 0.0, mag = 0.0;
        for (size_t i = 0; i < n; i++) {
            acc[i % 16] = acc[i % 16] + a[i] * b[i];
            exact += (double)a[i] * (double)b[i];
            mag += fabs((double)a[i] * (double)b[i]);
        }
        float t8[8], t4[4];
        for (int i = 0; i < 8; i++)
            t8[i] = acc[i] + acc[i + 8];
        for (int i = 0; i < 4; i++)
            t4[i] = t8[i] + t8[i + 4];
        const float want = (t4[0] + t4[2]) + (t4[1] + t4[3]), got = kr_dot_f32_ref(a, b, n);
        TR_CHECK(tr_bits_eq(got, want), "dot n=%zu: %.9g, written-out %.9g", n, got, want);
        /* one rounding per product, one per lane add, four tree levels: (n/16 + 6) u |a||b| */
        const double bound = ((double)(n / 16) + 6.0) * TR_U * mag * 1.01;
        TR_CHECK(fabs((double)got - exact) <= bound, "dot n=%zu: %.9g vs exact %.17g (bound %.3g)", n, got,
                 exact, bound);
        free(a);
        free(b);
    }
}
END_TEST

/* Separate multiply and add, one rounding each; elements past n untouched. */
START_TEST(ops_ref_axpy_add_exact)
{
    uint64_t s = 12;
    for (size_t c = 0; c < TR_NSIZES; c++) {
        const size_t n = tr_sizes[c];
        float *x = tr_rand_vec(&s, n, 3.0f), *y = tr_rand_vec(&s, n, 100.0f), *y0 = tr_rand_vec(&s, n, 1.0f);
        memcpy(y0, y, n * sizeof *y);
        y[n] = y0[n] = 7.0f;
        const float a = t_unit(&s) * 5.0f;
        kr_axpy_f32_ref(a, x, y, n);
        for (size_t i = 0; i < n; i++) {
            const float want = (float)((double)y0[i] + (double)(float)((double)a * (double)x[i]));
            TR_CHECK(tr_bits_eq(y[i], want), "axpy n=%zu [%zu]: %.9g vs %.9g", n, i, y[i], want);
        }
        ck_assert(y[n] == 7.0f);
        memcpy(y0, y, n * sizeof *y);
        kr_add_f32_ref(y, x, n);
        for (size_t i = 0; i < n; i++) {
            const float want = (float)((double)y0[i] + (double)x[i]);
            TR_CHECK(tr_bits_eq(y[i], want), "add n=%zu [%zu]: %.9g vs %.9g", n, i, y[i], want);
        }
        ck_assert(y[n] == 7.0f);
        free(x);
        free(y);
        free(y0);
    }
    /* NULL does nothing */
    float one = 1.0f;
    kr_axpy_f32_ref(2.0f, NULL, &one, 1);
    kr_add_f32_ref(&one, NULL, 1);
    ck_assert(one == 1.0f);
}
END_TEST

/* x / sqrt(mean(x^2) + eps) * w within (n/32 + 10) u relative (half the dot's bound through the
 * square root, one rounding each for the mean, eps, sqrt, division and the two products), and
 * exactly the documented formula on kr_dot_f32_ref. */
START_TEST(ops_ref_rmsnorm)
{
    uint64_t s = 13;
    for (size_t c = 1; c < TR_NSIZES; c++) {
        const size_t n = tr_sizes[c];
        float *x = tr_rand_vec(&s, n, 4.0f), *w = tr_rand_vec(&s, n, 1.0f), *o = tr_rand_vec(&s, n, 1.0f);
        for (size_t i = 0; i < n; i++)
            w[i] += 1.5f;
        const float eps = 1e-5f;
        double ss = 0.0;
        for (size_t i = 0; i < n; i++)
            ss += (double)x[i] * (double)x[i];
        const double inv = 1.0 / sqrt(ss / (double)n + (double)eps);
        const double tol = ((double)n / 32.0 + 10.0) * TR_U;
        const float finv = 1.0f / sqrtf(kr_dot_f32_ref(x, x, n) / (float)n + eps);
        for (int gain = 0; gain < 2; gain++) {
            o[n] = 5.0f;
            kr_rmsnorm_f32_ref(x, gain ? w : NULL, n, eps, o);
            for (size_t i = 0; i < n; i++) {
                const double want = (double)x[i] * inv * (gain ? (double)w[i] : 1.0);
                TR_CHECK(fabs((double)o[i] - want) <= tol * fabs(want), "rmsnorm n=%zu [%zu]: %.9g vs %.17g", n, i,
                         o[i], want);
                const float def = gain ? x[i] * finv * w[i] : x[i] * finv;
                TR_CHECK(tr_bits_eq(o[i], def), "rmsnorm n=%zu [%zu] is not its formula", n, i);
            }
            ck_assert(o[n] == 5.0f);
        }
        free(x);
        free(w);
        free(o);
    }
    /* hand: rms of (3, 4) is sqrt(12.5) */
    const float v[2] = {3.0f, 4.0f};
    float r[2] = {9.0f, 9.0f};
    kr_rmsnorm_f32_ref(v, NULL, 0, 0.0f, r);
    ck_assert(r[0] == 9.0f && r[1] == 9.0f); /* n = 0 does nothing */
    kr_rmsnorm_f32_ref(v, NULL, 2, 0.0f, r);
    ck_assert(fabs(r[0] - 3.0 / sqrt(12.5)) < 2e-7 && fabs(r[1] - 4.0 / sqrt(12.5)) < 2e-7);
}
END_TEST

/* Units in the last place of the float nearest to want, measured upward (as exp's error is
 * usually quoted). */
static double tr_ulps(float got, double want)
{
    const float fw = (float)want;
    const double ulp = (double)nextafterf(fw, INFINITY) - (double)fw;
    return fabs((double)got - want) / ulp;
}

/* Within 2 ulp of exp() on [-87, 0] (every 509th float of the range and a fine even sweep), +0
 * below -87 and at -inf, NaN kept, exactly 1 at 0. */
START_TEST(ops_ref_exp)
{
    double worst = 0.0;
    float at = 0.0f;
    uint32_t lo;
    const float lim = KR_EXP_MIN;
    memcpy(&lo, &lim, sizeof lo);
    for (uint32_t b = 0x80000000u; b <= lo; b += 509u) {
        float d;
        memcpy(&d, &b, sizeof d);
        const double e = tr_ulps(kr_exp_neg_f32_ref(d), exp((double)d));
        if (e > worst) {
            worst = e;
            at = d;
        }
    }
    for (float d = 0.0f; d >= -87.0f; d -= 0.000731f) {
        const double e = tr_ulps(kr_exp_neg_f32_ref(d), exp((double)d));
        if (e > worst) {
            worst = e;
            at = d;
        }
    }
    ck_assert_msg(worst <= 2.0, "kr_exp_neg_f32_ref is %.2f ulp from exp() at %.9g", worst, at);
    ck_assert(tr_bits_eq(kr_exp_neg_f32_ref(0.0f), 1.0f) && tr_bits_eq(kr_exp_neg_f32_ref(-0.0f), 1.0f));
    ck_assert(tr_bits_eq(kr_exp_neg_f32_ref(-87.0001f), 0.0f) && tr_bits_eq(kr_exp_neg_f32_ref(-INFINITY), 0.0f));
    ck_assert(tr_bits_eq(kr_exp_neg_f32_ref(-1e30f), 0.0f));
    ck_assert(isnan(kr_exp_neg_f32_ref(NAN)));
    ck_assert(kr_exp_neg_f32_ref(-87.0f) > 0.0f && kr_exp_neg_f32_ref(-87.0f) >= FLT_MIN);
}
END_TEST

/* Against softmax in double: each element within (|d_i| + max|d| + n/16 + 16) u relative (the
 * rounding of d = x_i - max moves e^d by u |d|, exp's 2 ulp, the 16-lane sum, 1 / sum and the
 * product), elements below e^-87 may be 0; the sum within the elements' bounds of 1; the
 * written-out order bit for bit. */
START_TEST(ops_ref_softmax)
{
    uint64_t s = 14;
    for (size_t c = 1; c < TR_NSIZES; c++) {
        const size_t n = tr_sizes[c];
        float *x = tr_rand_vec(&s, n, 8.0f), *r = tr_rand_vec(&s, n, 1.0f);
        for (size_t i = 0; i < n; i += 7)
            x[i] *= 25.0f; /* some far below the max, some of them past -87 */
        memcpy(r, x, n * sizeof *x);
        x[n] = r[n] = 3.0f;
        double mx = x[0], sum = 0.0, dmax = 0.0;
        for (size_t i = 1; i < n; i++)
            mx = x[i] > mx ? x[i] : mx;
        for (size_t i = 0; i < n; i++) {
            sum += exp((double)x[i] - mx);
            dmax = fmax(dmax, mx - (double)x[i]);
        }
        kr_softmax_f32_ref(x, n);
        double total = 0.0, total_tol = (double)n * TR_U;
        for (size_t i = 0; i < n; i++) {
            const double d = (double)r[i] - mx, want = exp(d) / sum;
            const double tol = (fabs(d) + dmax + (double)(n / 16) + 16.0) * TR_U * want + 1e-37;
            TR_CHECK(fabs((double)x[i] - want) <= tol, "softmax n=%zu [%zu]: %.9g vs %.17g", n, i, x[i], want);
            total += x[i];
            total_tol += tol;
        }
        TR_CHECK(fabs(total - 1.0) <= total_tol, "softmax n=%zu sums to %.17g", n, total);
        ck_assert(x[n] == 3.0f);
        /* written out */
        float fmx = r[0];
        for (size_t i = 1; i < n; i++)
            fmx = r[i] > fmx ? r[i] : fmx;
        volatile float acc[16] = {0};
        for (size_t i = 0; i < n; i++) {
            r[i] = kr_exp_neg_f32_ref(r[i] - fmx);
            acc[i % 16] = acc[i % 16] + r[i];
        }
        float t8[8], t4[4];
        for (int i = 0; i < 8; i++)
            t8[i] = acc[i] + acc[i + 8];
        for (int i = 0; i < 4; i++)
            t4[i] = t8[i] + t8[i + 4];
        const float inv = 1.0f / ((t4[0] + t4[2]) + (t4[1] + t4[3]));
        for (size_t i = 0; i < n; i++)
            TR_CHECK(tr_bits_eq(x[i], r[i] * inv), "softmax n=%zu [%zu] is not its written-out order", n, i);
        free(x);
        free(r);
    }
    /* hand: equal inputs give 1/n, one far above the others takes everything */
    float e[3] = {2.0f, 2.0f, 2.0f};
    kr_softmax_f32_ref(e, 3);
    ck_assert(e[0] == e[1] && e[1] == e[2] && fabsf(e[0] - 1.0f / 3.0f) <= 3e-8f);
    float f[4] = {0.0f, 200.0f, -1.0f, 100.0f};
    kr_softmax_f32_ref(f, 4);
    ck_assert(f[1] == 1.0f && tr_bits_eq(f[0], 0.0f) && tr_bits_eq(f[2], 0.0f) && tr_bits_eq(f[3], 0.0f));
}
END_TEST

/* Each element is its documented formula with one rounding per product and one for the add (exact
 * check in double); the rotation keeps every pair's norm within 6 u (about 2.4 u per element from
 * its three roundings, u more as cos^2 + sin^2 of rounded floats is 1 within 2 u); angle 0 is the
 * identity; an odd d leaves the row's last element alone. */
START_TEST(ops_ref_rope)
{
    uint64_t s = 15;
    static const size_t ds[] = {2, 3, 8, 64, 80, 128, 130};
    for (size_t c = 0; c < sizeof ds / sizeof ds[0]; c++) {
        const size_t d = ds[c], heads = 4, half = d / 2;
        float *x = tr_rand_vec(&s, heads * d, 4.0f), *r = tr_rand_vec(&s, heads * d, 1.0f);
        float *cs = malloc(2 * half * sizeof *cs);
        ck_assert(cs);
        memcpy(r, x, heads * d * sizeof *x);
        x[heads * d] = 9.0f;
        for (size_t i = 0; i < half; i++) {
            const double th = 0.37 * (double)i + 0.1;
            cs[i] = (float)cos(th);
            cs[half + i] = (float)sin(th);
        }
        kr_rope_neox_f32_ref(x, heads, d, cs);
        for (size_t h = 0; h < heads; h++) {
            for (size_t i = 0; i < half; i++) {
                const size_t a = h * d + i, b = a + half;
                const double c0 = cs[i], s0 = cs[half + i], x0 = r[a], x1 = r[b];
                const float wa = (float)((double)(float)(x0 * c0) - (double)(float)(x1 * s0));
                const float wb = (float)((double)(float)(x0 * s0) + (double)(float)(x1 * c0));
                TR_CHECK(tr_bits_eq(x[a], wa) && tr_bits_eq(x[b], wb), "rope d=%zu head %zu [%zu]", d, h, i);
                const double n0 = sqrt(x0 * x0 + x1 * x1), n1 = hypot((double)x[a], (double)x[b]);
                TR_CHECK(fabs(n1 - n0) <= 6.0 * TR_U * n0 + 1e-30, "rope d=%zu norm %.17g -> %.17g", d, n0, n1);
            }
            if (d % 2)
                TR_CHECK(tr_bits_eq(x[h * d + d - 1], r[h * d + d - 1]), "rope d=%zu moved the odd element", d);
        }
        ck_assert(x[heads * d] == 9.0f);
        /* angle 0: cos 1, sin 0 */
        for (size_t i = 0; i < half; i++) {
            cs[i] = 1.0f;
            cs[half + i] = 0.0f;
        }
        memcpy(x, r, heads * d * sizeof *x);
        kr_rope_neox_f32_ref(x, heads, d, cs);
        ck_assert(memcmp(x, r, heads * d * sizeof *x) == 0);
        free(x);
        free(r);
        free(cs);
    }
}
END_TEST

/* (r * r) * u with r = max(g, 0), one rounding per product; a NaN or negative gate gives +0 * u. */
START_TEST(ops_ref_relu2_mul)
{
    uint64_t s = 16;
    const size_t n = 301;
    float *g = tr_rand_vec(&s, n, 6.0f), *u = tr_rand_vec(&s, n, 2.0f), *o = tr_rand_vec(&s, n, 1.0f);
    g[3] = NAN;
    g[4] = -0.0f;
    g[5] = -INFINITY;
    o[n] = 4.0f;
    kr_relu2_mul_f32_ref(g, u, o, n);
    for (size_t i = 0; i < n; i++) {
        const double r = g[i] > 0.0f ? (double)g[i] : 0.0;
        const float want = (float)((double)(float)(r * r) * (double)u[i]);
        TR_CHECK(tr_bits_eq(o[i], want), "relu2_mul [%zu]: %.9g vs %.9g", i, o[i], want);
    }
    ck_assert(o[n] == 4.0f);
    ck_assert(o[3] == 0.0f && o[4] == 0.0f && o[5] == 0.0f);
    free(g);
    free(u);
    free(o);
}
END_TEST

/* Attention of one head in double: softmax(scale q.K_p) mixed over V. */
static void tr_attn_double(const float *q, const float *K, const float *V, size_t ld, size_t npos, size_t d,
                           float scale, double *sc, double *o)
{
    double mx = -INFINITY, sum = 0.0;
    for (size_t p = 0; p < npos; p++) {
        double t = 0.0;
        for (size_t i = 0; i < d; i++)
            t += (double)q[i] * (double)K[p * ld + i];
        sc[p] = t * (double)scale;
        mx = fmax(mx, sc[p]);
    }
    for (size_t p = 0; p < npos; p++)
        sum += exp(sc[p] - mx);
    for (size_t i = 0; i < d; i++)
        o[i] = 0.0;
    for (size_t p = 0; p < npos; p++)
        for (size_t i = 0; i < d; i++)
            o[i] += exp(sc[p] - mx) / sum * (double)V[p * ld + i];
}

/* The scores are the dot definition times scale, bit for bit; the mix is the axpy definition in p
 * order; grouped attention is within its error bound of attention in double for every head of the
 * run (KV head h / group) and leaves everything else alone; over a binary16 cache it is the float
 * definition on the widened rows, bit for bit. */
START_TEST(ops_ref_attn)
{
    uint64_t s = 17;
    const size_t n_kv = 2, n_ctx = 70, ld = 136, group = 3, H = n_kv * group;
    const size_t stride = n_ctx * ld;
    float *K = tr_rand_vec(&s, n_kv * stride, 2.0f), *V = tr_rand_vec(&s, n_kv * stride, 1.0f);
    float *q = tr_rand_vec(&s, H * ld, 1.5f), *o = malloc((H * ld + 1) * sizeof *o);
    float *sc = malloc((n_ctx + ld) * sizeof *sc), *ro = malloc(ld * sizeof *ro);
    double *dsc = malloc(n_ctx * sizeof *dsc), *dout = malloc(ld * sizeof *dout);
    uint16_t *Kh = malloc(n_kv * stride * sizeof *Kh), *Vh = malloc(n_kv * stride * sizeof *Vh);
    float *Kw = malloc(n_kv * stride * sizeof *Kw), *Vw = malloc(n_kv * stride * sizeof *Vw);
    float *o2 = malloc((H * ld + 1) * sizeof *o2);
    ck_assert(o && sc && ro && dsc && dout && Kh && Vh && Kw && Vw && o2);
    for (size_t i = 0; i < n_kv * stride; i++) {
        Kh[i] = kr_f32_to_f16(K[i]);
        Vh[i] = kr_f32_to_f16(V[i]);
        Kw[i] = kr_f16_to_f32(Kh[i]);
        Vw[i] = kr_f16_to_f32(Vh[i]);
    }
    static const size_t ds[] = {1, 16, 17, 64, 128, 136};
    static const size_t nposs[] = {1, 2, 17, 70};
    for (size_t di = 0; di < sizeof ds / sizeof ds[0]; di++)
        for (size_t pi = 0; pi < sizeof nposs / sizeof nposs[0]; pi++) {
            const size_t d = ds[di], npos = nposs[pi];
            const float scale = 1.0f / sqrtf((float)d);
            /* scores and mix of one head */
            kr_attn_scores_f32_ref(q, K, ld, npos, d, scale, sc);
            for (size_t p = 0; p < npos; p++)
                TR_CHECK(tr_bits_eq(sc[p], kr_dot_f32_ref(q, K + p * ld, d) * scale), "scores d=%zu p=%zu", d, p);
            o[d] = 3.0f;
            kr_attn_mix_f32_ref(sc, V, ld, npos, d, o);
            for (size_t i = 0; i < d; i++)
                ro[i] = 0.0f;
            for (size_t p = 0; p < npos; p++)
                for (size_t i = 0; i < d; i++)
                    ro[i] = (float)((double)ro[i] + (double)(float)((double)sc[p] * (double)V[p * ld + i]));
            TR_CHECK(memcmp(o, ro, d * sizeof *o) == 0 && o[d] == 3.0f, "mix d=%zu npos=%zu", d, npos);
            /* grouped heads [1, H - 1) against double */
            for (size_t i = 0; i <= H * d; i++)
                o[i] = o2[i] = 9.0f;
            kr_attn_heads_f32_ref(q, 1, H - 1, group, K, V, stride, ld, npos, d, scale, sc, o);
            for (size_t h = 0; h < H; h++) {
                if (h < 1 || h >= H - 1) {
                    for (size_t i = 0; i < d; i++)
                        TR_CHECK(o[h * d + i] == 9.0f, "attn_heads wrote head %zu outside the run", h);
                    continue;
                }
                const size_t at = h / group * stride;
                tr_attn_double(q + h * d, K + at, V + at, ld, npos, d, scale, dsc, dout);
                /* scores: (d/16 + 6) u of sum |q k| scale each; the weights move by twice that
                 * (e^x's slope, in numerator and sum) plus the softmax's own roundings; the mix
                 * adds npos + 1 roundings of at most max|V| */
                double es = 0.0, mx = -INFINITY, range = 0.0, vmax = 0.0;
                for (size_t p = 0; p < npos; p++) {
                    double m = 0.0;
                    for (size_t i = 0; i < d; i++) {
                        m += fabs((double)q[h * d + i] * (double)K[at + p * ld + i]);
                        vmax = fmax(vmax, fabs((double)V[at + p * ld + i]));
                    }
                    es = fmax(es, ((double)(d / 16) + 7.0) * TR_U * m * (double)scale);
                    mx = fmax(mx, dsc[p]);
                }
                for (size_t p = 0; p < npos; p++)
                    range = fmax(range, mx - dsc[p]);
                const double dw = 2.0 * es + (2.0 * range + (double)(npos / 16) + 14.0) * TR_U;
                const double tol = 2.0 * (dw + ((double)npos + 2.0) * TR_U) * vmax;
                for (size_t i = 0; i < d; i++)
                    TR_CHECK(fabs((double)o[h * d + i] - dout[i]) <= tol,
                             "attn_heads d=%zu npos=%zu head %zu [%zu]: %.9g vs %.17g (tol %.3g)", d, npos, h, i,
                             o[h * d + i], dout[i], tol);
            }
            ck_assert(o[H * d] == 9.0f);
            /* the binary16 cache */
            kr_attn_heads_f16kv_ref(q, 1, H - 1, group, Kh, Vh, stride, ld, npos, d, scale, sc, o);
            kr_attn_heads_f32_ref(q, 1, H - 1, group, Kw, Vw, stride, ld, npos, d, scale, sc, o2);
            TR_CHECK(memcmp(o, o2, (H * d + 1) * sizeof *o) == 0, "attn_heads_f16kv d=%zu npos=%zu", d, npos);
        }
    /* group 0 and npos 0 do nothing */
    o[0] = 5.0f;
    kr_attn_heads_f32_ref(q, 0, 1, 0, K, V, stride, ld, 4, 16, 1.0f, sc, o);
    kr_attn_heads_f32_ref(q, 0, 1, 1, K, V, stride, ld, 0, 16, 1.0f, sc, o);
    ck_assert(o[0] == 5.0f);
    free(K);
    free(V);
    free(q);
    free(o);
    free(sc);
    free(ro);
    free(dsc);
    free(dout);
    free(Kh);
    free(Vh);
    free(Kw);
    free(Vw);
    free(o2);
}
END_TEST

/* Magnitude of binary16 bits m (< 0x7c00) as a double; 0x7c00 stands for 65536, where the rounding
 * to infinity starts. */
static double tr_h_mag(uint32_t m)
{
    if (m >= 0x7c00u)
        return 65536.0;
    return (m >> 10) ? ldexp(1024.0 + (double)(m & 0x3ffu), (int)(m >> 10) - 25) : ldexp((double)m, -24);
}

/* The row conversion: the special values by hand, and on 1 M inputs spread over all bit patterns
 * the properties of round to nearest even, checked in double without kr_f32_to_f16: the result is
 * no farther from x than either neighbour, a tie goes to the even one, |x| >= 65520 gives infinity,
 * the sign is kept, NaNs stay NaN and quiet. */
START_TEST(ops_ref_f32_to_f16_row)
{
    static const struct {
        uint32_t f;
        uint16_t h;
    } hand[] = {
        {0x00000000u, 0x0000u}, /* +0 */
        {0x80000000u, 0x8000u}, /* -0 */
        {0x3f800000u, 0x3c00u}, /* 1 */
        {0xc0000000u, 0xc000u}, /* -2 */
        {0x3f801000u, 0x3c00u}, /* 1 + 2^-11: tie, to even (down) */
        {0x3f803000u, 0x3c02u}, /* 1 + 3 2^-11: tie, to even (up) */
        {0x3f801001u, 0x3c01u}, /* just above the tie */
        {0x477fe000u, 0x7bffu}, /* 65504, the largest finite */
        {0x477fefffu, 0x7bffu}, /* just below 65520 */
        {0x477ff000u, 0x7c00u}, /* 65520: tie, to even = infinity */
        {0xc7800000u, 0xfc00u}, /* -65536 */
        {0x38800000u, 0x0400u}, /* 2^-14, the smallest normal */
        {0x387fc000u, 0x03ffu}, /* the largest subnormal */
        {0x33800000u, 0x0001u}, /* 2^-24, the smallest subnormal */
        {0x33000000u, 0x0000u}, /* 2^-25: tie, to even (zero) */
        {0x33000001u, 0x0001u}, /* just above it */
        {0xb3400000u, 0x8001u}, /* -1.5 2^-25 */
        {0x00000001u, 0x0000u}, /* float subnormal */
        {0x7f800000u, 0x7c00u}, /* +inf */
        {0xff800000u, 0xfc00u}, /* -inf */
    };
    const size_t nh = sizeof hand / sizeof hand[0];
    float x[32];
    uint16_t y[33];
    for (size_t i = 0; i < nh; i++)
        memcpy(&x[i], &hand[i].f, sizeof x[i]);
    y[nh] = 0xabcd;
    kr_f32_to_f16_row_ref(x, y, nh);
    for (size_t i = 0; i < nh; i++)
        ck_assert_msg(y[i] == hand[i].h, "f32 %08x -> f16 %04x, want %04x", (unsigned)hand[i].f, y[i], hand[i].h);
    ck_assert(y[nh] == 0xabcd);
    static const uint32_t nans[] = {0x7fc00000u, 0x7f800001u, 0xffc12345u, 0x7fbfffffu};
    for (size_t i = 0; i < 4; i++)
        memcpy(&x[i], &nans[i], sizeof x[i]);
    kr_f32_to_f16_row_ref(x, y, 4);
    for (size_t i = 0; i < 4; i++)
        ck_assert_msg((y[i] & 0x7e00u) == 0x7e00u && (y[i] >> 15) == (nans[i] >> 31), "NaN %08x -> %04x",
                      (unsigned)nans[i], y[i]);
    enum { N = 4096 };
    float *v = malloc(N * sizeof *v);
    uint16_t *h = malloc(N * sizeof *h);
    ck_assert(v && h);
    uint32_t bits = 7;
    for (int blk = 0; blk < 256; blk++) {
        for (int i = 0; i < N; i++, bits += 1048573u) /* a prime stride: every exponent, many mantissas */
            memcpy(&v[i], &bits, sizeof bits);
        kr_f32_to_f16_row_ref(v, h, N);
        for (int i = 0; i < N; i++) {
            uint32_t xb;
            memcpy(&xb, &v[i], sizeof xb);
            const uint32_t m = h[i] & 0x7fffu;
            TR_CHECK((h[i] >> 15) == (xb >> 31), "f32 %08x -> %04x lost its sign", (unsigned)xb, h[i]);
            if (isnan(v[i])) {
                TR_CHECK((h[i] & 0x7e00u) == 0x7e00u, "NaN %08x -> %04x", (unsigned)xb, h[i]);
                continue;
            }
            const double ax = fabs((double)v[i]);
            if (m == 0x7c00u) {
                TR_CHECK(ax >= 65520.0, "f32 %08x -> infinity below 65520", (unsigned)xb);
                continue;
            }
            TR_CHECK(m < 0x7c00u && ax < 65520.0, "f32 %08x -> %04x", (unsigned)xb, h[i]);
            const double self = fabs(ax - tr_h_mag(m)), up = fabs(tr_h_mag(m + 1) - ax);
            const double down = m ? fabs(ax - tr_h_mag(m - 1)) : INFINITY;
            TR_CHECK(self <= up && self <= down, "f32 %08x -> %04x is not the nearest", (unsigned)xb, h[i]);
            TR_CHECK((self != up && self != down) || (m & 1u) == 0, "f32 %08x -> %04x: tie not to even",
                     (unsigned)xb, h[i]);
        }
    }
    free(v);
    free(h);
}
END_TEST

Suite *suite_ops_ref(void)
{
    Suite *s = suite_create("ops_ref");
    TCase *tc = tcase_create("ops_ref");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ops_ref_dot_order);
    tcase_add_test(tc, ops_ref_dot_random);
    tcase_add_test(tc, ops_ref_axpy_add_exact);
    tcase_add_test(tc, ops_ref_rmsnorm);
    tcase_add_test(tc, ops_ref_exp);
    tcase_add_test(tc, ops_ref_softmax);
    tcase_add_test(tc, ops_ref_rope);
    tcase_add_test(tc, ops_ref_relu2_mul);
    tcase_add_test(tc, ops_ref_attn);
    tcase_add_test(tc, ops_ref_f32_to_f16_row);
    suite_add_tcase(s, tc);
    return s;
}
