/*
 * AVX-512 row kernels of the head GEMV. The head is read once per token and does not fit in any
 * cache, so these only have to decode faster than DRAM delivers: each row is converted on the fly
 * (VCVTPH2PS for F16, sign-extend + convert for the 8-bit formats) and multiplied into float
 * accumulators, with a software prefetch a few rows ahead.
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_fast/kr_fast_head_impl.h"

#ifndef KR_HEAD_PF
/* Bytes ahead to prefetch: past what one core keeps in flight from DRAM, as for the decode GEMV
 * (kr_simd_tile512.h); the F16 head ran faster on one core with 8 KB than with 2 KB
 * (docs/kernels.md, "Measured choices"). */
#define KR_HEAD_PF 8192
#endif

static inline float kr_h16(const uint8_t *p)
{
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

static float kr_row_f16(const uint8_t *w, const float *x, size_t n)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    size_t k = 0;
    for (; k + 32 <= n; k += 32) {
        /* Into L2 only: one F16 row stream keeps more lines in flight this way (one thread reads
         * the head faster: docs/kernels.md, "Measured choices") while the decode GEMVs prefer L1
         * (T0). */
        _mm_prefetch((const char *)(w + 2 * k + KR_HEAD_PF), _MM_HINT_T1);
        const __m512 w0 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(w + 2 * k)));
        const __m512 w1 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(w + 2 * k + 32)));
        a0 = _mm512_fmadd_ps(w0, _mm512_loadu_ps(x + k), a0);
        a1 = _mm512_fmadd_ps(w1, _mm512_loadu_ps(x + k + 16), a1);
    }
    for (; k < n; k += 16) {
        const __mmask16 m = n - k >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - k)) - 1u);
        const __m512 wv = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, w + 2 * k));
        a0 = _mm512_fmadd_ps(wv, _mm512_maskz_loadu_ps(m, x + k), a0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
}

static float kr_row_f32(const uint8_t *w, const float *x, size_t n)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    size_t k = 0;
    for (; k + 32 <= n; k += 32) {
        _mm_prefetch((const char *)(w + 4 * k + KR_HEAD_PF), _MM_HINT_T0);
        a0 = _mm512_fmadd_ps(_mm512_loadu_ps((const float *)(const void *)(w + 4 * k)), _mm512_loadu_ps(x + k), a0);
        a1 = _mm512_fmadd_ps(_mm512_loadu_ps((const float *)(const void *)(w + 4 * k + 64)), _mm512_loadu_ps(x + k + 16), a1);
    }
    for (; k < n; k += 16) {
        const __mmask16 m = n - k >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - k)) - 1u);
        a0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, w + 4 * k), _mm512_maskz_loadu_ps(m, x + k), a0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
}

static inline __m512 kr_i8x16_ps(const void *p)
{
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)p)));
}

static float kr_row_int8(const int8_t *w, const float *x, size_t n)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
    size_t k = 0;
    for (; k + 32 <= n; k += 32) {
        _mm_prefetch((const char *)(w + k + KR_HEAD_PF), _MM_HINT_T0);
        a0 = _mm512_fmadd_ps(kr_i8x16_ps(w + k), _mm512_loadu_ps(x + k), a0);
        a1 = _mm512_fmadd_ps(kr_i8x16_ps(w + k + 16), _mm512_loadu_ps(x + k + 16), a1);
    }
    for (; k < n; k += 16) {
        const __mmask16 m = n - k >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - k)) - 1u);
        const __m512 wv = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(m, w + k)));
        a0 = _mm512_fmadd_ps(wv, _mm512_maskz_loadu_ps(m, x + k), a0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
}

/* Q8_0: per 32-weight block, the products are summed first and scaled once by the block's d. */
static float kr_row_q8_0(const uint8_t *w, const float *x, size_t n)
{
    __m512 acc = _mm512_setzero_ps();
    for (size_t b = 0; b < n / KR_Q8_0_BLOCK; b++) {
        const uint8_t *blk = w + b * KR_Q8_0_BYTES;
        const float *xb = x + b * KR_Q8_0_BLOCK;
        _mm_prefetch((const char *)(blk + KR_HEAD_PF), _MM_HINT_T0);
        __m512 s = _mm512_mul_ps(kr_i8x16_ps(blk + 2), _mm512_loadu_ps(xb));
        s = _mm512_fmadd_ps(kr_i8x16_ps(blk + 18), _mm512_loadu_ps(xb + 16), s);
        acc = _mm512_fmadd_ps(_mm512_set1_ps(kr_h16(blk)), s, acc);
    }
    return _mm512_reduce_add_ps(acc);
}

