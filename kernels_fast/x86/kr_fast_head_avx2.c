/*
 * AVX2 + F16C + FMA row kernels of the head GEMV, for x86-64 CPUs without AVX-512: the same
 * decode-and-multiply scheme as kr_fast_head_avx512.c with 8-wide vectors.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_fast/kr_fast_head_impl.h"

#define KR_H2_PF 2048

static inline float kr_h2_hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
}

static inline float kr_h2_f16(const uint8_t *p)
{
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

static inline __m256 kr_h2_i8x8(const void *p)
{
    int64_t v;
    memcpy(&v, p, 8);
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_cvtsi64_si128(v)));
}

static float kr_h2_row_f32(const uint8_t *w, const float *x, size_t n)
{
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 16 <= n; k += 16) {
        _mm_prefetch((const char *)(w + 4 * k + KR_H2_PF), _MM_HINT_T0);
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps((const float *)(const void *)(w + 4 * k)), _mm256_loadu_ps(x + k), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps((const float *)(const void *)(w + 4 * k + 32)), _mm256_loadu_ps(x + k + 8), a1);
    }
    float s = kr_h2_hsum(_mm256_add_ps(a0, a1));
    for (; k < n; k++) {
        float wk;
        memcpy(&wk, w + 4 * k, 4);
        s += wk * x[k];
    }
    return s;
}

static float kr_h2_row_f16(const uint8_t *w, const float *x, size_t n)
{
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 16 <= n; k += 16) {
        _mm_prefetch((const char *)(w + 2 * k + KR_H2_PF), _MM_HINT_T0);
        const __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(w + 2 * k)));
        const __m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(w + 2 * k + 16)));
        a0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(x + k), a0);
        a1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(x + k + 8), a1);
    }
    float s = kr_h2_hsum(_mm256_add_ps(a0, a1));
    for (; k < n; k++)
        s += kr_h2_f16(w + 2 * k) * x[k];
    return s;
}

static float kr_h2_row_int8(const int8_t *w, const float *x, size_t n)
{
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    size_t k = 0;
    for (; k + 16 <= n; k += 16) {
        _mm_prefetch((const char *)(w + k + KR_H2_PF), _MM_HINT_T0);
        a0 = _mm256_fmadd_ps(kr_h2_i8x8(w + k), _mm256_loadu_ps(x + k), a0);
        a1 = _mm256_fmadd_ps(kr_h2_i8x8(w + k + 8), _mm256_loadu_ps(x + k + 8), a1);
    }
    float s = kr_h2_hsum(_mm256_add_ps(a0, a1));
    for (; k < n; k++)
        s += (float)w[k] * x[k];
    return s;
}

static float kr_h2_row_q8_0(const uint8_t *w, const float *x, size_t n)
{
    __m256 acc = _mm256_setzero_ps();
    for (size_t b = 0; b < n / KR_Q8_0_BLOCK; b++) {
        const uint8_t *blk = w + b * KR_Q8_0_BYTES;
        const float *xb = x + b * KR_Q8_0_BLOCK;
        _mm_prefetch((const char *)(blk + KR_H2_PF), _MM_HINT_T0);
        __m256 s = _mm256_mul_ps(kr_h2_i8x8(blk + 2), _mm256_loadu_ps(xb));
        s = _mm256_fmadd_ps(kr_h2_i8x8(blk + 10), _mm256_loadu_ps(xb + 8), s);
        s = _mm256_fmadd_ps(kr_h2_i8x8(blk + 18), _mm256_loadu_ps(xb + 16), s);
        s = _mm256_fmadd_ps(kr_h2_i8x8(blk + 26), _mm256_loadu_ps(xb + 24), s);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(kr_h2_f16(blk)), s, acc);
    }
    return kr_h2_hsum(acc);
}

/* Q6_K (layout as in kr_fast_head_avx512.c): the 6-bit values of a 32-weight run are built with
 * 256-bit byte operations, stored, and converted 8 at a time. */
