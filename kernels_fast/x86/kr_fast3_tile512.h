/*
 * The AVX-512 base-3 panel kernel body (layout: kr_fast3_impl.h), shared by the VBMI + VNNI build
 * (LUT code, byte-table decoding, VPDPBUSD) and the AVX-512BW build (TQ1 code, decoding by
 * compares, VPMADDUBSW + VPMADDWD). Included by kr_fast3_vbmi.c and kr_fast3_avx512.c, each compiled with its own flags.
 * Expects KR3_DOT(acc, u, xb), KR3_KERNEL (the function name) and KR3_VBMI (0 or 1).
 */
#include <immintrin.h>
#include <string.h>

#include "kernels_fast/kr_fast3_impl.h"

/* As the 2-bit decode kernel: one core must keep DRAM latency x bandwidth in flight
 * (docs/kernels.md, "Measured choices"). */
#ifndef KR_TILE_PREFETCH
#define KR_TILE_PREFETCH 4096
#endif

static inline __m512i kr3_bcast4(const int8_t *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

/* The digit read at the top of r: floor(3 r / 256) = [r >= 86] + [r >= 171]. */
static inline __m512i kr3_digit(__m512i r)
{
    const __mmask64 k1 = _mm512_cmpge_epu8_mask(r, _mm512_set1_epi8(86));
    const __mmask64 k2 = _mm512_cmpge_epu8_mask(r, _mm512_set1_epi8((char)171));
    return _mm512_mask_mov_epi8(_mm512_maskz_mov_epi8(k1, _mm512_set1_epi8(1)), k2, _mm512_set1_epi8(2));
}

/* The five digit planes (0..2 per byte) of 64 codes by arithmetic: r <- 3 r mod 256 brings the next
 * digit to the top. */
static inline void kr3_planes_arith(__m512i v, __m512i u[5])
{
    __m512i r = v;
#pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        u[i] = kr3_digit(r);
        if (i < 4)
            r = _mm512_add_epi8(_mm512_add_epi8(r, r), r);
    }
}

#if KR3_VBMI
/* The LUT code's tables (kr_fast3_impl.h) in 5 registers, loaded once per call: a VPERMI2B looks
 * up 128 entries of t1, the code's top bit picks one of the two results; VPERMB reads digit 4
 * from the 64-entry t4. */
typedef struct {
    __m512i t1[4], t4;
} kr3_dec;

static inline void kr3_dec_init(kr3_dec *D)
{
    for (int q = 0; q < 4; q++)
        D->t1[q] = _mm512_loadu_si512((const void *)(kr_fast3_t1 + 64 * q));
    D->t4 = _mm512_loadu_si512((const void *)kr_fast3_t4);
}

static inline __m512i kr3_lookup(const __m512i t[4], __m512i v, __mmask64 hi)
{
    return _mm512_mask_blend_epi8(hi, _mm512_permutex2var_epi8(t[0], v, t[1]), _mm512_permutex2var_epi8(t[2], v, t[3]));
}

/* Planes 0..2 (GEMM: every plane feeds the same accumulators). */
static inline void kr3_planes(const kr3_dec *D, __m512i v, __m512i u[5])
{
    const __m512i a = kr3_lookup(D->t1, v, _mm512_movepi8_mask(v)), m3 = _mm512_set1_epi8(3);
    u[0] = _mm512_and_si512(a, m3);
    u[1] = _mm512_and_si512(_mm512_srli_epi16(a, 2), m3);
    u[2] = _mm512_and_si512(_mm512_srli_epi16(a, 4), m3);
    u[3] = _mm512_and_si512(_mm512_srli_epi16(a, 6), m3);
    u[4] = _mm512_permutexvar_epi8(v, D->t4);
}

/* Decode (GEMV): planes 0..3 masked in place (4^i times the digit, each in its own accumulator,
 * the scale shifted out at the end): 4 instead of 7 bit operations, as in the 2-bit decode kernel. */
