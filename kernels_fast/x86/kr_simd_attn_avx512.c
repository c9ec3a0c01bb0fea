/*
 * AVX-512 attention inner loops, bit-identical to their definitions kr_attn_scores_f32_ref /
 * kr_attn_mix_f32_ref (dots and axpys, kernels_ref/kr_attn_ref.c), softmax and RoPE. A decode
 * step spends its float time here: a dot of 128 floats per cached position and head is too short
 * to hide the latency of its own add chain, so the scores take four positions at once, and the
 * mix keeps the output row in registers instead of loading and storing it once per position.
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "kernels_ref/kr_ops_ref.h"
#include "kernels_fast/x86/kr_simd_hsum512.h"
#include "kernels_fast/x86/kr_simd_ops.h"

/* Cached rows to prefetch ahead: the cache of a layer was last read a whole token ago, so it
 * comes from DRAM, and one head's rows are only a few KB long for the prefetchers to pick up. */
#define KR_ATTN_PF_ROWS 8

void kr_simd_attn_scores_avx512(const float *q, const float *K, size_t ldk, size_t npos, size_t d, float scale,
                                float *s)
{
    const size_t full = d / 16 * 16;
    const __mmask16 tm = (__mmask16)((1u << (d - full)) - 1u);
    size_t p = 0;
    for (; p + 4 <= npos; p += 4) {
        const float *k0 = K + p * ldk, *k1 = k0 + ldk, *k2 = k1 + ldk, *k3 = k2 + ldk;
        if (p + KR_ATTN_PF_ROWS + 4 <= npos)
            for (size_t r = 0; r < 4; r++)
                for (size_t i = 0; i < d; i += 16)
                    _mm_prefetch((const char *)(K + (p + KR_ATTN_PF_ROWS + r) * ldk + i), _MM_HINT_T0);
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        size_t i = 0;
        for (; i < full; i += 16) {
            const __m512 qv = _mm512_loadu_ps(q + i);
            a0 = _mm512_add_ps(a0, _mm512_mul_ps(qv, _mm512_loadu_ps(k0 + i)));
            a1 = _mm512_add_ps(a1, _mm512_mul_ps(qv, _mm512_loadu_ps(k1 + i)));
            a2 = _mm512_add_ps(a2, _mm512_mul_ps(qv, _mm512_loadu_ps(k2 + i)));
            a3 = _mm512_add_ps(a3, _mm512_mul_ps(qv, _mm512_loadu_ps(k3 + i)));
        }
        if (tm) {
            const __m512 qv = _mm512_maskz_loadu_ps(tm, q + i);
            a0 = _mm512_mask_add_ps(a0, tm, a0, _mm512_mul_ps(qv, _mm512_maskz_loadu_ps(tm, k0 + i)));
            a1 = _mm512_mask_add_ps(a1, tm, a1, _mm512_mul_ps(qv, _mm512_maskz_loadu_ps(tm, k1 + i)));
            a2 = _mm512_mask_add_ps(a2, tm, a2, _mm512_mul_ps(qv, _mm512_maskz_loadu_ps(tm, k2 + i)));
            a3 = _mm512_mask_add_ps(a3, tm, a3, _mm512_mul_ps(qv, _mm512_maskz_loadu_ps(tm, k3 + i)));
        }
        s[p] = kr_hsum512(a0) * scale;
        s[p + 1] = kr_hsum512(a1) * scale;
        s[p + 2] = kr_hsum512(a2) * scale;
        s[p + 3] = kr_hsum512(a3) * scale;
    }
    for (; p < npos; p++)
        s[p] = kr_simd_dot_avx512(q, K + p * ldk, d) * scale;
}

/* Output rows up to this many floats stay in registers (8 zmm: a head of 128). */
#define KR_ATTN_MIX_REGS 8

void kr_simd_attn_mix_avx512(const float *s, const float *V, size_t ldv, size_t npos, size_t d, float *o)
{
    if (d > 16 * KR_ATTN_MIX_REGS) {
        for (size_t i = 0; i < d; i++)
            o[i] = 0.0f;
        for (size_t p = 0; p < npos; p++)
            kr_simd_axpy_avx512(s[p], V + p * ldv, o, d);
        return;
    }
    const size_t nr = (d + 15) / 16;
    __m512 acc[KR_ATTN_MIX_REGS];
    __mmask16 mk[KR_ATTN_MIX_REGS];
    for (size_t r = 0; r < KR_ATTN_MIX_REGS; r++) {
        acc[r] = _mm512_setzero_ps();
        const size_t left = r < nr ? d - 16 * r : 0;
        mk[r] = left >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1u);
    }
    for (size_t p = 0; p < npos; p++) {
        const __m512 sv = _mm512_set1_ps(s[p]);
        const float *v = V + p * ldv;
        if (p + KR_ATTN_PF_ROWS < npos)
            for (size_t i = 0; i < d; i += 16)
                _mm_prefetch((const char *)(V + (p + KR_ATTN_PF_ROWS) * ldv + i), _MM_HINT_T0);
#pragma GCC unroll 8
        for (size_t r = 0; r < KR_ATTN_MIX_REGS; r++)
            if (r < nr)
                acc[r] = _mm512_add_ps(acc[r], _mm512_mul_ps(sv, _mm512_maskz_loadu_ps(mk[r], v + 16 * r)));
    }
    for (size_t r = 0; r < nr; r++)
        _mm512_mask_storeu_ps(o + 16 * r, mk[r], acc[r]);
}

