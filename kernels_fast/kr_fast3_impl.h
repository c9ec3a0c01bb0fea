/*
 * Internals of the base-3 layout (KR_LAYOUT_BASE3): 5 weights per byte, 1.6 bits a weight.
 *
 * Same panel structure as the 2-bit layout (kr_fast_kern_impl.h), so the same lane-per-row dot
 * products apply: rows in panels of 16, K padded to kp (a multiple of KR_FAST3_KG = 20) with zero
 * weights; a panel is kp/20 groups of 64 bytes. In group g, byte 4*l + b holds the five digits
 * d_i = w + 1 in {0, 1, 2} of row 16p + l at k = 20g + 4i + b, i = 0..4. Decoding digit plane i of
 * a group gives, in 32-bit lane l, the 4 weights of row l for k = 20g + 4i .. +3: the operand of
 * one VPDPBUSD / SDOT against x[20g + 4i .. +3] broadcast, as in the 2-bit layout (which has 4
 * planes per 16 k; this one 5 planes per 20 k).
 *
 * Which byte holds which five digits depends on the kernel that will read it (the matrix is
 * prepared for one kernel; both codes use every byte for 5 weights):
 *
 * - KR_FAST3_CODE_TQ1 (AVX2, AVX-512BW, NEON, scalar): TQ1_0's packing (llama.cpp's 1.6-bit
 *   type). The digits read as a base-3 number v = sum d_i 3^(4-i) (d_0 most significant), stored
 *   as ceil(v * 256 / 243). Multiplying by 3^i modulo 256 moves digit i to the top, where
 *   floor(3 r / 256) reads it: r_0 = c, r_{i+1} = 3 r_i mod 256 and d_i = [r_i >= 86] +
 *   [r_i >= 171], i.e. byte adds and two unsigned compares per digit, no table.
 * - KR_FAST3_CODE_LUT (AVX-512 VBMI): c = 64 h + 3 m + d_4 with 21 h + m = 27 d_0 + 9 d_1 +
 *   3 d_2 + d_3 (m <= 20, so c & 63 = 3 m + d_4 <= 62). Digits 0..3 come from one 256-entry
 *   byte table (two VPERMI2B and a blend on the top bit), digit 4 = (c & 63) mod 3 from a
 *   64-entry one (one VPERMB, which reads only the low 6 bits of each index): TQ1_0's code needs
 *   two 256-entry tables, and VPERMI2B is the costly instruction here (docs/kernels.md).
 *
 * Padding weights are 0 (digit 1); padding rows of the last panel are code 0.
 */
#ifndef KR_FAST3_IMPL_H
#define KR_FAST3_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_fast/kr_fast_kern_impl.h"

#define KR_FAST3_KG 20u     /* k per group (per row: 4 bytes x 5 digits) */
#define KR_FAST3_DIGITS 5u

typedef enum { KR_FAST3_CODE_TQ1 = 0, KR_FAST3_CODE_LUT } kr_fast3_code_kind;

/* Digit i (0..4) of TQ1 code c. */
static inline unsigned kr_fast3_digit(unsigned c, unsigned i)
{
    static const unsigned pow3[5] = {1, 3, 9, 27, 81};
    return ((c * pow3[i]) & 0xffu) * 3u >> 8;
}

/* The five digits of LUT code c (c & 63 <= 62 and 21 (c >> 6) + (c & 63) / 3 <= 80 for the codes
 * a matrix holds; other bytes decode to some digits in 0..3 and never occur). */
static inline void kr_fast3_digits_lut(unsigned c, uint8_t d[5])
{
    const unsigned l = c & 63u, n = 21u * (c >> 6) + l / 3u;
    d[0] = (uint8_t)(n / 27u % 4u);
    d[1] = (uint8_t)(n / 9u % 3u);
    d[2] = (uint8_t)(n / 3u % 3u);
    d[3] = (uint8_t)(n % 3u);
    d[4] = (uint8_t)(l % 3u);
}

/* Code of digits d[0..4] (each 0..2). */
static inline uint8_t kr_fast3_code(kr_fast3_code_kind kind, const uint8_t d[5])
{
    if (kind == KR_FAST3_CODE_LUT) {
        const unsigned n = 27u * d[0] + 9u * d[1] + 3u * d[2] + d[3];
        return (uint8_t)(64u * (n / 21u) + 3u * (n % 21u) + d[4]);
    }
    unsigned v = 0;
    for (unsigned i = 0; i < 5; i++)
        v = 3u * v + d[i];
    return (uint8_t)((v * 256u + 242u) / 243u);
}

/* The VBMI kernel's tables (KR_FAST3_CODE_LUT): t1[c] = d_0 | d_1 << 2 | d_2 << 4 | d_3 << 6 (the
 * 2-bit layout's four planes of a byte), t4[l] = l mod 3. Filled once by kr_fast3_tables_init,
 * which kr_fast_prepare_layout calls before any matrix of that code exists. */
extern uint8_t kr_fast3_t1[256], kr_fast3_t4[64];
void kr_fast3_tables_init(void);

void kr_fast3_kernel_scalar(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                            const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
#if defined(__x86_64__)
void kr_fast3_kernel_avx2(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                          const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
void kr_fast3_kernel_avx512(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                            const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
void kr_fast3_kernel_vbmi(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                          const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
#endif
#if defined(__aarch64__)
void kr_fast3_kernel_neon(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                          const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
#endif

/* Repacks w into fw's base-3 panels in the given byte code; fills kp, panels, panel_bytes,
 * packed. KR_ERR_CODE for an invalid canonical code. */
kr_status kr_fast3_pack(const kr_tern *w, struct kr_fast_w *fw, kr_fast3_code_kind kind);

#endif