static inline void kr3_gemv_planes(const kr3_dec *D, __m512i v, __m512i u[5])
{
    const __m512i a = kr3_lookup(D->t1, v, _mm512_movepi8_mask(v));
    u[0] = _mm512_and_si512(a, _mm512_set1_epi8(0x03));
    u[1] = _mm512_and_si512(a, _mm512_set1_epi8(0x0c));
    u[2] = _mm512_and_si512(a, _mm512_set1_epi8(0x30));
    u[3] = _mm512_and_si512(a, _mm512_set1_epi8((char)0xc0));
    u[4] = _mm512_permutexvar_epi8(v, D->t4);
}
static const int kr3_gemv_sh[5] = {0, 2, 4, 6, 0};
#else
typedef struct {
    int unused;
} kr3_dec;
static inline void kr3_dec_init(kr3_dec *D) { D->unused = 0; }
static inline void kr3_planes(const kr3_dec *D, __m512i v, __m512i u[5])
{
    (void)D;
    kr3_planes_arith(v, u);
}
#define kr3_gemv_planes kr3_planes
static const int kr3_gemv_sh[5] = {0, 0, 0, 0, 0};
#endif

/* Lane mask of the valid rows of panel p (the last panel may be partial). */
static inline __mmask16 kr3_rows_mask(const struct kr_fast_w *fw, size_t p)
{
    const size_t m0 = p * KR_FAST_PR;
    const size_t cnt = fw->rows - m0 < KR_FAST_PR ? fw->rows - m0 : KR_FAST_PR;
    return (__mmask16)((1u << cnt) - 1u);
}

/*
 * Decode (one token, one panel: one sequential weight stream, as the 2-bit decode kernel). Two sets
 * of plane accumulators (even / odd groups) so no dot product waits for the previous one.
 * |64 * sum| <= 64 * 2 * 128 * 4 * kp / 20 stays inside int32 for kp < 2^19 (the caller checks).
 */
static inline void kr3_gemv(const kr3_dec *D, const struct kr_fast_w *fw, size_t p, const int8_t *x,
                            const int32_t *sumx, int32_t *y)
{
    const size_t groups = fw->kp / KR_FAST3_KG;
    const uint8_t *w0 = fw->packed + p * fw->panel_bytes;
    __m512i acc[2][5];
#pragma GCC unroll 5
    for (int j = 0; j < 5; j++)
        acc[0][j] = acc[1][j] = _mm512_setzero_si512();
    size_t g = 0;
    for (; g + 2 <= groups; g += 2) {
        const uint8_t *src = w0 + g * KR_FAST_GROUP_BYTES;
        _mm_prefetch((const char *)(src + KR_TILE_PREFETCH), _MM_HINT_T0);
        _mm_prefetch((const char *)(src + KR_TILE_PREFETCH + 64), _MM_HINT_T0);
#pragma GCC unroll 2
        for (int e = 0; e < 2; e++) {
            __m512i u[5];
            kr3_gemv_planes(D, _mm512_load_si512((const void *)(src + e * KR_FAST_GROUP_BYTES)), u);
            const int8_t *xg = x + (g + (size_t)e) * KR_FAST3_KG;
#pragma GCC unroll 5
            for (int j = 0; j < 5; j++)
                KR3_DOT(acc[e][j], u[j], kr3_bcast4(xg + 4 * j));
        }
    }
    if (g < groups) {
        __m512i u[5];
        kr3_gemv_planes(D, _mm512_load_si512((const void *)(w0 + g * KR_FAST_GROUP_BYTES)), u);
#pragma GCC unroll 5
        for (int j = 0; j < 5; j++)
            KR3_DOT(acc[0][j], u[j], kr3_bcast4(x + g * KR_FAST3_KG + 4 * j));
    }
    __m512i r = _mm512_set1_epi32(-sumx[0]);
#pragma GCC unroll 5
    for (int j = 0; j < 5; j++)
        r = _mm512_add_epi32(r, _mm512_srai_epi32(_mm512_add_epi32(acc[0][j], acc[1][j]), (unsigned)kr3_gemv_sh[j]));
    _mm512_mask_storeu_epi32(y + p * KR_FAST_PR, kr3_rows_mask(fw, p), r);
}