/* kr_exp_neg_f32_ref on 16 lanes: the same operations in the same order. */
static inline __m512 kr_exp_neg16(__m512 d)
{
    const __mmask16 ok = _mm512_cmp_ps_mask(d, _mm512_set1_ps(KR_EXP_MIN), _CMP_GE_OQ);
    const __mmask16 nan = _mm512_cmp_ps_mask(d, d, _CMP_UNORD_Q);
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(d, _mm512_set1_ps(KR_EXP_LOG2E)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_sub_ps(d, _mm512_mul_ps(n, _mm512_set1_ps(KR_EXP_LN2_HI)));
    r = _mm512_sub_ps(r, _mm512_mul_ps(n, _mm512_set1_ps(KR_EXP_LN2_LO)));
    const __m512 z = _mm512_mul_ps(r, r);
    __m512 y = _mm512_set1_ps(KR_EXP_P0);
    y = _mm512_add_ps(_mm512_mul_ps(y, r), _mm512_set1_ps(KR_EXP_P1));
    y = _mm512_add_ps(_mm512_mul_ps(y, r), _mm512_set1_ps(KR_EXP_P2));
    y = _mm512_add_ps(_mm512_mul_ps(y, r), _mm512_set1_ps(KR_EXP_P3));
    y = _mm512_add_ps(_mm512_mul_ps(y, r), _mm512_set1_ps(KR_EXP_P4));
    y = _mm512_add_ps(_mm512_mul_ps(y, r), _mm512_set1_ps(KR_EXP_P5));
    y = _mm512_add_ps(_mm512_mul_ps(y, z), r);
    y = _mm512_add_ps(y, _mm512_set1_ps(1.0f));
    const __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    const __m512 v = _mm512_maskz_mul_ps(ok, y, _mm512_castsi512_ps(e));
    return _mm512_mask_mov_ps(v, nan, d);
}

void kr_simd_softmax_avx512(float *x, size_t n, float mx)
{
    const __m512 mv = _mm512_set1_ps(mx);
    __m512 acc = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512 e = kr_exp_neg16(_mm512_sub_ps(_mm512_loadu_ps(x + i), mv));
        _mm512_storeu_ps(x + i, e);
        acc = _mm512_add_ps(acc, e);
    }
    if (i < n) {
        const __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
        const __m512 e = kr_exp_neg16(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, x + i), mv));
        _mm512_mask_storeu_ps(x + i, m, e);
        acc = _mm512_mask_add_ps(acc, m, acc, e);
    }
    const __m512 inv = _mm512_set1_ps(1.0f / kr_hsum512(acc));
    for (i = 0; i + 16 <= n; i += 16)
        _mm512_storeu_ps(x + i, _mm512_mul_ps(_mm512_loadu_ps(x + i), inv));
    if (i < n) {
        const __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
        _mm512_mask_storeu_ps(x + i, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, x + i), inv));
    }
}

void kr_simd_rope_neox_avx512(float *row, size_t n_heads, size_t d, const float *cs)
{
    const size_t half = d / 2;
    const float *sn = cs + half;
    for (size_t h = 0; h < n_heads; h++) {
        float *x = row + h * d;
        for (size_t i = 0; i < half; i += 16) {
            const __mmask16 m = half - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (half - i)) - 1u);
            const __m512 x0 = _mm512_maskz_loadu_ps(m, x + i), x1 = _mm512_maskz_loadu_ps(m, x + i + half);
            const __m512 c = _mm512_maskz_loadu_ps(m, cs + i), s = _mm512_maskz_loadu_ps(m, sn + i);
            _mm512_mask_storeu_ps(x + i, m, _mm512_sub_ps(_mm512_mul_ps(x0, c), _mm512_mul_ps(x1, s)));
            _mm512_mask_storeu_ps(x + i + half, m, _mm512_add_ps(_mm512_mul_ps(x0, s), _mm512_mul_ps(x1, c)));
        }
    }
}
#endif
