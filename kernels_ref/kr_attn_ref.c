/* The attention ops' definition (kr_ops_ref.h): nothing but the dot, softmax and axpy definitions
 * applied position by position, so the grouped SIMD kernels have one plain order to reproduce. */
#include "kernels_ref/kr_ops_ref.h"

#include "kernels_ref/kr_formats.h"

void kr_attn_scores_f32_ref(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale,
                            float *s)
{
    if (!q || !K || !s)
        return;
    for (size_t p = 0; p < npos; p++)
        s[p] = kr_dot_f32_ref(q, K + p * ldk, d) * scale;
}

void kr_attn_mix_f32_ref(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o)
{
    if (!s || !V || !o)
        return;
    for (size_t i = 0; i < d; i++)
        o[i] = 0.0f;
    for (size_t p = 0; p < npos; p++)
        kr_axpy_f32_ref(s[p], V + p * ldv, o, d);
}

void kr_attn_heads_f32_ref(const float *q, size_t h0, size_t h1, size_t group, const float *K, const float *V,
                           size_t kv_stride, size_t ld, size_t npos, size_t d, float scale, float *scratch,
                           float *o)
{
    if (!q || !K || !V || !scratch || !o || group == 0 || npos == 0)
        return;
    for (size_t h = h0; h < h1; h++) {
        const size_t at = h / group * kv_stride;
        kr_attn_scores_f32_ref(q + h * d, K + at, ld, npos, d, scale, scratch);
        kr_softmax_f32_ref(scratch, npos);
        kr_attn_mix_f32_ref(scratch, V + at, ld, npos, d, o + h * d);
    }
}

/* Row by row through a widened copy: the result is the float definition's on the widened cache
 * because widening is exact and each row is widened before the op that reads it. */
void kr_attn_heads_f16kv_ref(const float *q, size_t h0, size_t h1, size_t group, const uint16_t *K,
                             const uint16_t *V, size_t kv_stride, size_t ld, size_t npos, size_t d, float scale,
                             float *scratch, float *o)
{
    if (!q || !K || !V || !scratch || !o || group == 0 || npos == 0)
        return;
    float *s = scratch, *row = scratch + npos;
    for (size_t h = h0; h < h1; h++) {
        const size_t at = h / group * kv_stride;
        for (size_t p = 0; p < npos; p++) {
            for (size_t i = 0; i < d; i++)
                row[i] = kr_f16_to_f32(K[at + p * ld + i]);
            s[p] = kr_dot_f32_ref(q + h * d, row, d) * scale;
        }
        kr_softmax_f32_ref(s, npos);
        float *oh = o + h * d;
        for (size_t i = 0; i < d; i++)
            oh[i] = 0.0f;
        for (size_t p = 0; p < npos; p++) {
            for (size_t i = 0; i < d; i++)
                row[i] = kr_f16_to_f32(V[at + p * ld + i]);
            kr_axpy_f32_ref(s[p], row, oh, d);
        }
    }
}