/* 16 six-bit values (0..63, 16 bytes of v starting at byte `half`*16) minus 32, as floats. */
static inline __m512 kr_q6_16(__m256i v, int hi)
{
    const __m128i b = hi ? _mm256_extracti128_si256(v, 1) : _mm256_castsi256_si128(v);
    return _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_cvtepu8_epi32(b), _mm512_set1_epi32(32)));
}

/* Q6_K in ggml's order: per 128-weight half, ql[0..63], qh[0..31]; run r (32 weights) takes the low
 * (r = 0, 1) or high (r = 2, 3) nibbles of ql[32 * (r & 1) + l] and bits 2r..2r+1 of qh[l]. */
static float kr_row_q6_k(const uint8_t *w, const float *x, size_t n)
{
    const __m256i m4 = _mm256_set1_epi8(0x0f), m3 = _mm256_set1_epi8(3);
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    for (size_t b = 0; b < n / KR_Q6_K_BLOCK; b++) {
        const uint8_t *blk = w + b * KR_Q6_K_BYTES;
        const int8_t *sc = (const int8_t *)(const void *)(blk + 192);
        const float d = kr_h16(blk + 208);
        _mm_prefetch((const char *)(blk + KR_HEAD_PF), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_HEAD_PF + 64), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_HEAD_PF + 128), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_HEAD_PF + 192), _MM_HINT_T0);
        for (int h = 0; h < 2; h++) {
            const uint8_t *ql = blk + 64 * h, *qh = blk + 128 + 32 * h;
            const float *xh = x + b * KR_Q6_K_BLOCK + 128 * h;
            const __m256i la = _mm256_loadu_si256((const __m256i *)(const void *)ql);
            const __m256i lb = _mm256_loadu_si256((const __m256i *)(const void *)(ql + 32));
            const __m256i hv = _mm256_loadu_si256((const __m256i *)(const void *)qh);
            __m256i q[4];
            q[0] = _mm256_or_si256(_mm256_and_si256(la, m4), _mm256_slli_epi16(_mm256_and_si256(hv, m3), 4));
            q[1] = _mm256_or_si256(_mm256_and_si256(lb, m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hv, 2), m3), 4));
            q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(la, 4), m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hv, 4), m3), 4));
            q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(lb, 4), m4),
                                   _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(hv, 6), m3), 4));
            for (int r = 0; r < 4; r++) {
                const float *xr = xh + 32 * r;
                const int si = 8 * h + 2 * r;
                const __m512 s0 = _mm512_mul_ps(kr_q6_16(q[r], 0), _mm512_loadu_ps(xr));
                const __m512 s1 = _mm512_mul_ps(kr_q6_16(q[r], 1), _mm512_loadu_ps(xr + 16));
                acc0 = _mm512_fmadd_ps(_mm512_set1_ps(d * (float)sc[si]), s0, acc0);
                acc1 = _mm512_fmadd_ps(_mm512_set1_ps(d * (float)sc[si + 1]), s1, acc1);
            }
        }
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

kr_status kr_head_rows_avx512(const kr_head *h, const float *x, float *y, size_t r0, size_t r1)
{
    for (size_t r = r0; r < r1; r++) {
        if (h->q8) {
            y[r] = kr_row_int8(h->q8 + r * h->cols, x, h->cols) * h->q8_scale[r];
            continue;
        }
        const uint8_t *w = h->data + r * h->row_bytes;
        switch (h->fmt) {
        case KR_HEAD_F32: y[r] = kr_row_f32(w, x, h->cols); break;
        case KR_HEAD_F16: y[r] = kr_row_f16(w, x, h->cols); break;
        case KR_HEAD_Q8_0: y[r] = kr_row_q8_0(w, x, h->cols); break;
        case KR_HEAD_Q6_K: y[r] = kr_row_q6_k(w, x, h->cols); break;
        default: return KR_ERR_SIZE;
        }
    }
    return KR_OK;
}
#endif
