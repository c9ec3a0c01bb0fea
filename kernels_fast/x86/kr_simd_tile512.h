/*
 * The AVX-512 panel kernel body, shared by the VNNI and the plain AVX-512BW builds: the two differ
 * only in how four u8 x s8 products are summed into a 32-bit lane (KR_TILE_DOT). Included by
 * kr_fast_vnni.c and kr_fast_avx512.c, each compiled with its own target flags.
 * Expects KR_TILE_DOT(acc, u, xb) and KR_TILE_KERNEL (the function name) to be defined.
 */
#include <immintrin.h>
#include <string.h>

#include "kernels_fast/kr_fast_kern_impl.h"

/* Bytes ahead of the current group to prefetch: the hardware prefetcher alone leaves a decode GEMV
 * (one pass over weights that come from DRAM) well short of the bandwidth, and one core has to keep
 * DRAM latency x its bandwidth in flight; 4 KB ahead covers that with room to spare: single-thread
 * decode GEMVs were faster with it than with 1 KB and no faster with 8 KB (docs/kernels.md,
 * "Measured choices"). */
#ifndef KR_TILE_PREFETCH
#define KR_TILE_PREFETCH 4096
#endif

static inline __m512i kr_tile_bcast4(const int8_t *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}

/*
 * NP panels (rows of each panel in the 16 lanes of one register) times NB tokens. Two
 * accumulators per pair (even / odd j) halve the dependency chain through VPDPBUSD's latency.
 */
static inline __attribute__((always_inline)) void
kr_tile(const struct kr_fast_w *fw, size_t p, const int NP, const int8_t *x, size_t ldx, const int NB,
        const int32_t *sumx, int32_t *y, size_t ldy, size_t g0, size_t g1)
{
    const uint8_t *w0 = fw->packed + p * fw->panel_bytes;
    const __m512i m3 = _mm512_set1_epi8(3);
    __m512i acc[2][4][2];
#pragma GCC unroll 2
    for (int a = 0; a < NP; a++)
#pragma GCC unroll 4
        for (int t = 0; t < NB; t++)
            acc[a][t][0] = acc[a][t][1] = _mm512_setzero_si512();
    for (size_t g = g0; g < g1; g++) {
        __m512i u[2][4];
#pragma GCC unroll 2
        for (int a = 0; a < NP; a++) {
            const uint8_t *src = w0 + a * fw->panel_bytes + g * KR_FAST_GROUP_BYTES;
            _mm_prefetch((const char *)(src + KR_TILE_PREFETCH), _MM_HINT_T0);
            const __m512i v = _mm512_load_si512((const void *)src);
            u[a][0] = _mm512_and_si512(v, m3);
            u[a][1] = _mm512_and_si512(_mm512_srli_epi16(v, 2), m3);
            u[a][2] = _mm512_and_si512(_mm512_srli_epi16(v, 4), m3);
            u[a][3] = _mm512_and_si512(_mm512_srli_epi16(v, 6), m3);
        }
#pragma GCC unroll 4
        for (int t = 0; t < NB; t++) {
            const int8_t *xg = x + (size_t)t * ldx + g * KR_FAST_KG;
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++) {
                const __m512i xb = kr_tile_bcast4(xg + 4 * j);
#pragma GCC unroll 2
                for (int a = 0; a < NP; a++)
                    KR_TILE_DOT(acc[a][t][j & 1], u[a][j], xb);
            }
        }
    }
#pragma GCC unroll 2
    for (int a = 0; a < NP; a++) {
        const size_t m0 = (p + (size_t)a) * KR_FAST_PR;
        const size_t cnt = fw->rows - m0 < KR_FAST_PR ? fw->rows - m0 : KR_FAST_PR;
        const __mmask16 mk = (__mmask16)((1u << cnt) - 1u);
#pragma GCC unroll 4
        for (int t = 0; t < NB; t++) {
            __m512i r = _mm512_add_epi32(acc[a][t][0], acc[a][t][1]);
            int32_t *yt = y + (size_t)t * ldy + m0;
            /* The first K chunk stores, later chunks add to the partial sums already in y. */
            r = g0 == 0 ? _mm512_sub_epi32(r, _mm512_set1_epi32(sumx[t]))
                        : _mm512_add_epi32(r, _mm512_maskz_loadu_epi32(mk, yt));
            _mm512_mask_storeu_epi32(yt, mk, r);
        }
    }
}

/*
 * Decode (one token, one panel): the planes are masked in place instead of shifted down, so plane j holds
 * 4^j * c and feeds its own accumulator; the scales are divided out exactly at the end. That is 4
 * instead of 7 bit operations per 64 bytes, which matters because one core only just keeps up with
 * DRAM. |4^3 * sum| <= 64 * 256 * kp / 4 stays inside int32 for kp < 2^19 (the caller checks).
 */
