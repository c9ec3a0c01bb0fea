/*
 * Internals of kr_fast: the packed weight layout and the per-ISA panel kernels.
 *
 * Layout (one for every ISA, so a prepared matrix runs on any kernel): rows are grouped in panels
 * of KR_FAST_PR = 16 rows, K is padded to Kp (a multiple of KR_FAST_KG = 16) with zero weights.
 * A panel is Kp/16 groups of 64 bytes. In group g of panel p, byte 4*l + b holds four 2-bit codes
 * c = w + 1 in {0, 1, 2}; bits 2j..2j+1 are the weight of row 16p + l at k = 16g + 4j + b.
 * Shifting a 64-byte group right by 2j and masking with 3 gives, for every row l, the 4 weights of
 * k = 16g + 4j .. +3 in the 4 bytes of 32-bit lane l: exactly the operand of one VPDPBUSD (AVX-512
 * VNNI), VPMADDUBSW + VPMADDWD (AVX2 / AVX-512BW) or SDOT (NEON) against x[16g + 4j .. +3]
 * broadcast to every lane, so each lane accumulates its own output row and no horizontal sums
 * are needed. The +1 offset makes the weight operand unsigned (VPDPBUSD multiplies u8 by s8);
 * sum_k (w + 1) x = y + sum_k x, so each kernel subtracts the token's sum of x at the end.
 */
#ifndef KR_FAST_KERN_IMPL_H
#define KR_FAST_KERN_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_fast/kr_fast.h"

#define KR_FAST_PR 16u
#define KR_FAST_KG 16u
#define KR_FAST_GROUP_BYTES 64u

/*
 * Computes panels [p0, p1) for n tokens: y[t*ldy + m] for every valid row m of those panels.
 * x: n rows of at least kp readable bytes (zero past cols), stride ldx; sumx[t] = sum of row t.
 */
struct kr_fast_w;
typedef void (*kr_fast_kernel)(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                               const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);

struct kr_fast_w {
    kr_isa isa;
    kr_fast_layout layout;
    size_t rows, cols, kp, panels;
    size_t panel_bytes; /* 2-bit: kp * 4 (16 rows of kp codes); base-3: kp / 20 groups of 64 bytes */
    uint8_t *packed;    /* panels * panel_bytes, 64-byte aligned */
    kr_fast_kernel kern; /* chosen at prepare time from the layout, the ISA and the CPU */
    const char *kname;
    int code;            /* base-3: the byte code kern reads (kr_fast3_code_kind) */
};

void kr_fast_kernel_scalar(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                           const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
#if defined(__x86_64__)
void kr_fast_kernel_avx2(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                         const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
void kr_fast_kernel_avx512(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                           const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
void kr_fast_kernel_vnni(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                         const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
#endif
#if defined(__aarch64__)
void kr_fast_kernel_neon(const struct kr_fast_w *fw, const int8_t *x, size_t n, size_t ldx,
                         const int32_t *sumx, int32_t *y, size_t ldy, size_t p0, size_t p1);
#endif

/* Stores the 16 lane results of a panel, skipping rows past the matrix (the last panel). */
static inline void kr_fast_store_panel(const struct kr_fast_w *fw, size_t p, const int32_t acc[16],
                                       int32_t sumx, int32_t *yrow)
{
    size_t m0 = p * KR_FAST_PR, cnt = fw->rows - m0 < KR_FAST_PR ? fw->rows - m0 : KR_FAST_PR;
    for (size_t l = 0; l < cnt; l++)
        yrow[m0 + l] = (int32_t)((uint32_t)acc[l] - (uint32_t)sumx);
}

#endif
