/*
 * The float ops' definition (kr_ops_ref.h): plain loops in the documented operation order. The
 * SIMD versions in kernels_fast repeat these operations lane for lane, so keep any change here
 * in step with them (test_kernels_fast compares the two bit for bit).
 */
#include "kernels_ref/kr_ops_ref.h"

#include <math.h>
#include <string.h>

#include "kernels_ref/kr_formats.h"

/* The fixed combining tree of the 16 lane partial sums. */
static float kr_sum16_ref(const float *acc)
{
    float t8[8], t4[4];
    for (int i = 0; i < 8; i++)
        t8[i] = acc[i] + acc[i + 8];
    for (int i = 0; i < 4; i++)
        t4[i] = t8[i] + t8[i + 4];
    return (t4[0] + t4[2]) + (t4[1] + t4[3]);
}

float kr_dot_f32_ref(const float *a, const float *b, size_t n)
{
    if (!a || !b)
        return 0.0f;
    float acc[KR_OPS_REF_LANES] = {0};
    for (size_t i = 0; i < n; i++)
        acc[i % KR_OPS_REF_LANES] += a[i] * b[i];
    return kr_sum16_ref(acc);
}

void kr_axpy_f32_ref(float a, const float *x, float *y, size_t n)
{
    if (!x || !y)
        return;
    for (size_t i = 0; i < n; i++)
        y[i] += a * x[i];
}

void kr_add_f32_ref(float *y, const float *x, size_t n)
{
    if (!x || !y)
        return;
    for (size_t i = 0; i < n; i++)
        y[i] += x[i];
}

void kr_rmsnorm_f32_ref(const float *x, const float *w, size_t n, float eps, float *out)
{
    if (!x || !out || n == 0)
        return;
    const float inv = 1.0f / sqrtf(kr_dot_f32_ref(x, x, n) / (float)n + eps);
    if (w) {
        for (size_t i = 0; i < n; i++)
            out[i] = x[i] * inv * w[i];
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = x[i] * inv;
    }
}

float kr_exp_neg_f32_ref(float d)
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
    /* for d in [KR_EXP_MIN, 0], n is in [-126, 0]: 2^n is a normal float */
    const uint32_t bits = (uint32_t)((int32_t)n + 127) << 23;
    float p2;
    memcpy(&p2, &bits, sizeof p2);
    return y * p2;
}

void kr_softmax_f32_ref(float *x, size_t n)
{
    if (!x || n == 0)
        return;
    float mx = x[0];
    for (size_t i = 1; i < n; i++)
        mx = x[i] > mx ? x[i] : mx;
    float acc[KR_OPS_REF_LANES] = {0};
    for (size_t i = 0; i < n; i++) {
        x[i] = kr_exp_neg_f32_ref(x[i] - mx);
        acc[i % KR_OPS_REF_LANES] += x[i];
    }
    const float inv = 1.0f / kr_sum16_ref(acc);
    for (size_t i = 0; i < n; i++)
        x[i] *= inv;
}

void kr_rope_neox_f32_ref(float *row, size_t n_heads, size_t d, const float *cs)
{
    if (!row || !cs)
        return;
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

void kr_relu2_mul_f32_ref(const float *g, const float *u, float *out, size_t n)
{
    if (!g || !u || !out)
        return;
    for (size_t i = 0; i < n; i++) {
        const float r = g[i] > 0.0f ? g[i] : 0.0f;
        out[i] = r * r * u[i];
    }
}

void kr_f32_to_f16_row_ref(const float *x, uint16_t *y, size_t n)
{
    if (!x || !y)
        return;
    for (size_t i = 0; i < n; i++)
        y[i] = kr_f32_to_f16(x[i]);
}