/*
 * One panel x NB tokens over groups [g0, g1): the panel's planes are decoded once per group and
 * used for every token; two accumulators per token (even / odd planes) hide VPDPBUSD's latency.
 */
static inline __attribute__((always_inline)) void
kr3_tile(const kr3_dec *D, const struct kr_fast_w *fw, size_t p, const int8_t *x, size_t ldx, const int NB,
         const int32_t *sumx, int32_t *y, size_t ldy, size_t g0, size_t g1)
{
    const uint8_t *w0 = fw->packed + p * fw->panel_bytes;
    __m512i acc[4][2];
#pragma GCC unroll 4
    for (int t = 0; t < NB; t++)
        acc[t][0] = acc[t][1] = _mm512_setzero_si512();
    for (size_t g = g0; g < g1; g++) {
        const uint8_t *src = w0 + g * KR_FAST_GROUP_BYTES;
        _mm_prefetch((const char *)(src + KR_TILE_PREFETCH), _MM_HINT_T0);
        __m512i u[5];
        kr3_planes(D, _mm512_load_si512((const void *)src), u);
#pragma GCC unroll 4
        for (int t = 0; t < NB; t++) {
            const int8_t *xg = x + (size_t)t * ldx + g * KR_FAST3_KG;
#pragma GCC unroll 5
            for (int j = 0; j < 5; j++)
                KR3_DOT(acc[t][j & 1], u[j], kr3_bcast4(xg + 4 * j));
        }
    }
    const __mmask16 mk = kr3_rows_mask(fw, p);
#pragma GCC unroll 4
    for (int t = 0; t < NB; t++) {
        __m512i r = _mm512_add_epi32(acc[t][0], acc[t][1]);
        int32_t *yt = y + (size_t)t * ldy + p * KR_FAST_PR;
        /* The first K chunk stores, later chunks add to the partial sums already in y. */
        r = g0 == 0 ? _mm512_sub_epi32(r, _mm512_set1_epi32(sumx[t]))
                    : _mm512_add_epi32(r, _mm512_maskz_loadu_epi32(mk, yt));
        _mm512_mask_storeu_epi32(yt, mk, r);
    }
}

#define KR3_GEMV_MAX_KP ((size_t)1 << 19)
/* With several token blocks, K is walked in chunks so a panel's chunk of weights (16 KB) stays in
 * L1 while every token block uses it. */
#define KR3_KCHUNK 256 /* groups of 20 k */

void KR3_KERNEL(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx, const int32_t *sumx,
                int32_t *y, size_t ldy, size_t p0, size_t p1)
{
    kr3_dec D;
    kr3_dec_init(&D);
    const size_t groups = fw->kp / KR_FAST3_KG;
    if (n == 1 && fw->kp < KR3_GEMV_MAX_KP) {
        for (size_t p = p0; p < p1; p++)
            kr3_gemv(&D, fw, p, x, sumx, y);
        return;
    }
    const size_t kc = n > 4 ? KR3_KCHUNK : groups;
    for (size_t p = p0; p < p1; p++)
        for (size_t g0 = 0; g0 < groups; g0 += kc) {
            const size_t g1 = g0 + kc < groups ? g0 + kc : groups;
            size_t t = 0;
            for (; t + 4 <= n; t += 4)
                kr3_tile(&D, fw, p, x + t * ldx, ldx, 4, sumx + t, y + t * ldy, ldy, g0, g1);
            switch (n - t) {
            case 3: kr3_tile(&D, fw, p, x + t * ldx, ldx, 3, sumx + t, y + t * ldy, ldy, g0, g1); break;
            case 2: kr3_tile(&D, fw, p, x + t * ldx, ldx, 2, sumx + t, y + t * ldy, ldy, g0, g1); break;
            case 1: kr3_tile(&D, fw, p, x + t * ldx, ldx, 1, sumx + t, y + t * ldy, ldy, g0, g1); break;
            default: break;
            }
        }
}
