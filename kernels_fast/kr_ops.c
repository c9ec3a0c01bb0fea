/*
 * Float primitives of the forward pass. Reductions keep 16 partial sums (element i in lane i % 16)
 * combined in a fixed tree, with separate multiply and add; the AVX-512 versions
 * (kr_simd_ops_avx512.c) do exactly these operations, so results are bit-identical on every CPU.
 */
#include "kernels_fast/kr_ops.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels_ref/kr_formats.h"
#include "kernels_fast/x86/kr_simd_ops.h"

#define KR_OPS_LANES 16

#if defined(__x86_64__)
#define KR_OPS_AVX512() kr_simd_ops_avx512_ok()
#else
#define KR_OPS_AVX512() 0
#endif

static float kr_ops_hsum(const float *acc)
{
    float t8[8], t4[4];
    for (int i = 0; i < 8; i++)
        t8[i] = acc[i] + acc[i + 8];
    for (int i = 0; i < 4; i++)
        t4[i] = t8[i] + t8[i + 4];
    return (t4[0] + t4[2]) + (t4[1] + t4[3]);
}

float kr_dot_f32(const float *a, const float *b, size_t n)
{
    if (!a || !b)
        return 0.0f;
#if defined(__x86_64__)
    if (KR_OPS_AVX512())
        return kr_simd_dot_avx512(a, b, n);
#endif
    float acc[KR_OPS_LANES] = {0};
    size_t i = 0;
    for (; i + KR_OPS_LANES <= n; i += KR_OPS_LANES)
        for (int j = 0; j < KR_OPS_LANES; j++)
            acc[j] += a[i + j] * b[i + j];
    for (int j = 0; i < n; i++, j++)
        acc[j] += a[i] * b[i];
    return kr_ops_hsum(acc);
}

void kr_axpy_f32(float a, const float *x, float *y, size_t n)
{
    if (!x || !y)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_axpy_avx512(a, x, y, n);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++)
        y[i] += a * x[i];
}

void kr_add_f32(float *y, const float *x, size_t n)
{
    if (!x || !y)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_add_avx512(y, x, n);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++)
        y[i] += x[i];
}

void kr_rmsnorm_f32(const float *x, const float *w, size_t n, float eps, float *out)
{
    if (!x || !out || n == 0)
        return;
    const float inv = 1.0f / sqrtf(kr_dot_f32(x, x, n) / (float)n + eps);
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_scale_mul_avx512(x, inv, w, out, n);
        return;
    }
#endif
    if (w) {
        for (size_t i = 0; i < n; i++)
            out[i] = x[i] * inv * w[i];
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = x[i] * inv;
    }
}

float kr_exp_neg_f32(float d)
{
    if (!(d >= KR_EXP_MIN))
        return d != d ? d : 0.0f; /* NaN stays NaN */
    const float n = nearbyintf(d * KR_EXP_LOG2E);
    float r = d - n * KR_EXP_LN2_HI;
    r = r - n * KR_EXP_LN2_LO;
    const float z = r * r;
    float y = KR_EXP_P0;
    y = y * r + KR_EXP_P1;
    y = y * r + KR_EXP_P2;
    y = y * r + KR_EXP_P3;
    y = y * r + KR_EXP_P4;
    y = y * r + KR_EXP_P5;
    y = y * z + r;
    y = y + 1.0f;
    const uint32_t bits = (uint32_t)((int32_t)n + 127) << 23;
    float p2;
    memcpy(&p2, &bits, sizeof p2);
    return y * p2;
}

void kr_softmax_f32(float *x, size_t n)
{
    if (!x || n == 0)
        return;
    float mx = x[0];
    for (size_t i = 1; i < n; i++)
        mx = x[i] > mx ? x[i] : mx;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_softmax_avx512(x, n, mx);
        return;
    }
#endif
    float acc[KR_OPS_LANES] = {0};
    for (size_t i = 0; i < n; i++) {
        x[i] = kr_exp_neg_f32(x[i] - mx);
        acc[i % KR_OPS_LANES] += x[i];
    }
    const float inv = 1.0f / kr_ops_hsum(acc);
    for (size_t i = 0; i < n; i++)
        x[i] *= inv;
}