static inline void kr_tile_gemv(const struct kr_fast_w *fw, size_t p, const int8_t *x, const int32_t *sumx,
                                int32_t *y)
{
    const size_t groups = fw->kp / KR_FAST_KG;
    const uint8_t *w0 = fw->packed + p * fw->panel_bytes;
    /* Two sets of plane accumulators (even / odd groups) so no VPDPBUSD waits for the previous one. */
    __m512i acc[2][4];
    const __m512i mk[4] = {_mm512_set1_epi8(0x03), _mm512_set1_epi8(0x0c), _mm512_set1_epi8(0x30),
                           _mm512_set1_epi8((char)0xc0)};
#pragma GCC unroll 4
    for (int j = 0; j < 4; j++)
        acc[0][j] = acc[1][j] = _mm512_setzero_si512();
    size_t g = 0;
    for (; g + 2 <= groups; g += 2) {
        const uint8_t *src = w0 + g * KR_FAST_GROUP_BYTES;
        _mm_prefetch((const char *)(src + KR_TILE_PREFETCH), _MM_HINT_T0);
        _mm_prefetch((const char *)(src + KR_TILE_PREFETCH + 64), _MM_HINT_T0);
#pragma GCC unroll 2
        for (int e = 0; e < 2; e++) {
            const __m512i v = _mm512_load_si512((const void *)(src + e * KR_FAST_GROUP_BYTES));
            const int8_t *xg = x + (g + (size_t)e) * KR_FAST_KG;
#pragma GCC unroll 4
            for (int j = 0; j < 4; j++)
                KR_TILE_DOT(acc[e][j], _mm512_and_si512(v, mk[j]), kr_tile_bcast4(xg + 4 * j));
        }
    }
    if (g < groups) {
        const __m512i v = _mm512_load_si512((const void *)(w0 + g * KR_FAST_GROUP_BYTES));
#pragma GCC unroll 4
        for (int j = 0; j < 4; j++)
            KR_TILE_DOT(acc[0][j], _mm512_and_si512(v, mk[j]), kr_tile_bcast4(x + g * KR_FAST_KG + 4 * j));
    }
    __m512i a[4];
#pragma GCC unroll 4
    for (int j = 0; j < 4; j++)
        a[j] = _mm512_add_epi32(acc[0][j], acc[1][j]);
    const size_t m0 = p * KR_FAST_PR;
    const size_t cnt = fw->rows - m0 < KR_FAST_PR ? fw->rows - m0 : KR_FAST_PR;
    const __mmask16 mk16 = (__mmask16)((1u << cnt) - 1u);
    __m512i r = _mm512_add_epi32(a[0], _mm512_srai_epi32(a[1], 2));
    r = _mm512_add_epi32(r, _mm512_add_epi32(_mm512_srai_epi32(a[2], 4), _mm512_srai_epi32(a[3], 6)));
    _mm512_mask_storeu_epi32(y + m0, mk16, _mm512_sub_epi32(r, _mm512_set1_epi32(sumx[0])));
}

#define KR_TILE_GEMV_MAX_KP ((size_t)1 << 19)

#define KR_TILE_NB(NP, G0, G1)                                                                      \
    do {                                                                                            \
        size_t t = 0;                                                                               \
        for (; t + 4 <= n; t += 4)                                                                  \
            kr_tile(fw, p, NP, x + t * ldx, ldx, 4, sumx + t, y + t * ldy, ldy, G0, G1);            \
        switch (n - t) {                                                                            \
        case 3: kr_tile(fw, p, NP, x + t * ldx, ldx, 3, sumx + t, y + t * ldy, ldy, G0, G1); break; \
        case 2: kr_tile(fw, p, NP, x + t * ldx, ldx, 2, sumx + t, y + t * ldy, ldy, G0, G1); break; \
        case 1: kr_tile(fw, p, NP, x + t * ldx, ldx, 1, sumx + t, y + t * ldy, ldy, G0, G1); break; \
        default: break;                                                                             \
        }                                                                                           \
    } while (0)

/* With several token blocks, K is walked in chunks so a panel pair's chunk of weights (16 KB) stays
 * in L1 while every token block uses it; one token block (decode) streams K in one pass. */
#define KR_TILE_KCHUNK 128 /* groups of 16 k */

void KR_TILE_KERNEL(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx, const int32_t *sumx,
                    int32_t *y, size_t ldy, size_t p0, size_t p1)
{
    const size_t groups = fw->kp / KR_FAST_KG;
    const size_t kc = n > 4 ? KR_TILE_KCHUNK : groups;
    size_t p = p0;
    if (n == 1 && fw->kp < KR_TILE_GEMV_MAX_KP) {
        /* One panel at a time: one core reads a single sequential weight stream from DRAM faster
         * than two interleaved ones (docs/kernels.md, "Measured choices"). */
        for (; p < p1; p++)
            kr_tile_gemv(fw, p, x, sumx, y);
        return;
    }
    for (; p + 2 <= p1; p += 2)
        for (size_t g0 = 0; g0 < groups; g0 += kc)
            KR_TILE_NB(2, g0, g0 + kc < groups ? g0 + kc : groups);
    for (; p < p1; p++)
        for (size_t g0 = 0; g0 < groups; g0 += kc)
            KR_TILE_NB(1, g0, g0 + kc < groups ? g0 + kc : groups);
}
