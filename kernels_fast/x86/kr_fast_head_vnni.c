/*
 * Q6_K head rows with VPDPBUSD: the float kernel spends ~8 instructions per 16 weights converting
 * 6-bit values to floats, which makes it slower than DRAM; here the unsigned 6-bit values (0..63)
 * multiply quantized x directly, 64 per instruction, and the -32 offset is removed once per
 * block with the precomputed sub-block sums of x (kr_head_xq).
 */
#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_fast/kr_fast_head_impl.h"

/* Bytes ahead to prefetch: past what one core keeps in flight from DRAM (latency x bandwidth), as
 * for the decode GEMV (kr_simd_tile512.h); the single-thread Q6_K head was faster with 4 KB than
 * with 1 KB (docs/kernels.md, "Measured choices"). */
#ifndef KR_Q6_PF
#define KR_Q6_PF 4096
#endif

/*
 * Word indices into a register holding the block's 16 scales as int16 in words 0-15 and zeros in
 * 16-31: lane L (two words) gets scale base + L / step in its low word and 0 in its high word, the
 * operand VPDPWSSD needs to multiply a 32-bit lane whose value fits int16 by that scale.
 */
static inline __m512i kr_q6_scale_words(int base, int step)
{
    int16_t w[32];
    for (int l = 0; l < 16; l++) {
        w[2 * l] = (int16_t)(base + l / step);
        w[2 * l + 1] = 16;
    }
    return _mm512_loadu_si512((const void *)w);
}

/* (a & b) | c for VPTERNLOG (a = 0xf0, b = 0xcc, c = 0xaa) */
#define KR_TERN_AND_OR 0xea

/* The scale spreads, built once per call rather than once per row: sidx[h] for the 4 sub-blocks of
 * quarter h of a block (4 lanes each), cidx for the 16 sub-block sums of the offset correction. */
typedef struct {
    __m512i sidx[4], cidx;
} kr_q6_idx;

static float kr_row_q6k_vnni(const uint8_t *w, const kr_head_xq *xq, size_t nb, const kr_q6_idx *ix)
{
    const __m512i m4 = _mm512_set1_epi8(0x0f), m30 = _mm512_set1_epi8(0x30);
    const __m512i *sidx = ix->sidx, cidx = ix->cidx;
    __m512 facc = _mm512_setzero_ps();
    for (size_t b = 0; b < nb; b++) {
        const uint8_t *blk = w + b * KR_Q6_K_BYTES;
        const int8_t *xb = xq->q + b * KR_Q6_K_BLOCK;
        _mm_prefetch((const char *)(blk + KR_Q6_PF), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_Q6_PF + 64), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_Q6_PF + 128), _MM_HINT_T0);
        _mm_prefetch((const char *)(blk + KR_Q6_PF + 192), _MM_HINT_T0);
        const __m512i sw = _mm512_zextsi256_si512(
            _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(blk + 192))));
        uint16_t dh;
        memcpy(&dh, blk + 208, 2);
        __m512i acc = _mm512_setzero_si512();
        for (int h = 0; h < 2; h++) {
            const __m512i ql = _mm512_loadu_si512((const void *)(blk + 64 * h));
            const __m256i hv = _mm256_loadu_si256((const __m256i *)(const void *)(blk + 128 + 32 * h));
            /* bytes 0-31: qh bits 0-1 (run 0), bytes 32-63: bits 2-3 (run 1); bits 4-5 hold runs 2 and 3 */
            const __m512i hc = _mm512_inserti64x4(_mm512_castsi256_si512(hv), _mm256_srli_epi16(hv, 2), 1);
            /* 6-bit values: low nibble | high bits moved to bits 4-5, one VPTERNLOG for the and-or */
            const __m512i q01 = _mm512_ternarylogic_epi32(ql, m4, _mm512_and_si512(_mm512_slli_epi16(hc, 4), m30),
                                                          KR_TERN_AND_OR);
            const __m512i q23 = _mm512_ternarylogic_epi32(_mm512_srli_epi16(ql, 4), m4, _mm512_and_si512(hc, m30),
                                                          KR_TERN_AND_OR);
            const __m512i p01 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q01,
                                                    _mm512_loadu_si512((const void *)(xb + 128 * h)));
            const __m512i p23 = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q23,
                                                    _mm512_loadu_si512((const void *)(xb + 128 * h + 64)));
            /* |p| <= 4 * 63 * 128 fits int16, so VPDPWSSD multiplies it by its sub-block scale (low
             * word, high word 0) and accumulates in one step. */
            acc = _mm512_dpwssd_epi32(acc, p01, _mm512_permutexvar_epi16(sidx[2 * h], sw));
            acc = _mm512_dpwssd_epi32(acc, p23, _mm512_permutexvar_epi16(sidx[2 * h + 1], sw));
        }
        /* |bsum| <= 16 * 128 fits int16 too */
        const __m512i corr = _mm512_dpwssd_epi32(_mm512_setzero_si512(), _mm512_permutexvar_epi16(cidx, sw),
                                                 _mm512_loadu_si512((const void *)(xq->bsum + 16 * b)));
        acc = _mm512_sub_epi32(acc, _mm512_slli_epi32(corr, 5));
        facc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc), _mm512_set1_ps(_cvtsh_ss(dh) * xq->d[b]), facc);
    }
    return _mm512_reduce_add_ps(facc);
}

