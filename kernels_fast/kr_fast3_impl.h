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
 * A byte is the code of TQ1_0's packing (llama.cpp's 1.6-bit type): the digits read as a base-3
 * number v = sum d_i 3^(4-i) (d_0 most significant), stored as ceil(v * 256 / 243). Multiplying by
 * 3^i modulo 256 moves digit i to the top, where floor(3 r / 256) reads it: digit i of code c is
 * floor(3 * ((3^i c) mod 256) / 256). So r_0 = c, r_{i+1} = 3 r_i mod 256 and d_i = [r_i >= 86] +
 * [r_i >= 171]: the kernels without a byte table (AVX2, AVX-512BW, NEON, scalar) decode with byte
 * adds and two unsigned compares per digit, the AVX-512 VBMI kernel with two 256-entry byte tables
 * (built in registers by that decoding when the kernel starts). Padding weights are 0 (digit 1); padding rows of the last panel are code 0.
 */
#ifndef KR_FAST3_IMPL_H
#define KR_FAST3_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_fast/kr_fast_kern_impl.h"

#define KR_FAST3_KG 20u     /* k per group (per row: 4 bytes x 5 digits) */
#define KR_FAST3_DIGITS 5u

/* Digit i (0..4) of code c. */
static inline unsigned kr_fast3_digit(unsigned c, unsigned i)
{
    static const unsigned pow3[5] = {1, 3, 9, 27, 81};
    return ((c * pow3[i]) & 0xffu) * 3u >> 8;
}

/* Code of digits d[0..4] (each 0..2). */
static inline uint8_t kr_fast3_code(const uint8_t d[5])
{
    unsigned v = 0;
    for (unsigned i = 0; i < 5; i++)
        v = 3u * v + d[i];
    return (uint8_t)((v * 256u + 242u) / 243u);
}

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

/* Repacks w (validated by the caller) into fw's base-3 panels; fills kp, panels, panel_bytes, packed. */
kr_status kr_fast3_pack(const kr_tern *w, struct kr_fast_w *fw);

#endif