static float kr_h2_row_q6_k(const uint8_t *w, const float *x, size_t n)
{
    const __m256i m4 = _mm256_set1_epi8(0x0f), m3 = _mm256_set1_epi8(3), o32 = _mm256_set1_epi8(32);
    __m256 acc = _mm256_setzero_ps();
    for (size_t b = 0; b < n / KR_Q6_K_BLOCK; b++) {
        const uint8_t *blk = w + b * KR_Q6_K_BYTES;
        const int8_t *sc = (const int8_t *)(const void *)(blk + 192);
        const float d = kr_h2_f16(blk + 208);
        _mm_prefetch((const char *)(blk + KR_H2_PF), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_H2_PF + 64), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_H2_PF + 128), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_H2_PF + 192), _MM_HINT_T0);
        for (int h = 0; h < 2; h++) {
            const uint8_t *ql = blk + 64 * h, *qh = blk + 128 + 32 * h;
            const __m256i la = _mm256_loadu_si256((const __m256i *)(const void *)ql);
            const __m256i lb = _mm256_loadu_si256((const __m256i *)(const void *)(ql + 32));
            const __m256i hv = _mm256_loadu_si256((const __m256i *)(const void *)qh);
            int8_t q[4][32];
            _mm256_storeu_si256((__m256i *)(void *)q[0], _mm256_sub_epi8(_mm256_or_si256(_mm256_and_si256(la, m4),
                _mm256_slli_epi16(_mm256_and_si256(hv, m3), 4)), o32));
            _mm256_storeu_si256((__m256i *)(void *)q[1], _mm256_sub_epi8(_mm256_or_si256(_mm256_and_si256(lb, m4),
                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hv, 2), m3), 4)), o32));
            _mm256_storeu_si256((__m256i *)(void *)q[2], _mm256_sub_epi8(_mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(la, 4), m4),
                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hv, 4), m3), 4)), o32));
            _mm256_storeu_si256((__m256i *)(void *)q[3], _mm256_sub_epi8(_mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(lb, 4), m4),
                _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hv, 6), m3), 4)), o32));
            for (int r = 0; r < 4; r++) {
                const float *xr = x + b * KR_Q6_K_BLOCK + 128 * h + 32 * r;
                const int si = 8 * h + 2 * r;
                __m256 s0 = _mm256_mul_ps(kr_h2_i8x8(q[r]), _mm256_loadu_ps(xr));
                s0 = _mm256_fmadd_ps(kr_h2_i8x8(q[r] + 8), _mm256_loadu_ps(xr + 8), s0);
                __m256 s1 = _mm256_mul_ps(kr_h2_i8x8(q[r] + 16), _mm256_loadu_ps(xr + 16));
                s1 = _mm256_fmadd_ps(kr_h2_i8x8(q[r] + 24), _mm256_loadu_ps(xr + 24), s1);
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * (float)sc[si]), s0, acc);
                acc = _mm256_fmadd_ps(_mm256_set1_ps(d * (float)sc[si + 1]), s1, acc);
            }
        }
    }
    return kr_h2_hsum(acc);
}

kr_status kr_head_rows_avx2(const kr_head *h, const float *x, float *y, size_t r0, size_t r1)
{
    for (size_t r = r0; r < r1; r++) {
        if (h->q8) {
            y[r] = kr_h2_row_int8(h->q8 + r * h->cols, x, h->cols) * h->q8_scale[r];
            continue;
        }
        const uint8_t *w = h->data + r * h->row_bytes;
        switch (h->fmt) {
        case KR_HEAD_F32: y[r] = kr_h2_row_f32(w, x, h->cols); break;
        case KR_HEAD_F16: y[r] = kr_h2_row_f16(w, x, h->cols); break;
        case KR_HEAD_Q8_0: y[r] = kr_h2_row_q8_0(w, x, h->cols); break;
        case KR_HEAD_Q6_K: y[r] = kr_h2_row_q6_k(w, x, h->cols); break;
        default: return KR_ERR_SIZE;
        }
    }
    return KR_OK;
}
#endif