void kr_head_rows_q6k_vnni(const kr_head *h, const kr_head_xq *xq, float *y, size_t r0, size_t r1)
{
    const size_t nb = h->cols / KR_Q6_K_BLOCK;
    const kr_q6_idx ix = {{kr_q6_scale_words(0, 4), kr_q6_scale_words(4, 4), kr_q6_scale_words(8, 4),
                           kr_q6_scale_words(12, 4)},
                          kr_q6_scale_words(0, 1)};
    for (size_t r = r0; r < r1; r++)
        y[r] = kr_row_q6k_vnni(h->data + r * h->row_bytes, xq, nb, &ix);
}

/*
 * The int8 copy: XOR 0x80 turns each int8 weight w into the unsigned byte w + 128 (VPDPBUSD's u8
 * operand); the 128 * x part is the same for every row and is subtracted once (xq->corr). Per
 * 256-block, four VPDPBUSD into an int32 vector, then one multiply-add by the block's x scale.
 */
static float kr_row_int8_vnni(const int8_t *w, const kr_head_xq *xq, size_t nb)
{
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    __m512 facc = _mm512_setzero_ps();
    for (size_t b = 0; b < nb; b++) {
        const int8_t *wb = w + b * KR_Q6_K_BLOCK;
        const int8_t *xb = xq->q + b * KR_Q6_K_BLOCK;
        _mm_prefetch((const char *)(wb + KR_Q6_PF), _MM_HINT_T0);
        _mm_prefetch((const char *)(wb + KR_Q6_PF + 64), _MM_HINT_T0);
        _mm_prefetch((const char *)(wb + KR_Q6_PF + 128), _MM_HINT_T0);
        _mm_prefetch((const char *)(wb + KR_Q6_PF + 192), _MM_HINT_T0);
        __m512i a0 = _mm512_setzero_si512(), a1 = _mm512_setzero_si512();
        a0 = _mm512_dpbusd_epi32(a0, _mm512_xor_si512(_mm512_loadu_si512((const void *)wb), flip),
                                 _mm512_loadu_si512((const void *)xb));
        a1 = _mm512_dpbusd_epi32(a1, _mm512_xor_si512(_mm512_loadu_si512((const void *)(wb + 64)), flip),
                                 _mm512_loadu_si512((const void *)(xb + 64)));
        a0 = _mm512_dpbusd_epi32(a0, _mm512_xor_si512(_mm512_loadu_si512((const void *)(wb + 128)), flip),
                                 _mm512_loadu_si512((const void *)(xb + 128)));
        a1 = _mm512_dpbusd_epi32(a1, _mm512_xor_si512(_mm512_loadu_si512((const void *)(wb + 192)), flip),
                                 _mm512_loadu_si512((const void *)(xb + 192)));
        facc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_add_epi32(a0, a1)), _mm512_set1_ps(xq->d[b]), facc);
    }
    return _mm512_reduce_add_ps(facc) - xq->corr;
}

/*
 * Q8_0, two 34-byte blocks per step: their 2 x 32 int8 weights (XOR 0x80: unsigned w + 128) in one
 * register against 64 quantized x, the 128 * x part removed per lane with corr4, then lanes 0-7
 * scaled by block A's d times its x scale and lanes 8-15 by block B's.
 */
static float kr_row_q8_0_vnni(const uint8_t *w, const kr_head_xq *xq, size_t n)
{
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    __m512 facc = _mm512_setzero_ps();
    for (size_t k = 0; k < n; k += 64) {
        const uint8_t *ba = w + k / KR_Q8_0_BLOCK * KR_Q8_0_BYTES, *bb = ba + KR_Q8_0_BYTES;
        _mm_prefetch((const char *)(ba + KR_Q6_PF), _MM_HINT_T0);
        _mm_prefetch((const char *)(ba + KR_Q6_PF + 64), _MM_HINT_T0);
        const __m512i wv = _mm512_inserti64x4(
            _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(const void *)(ba + 2))),
            _mm256_loadu_si256((const __m256i *)(const void *)(bb + 2)), 1);
        __m512i p = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_xor_si512(wv, flip),
                                        _mm512_loadu_si512((const void *)(xq->q + k)));
        p = _mm512_sub_epi32(p, _mm512_loadu_si512((const void *)(xq->corr4 + k / 4)));
        uint16_t ha, hb;
        memcpy(&ha, ba, 2);
        memcpy(&hb, bb, 2);
        const float sa = _cvtsh_ss(ha) * xq->d[k / KR_Q8_0_BLOCK], sb = _cvtsh_ss(hb) * xq->d[k / KR_Q8_0_BLOCK + 1];
        const __m512 sv = _mm512_castpd_ps(
            _mm512_insertf64x4(_mm512_castps_pd(_mm512_set1_ps(sa)), _mm256_castps_pd(_mm256_set1_ps(sb)), 1));
        facc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(p), sv, facc);
    }
    return _mm512_reduce_add_ps(facc);
}

void kr_head_rows_q8_0_vnni(const kr_head *h, const kr_head_xq *xq, float *y, size_t r0, size_t r1)
{
    for (size_t r = r0; r < r1; r++)
        y[r] = kr_row_q8_0_vnni(h->data + r * h->row_bytes, xq, h->cols);
}

void kr_head_rows_int8_vnni(const kr_head *h, const kr_head_xq *xq, float *y, size_t r0, size_t r1)
{
    const size_t nb = h->cols / KR_Q6_K_BLOCK;
    for (size_t r = r0; r < r1; r++)
        y[r] = kr_row_int8_vnni(h->q8 + r * h->cols, xq, nb) * h->q8_scale[r];
}
#endif