void kr_rope_neox_f32(float *row, size_t n_heads, size_t d, const float *cs)
{
    if (!row || !cs)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_rope_neox_avx512(row, n_heads, d, cs);
        return;
    }
#endif
    const size_t half = d / 2;
    const float *sn = cs + half;
    for (size_t h = 0; h < n_heads; h++) {
        float *x = row + h * d;
        for (size_t i = 0; i < half; i++) {
            const float x0 = x[i], x1 = x[i + half];
            x[i] = x0 * cs[i] - x1 * sn[i];
            x[i + half] = x0 * sn[i] + x1 * cs[i];
        }
    }
}

void kr_relu2_mul_f32(const float *g, const float *u, float *out, size_t n)
{
    if (!g || !u || !out)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_relu2_mul_avx512(g, u, out, n);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++) {
        float r = g[i] > 0.0f ? g[i] : 0.0f;
        out[i] = r * r * u[i];
    }
}

void kr_attn_scores_f32(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale, float *s)
{
    if (!q || !K || !s)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_attn_scores_avx512(q, K, ldk, npos, d, scale, s);
        return;
    }
#endif
    for (size_t p = 0; p < npos; p++)
        s[p] = kr_dot_f32(q, K + p * ldk, d) * scale;
}

void kr_attn_mix_f32(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o)
{
    if (!s || !V || !o)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_attn_mix_avx512(s, V, ldv, npos, d, o);
        return;
    }
#endif
    for (size_t i = 0; i < d; i++)
        o[i] = 0.0f;
    for (size_t p = 0; p < npos; p++)
        kr_axpy_f32(s[p], V + p * ldv, o, d);
}

void kr_attn_heads_f32(const float *q, size_t h0, size_t h1, size_t group, const float *K, const float *V,
                       size_t kv_stride, size_t ld, size_t npos, size_t d, float scale, float *scratch, float *o)
{
    if (!q || !K || !V || !scratch || !o || group == 0 || npos == 0)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512() && d % 64 == 0) {
        kr_simd_attn_heads_avx512(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
        return;
    }
#endif
    for (size_t h = h0; h < h1; h++) {
        const size_t at = h / group * kv_stride;
        kr_attn_scores_f32(q + h * d, K + at, ld, npos, d, scale, scratch);
        kr_softmax_f32(scratch, npos);
        kr_attn_mix_f32(scratch, V + at, ld, npos, d, o + h * d);
    }
}

void kr_attn_heads_f16kv(const float *q, size_t h0, size_t h1, size_t group, const uint16_t *K,
                         const uint16_t *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                         float *scratch, float *o)
{
    if (!q || !K || !V || !scratch || !o || group == 0 || npos == 0)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512() && d % 64 == 0) {
        kr_simd_attn_heads_f16kv_avx512(q, h0, h1, group, K, V, kv_stride, ld, npos, d, scale, scratch, o);
        return;
    }
#endif
    float *s = scratch, *row = scratch + npos;
    for (size_t h = h0; h < h1; h++) {
        const size_t at = h / group * kv_stride;
        for (size_t p = 0; p < npos; p++) {
            for (size_t i = 0; i < d; i++)
                row[i] = kr_f16_to_f32(K[at + p * ld + i]);
            s[p] = kr_dot_f32(q + h * d, row, d) * scale;
        }
        kr_softmax_f32(s, npos);
        float *oh = o + h * d;
        for (size_t i = 0; i < d; i++)
            oh[i] = 0.0f;
        for (size_t p = 0; p < npos; p++) {
            for (size_t i = 0; i < d; i++)
                row[i] = kr_f16_to_f32(V[at + p * ld + i]);
            kr_axpy_f32(s[p], row, oh, d);
        }
    }
}

void kr_f32_to_f16_row(const float *x, uint16_t *y, size_t n)
{
    if (!x || !y)
        return;
#if defined(__x86_64__)
    if (KR_OPS_AVX512()) {
        kr_simd_f32_to_f16_avx512(x, y, n);
        return;
    }
#endif
    for (size_t i = 0; i < n; i++)
        y[i] = kr_f32_to_f16(x[i]);
}
