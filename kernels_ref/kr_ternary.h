/*
 * The canonical in-memory ternary matrix.
 *
 * A rows x cols matrix W (rows = output features M, cols = input features K, as a GGUF tensor with
 * ne[0] = K) of values in {-1, 0, +1} and one float scale. Each row is stored as 2-bit codes, four
 * per byte, weight k of a row in byte k/4 at bits 2*(k%4) (little end first). Rows start on byte
 * boundaries: row stride = kr_tern_row_bytes(cols) = ceil(cols / 4); unused tail codes are 00.
 *
 * Codes are the 2-bit two's-complement value, so hardware reads them without a table:
 *   00 = 0, 01 = +1, 11 = -1, 10 = invalid (rejected by every converter).
 * Bit 1 is "negate", bit 0 is "nonzero": a processing element adds, subtracts or passes.
 */
#ifndef KR_TERNARY_H
#define KR_TERNARY_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"

#define KR_CODE_ZERO 0x0u
#define KR_CODE_POS 0x1u
#define KR_CODE_NEG 0x3u
#define KR_CODE_BAD 0x2u

typedef struct {
    size_t rows;      /* M: output features */
    size_t cols;      /* K: input features */
    size_t stride;    /* bytes per row, == kr_tern_row_bytes(cols) */
    float scale;      /* the tensor scale: real weight = value * scale */
    uint8_t *codes;   /* rows * stride bytes, owned by the matrix */
} kr_tern;

static inline size_t kr_tern_row_bytes(size_t cols) { return (cols + 3u) / 4u; }

/* Allocates an all-zero matrix (scale 1). rows, cols >= 1; rejects sizes whose bytes overflow. */
kr_status kr_tern_alloc(kr_tern *w, size_t rows, size_t cols);
void kr_tern_free(kr_tern *w);

/* Value of W[r][c] in {-1, 0, +1} (no bounds check: for loops that already checked). */
static inline int kr_tern_get(const kr_tern *w, size_t r, size_t c)
{
    unsigned code = (w->codes[r * w->stride + c / 4u] >> (2u * (c % 4u))) & 3u;
    return code == KR_CODE_POS ? 1 : (code == KR_CODE_NEG ? -1 : 0);
}
/* Sets W[r][c] to v in {-1, 0, +1}. */
static inline void kr_tern_set(kr_tern *w, size_t r, size_t c, int v)
{
    uint8_t *b = &w->codes[r * w->stride + c / 4u];
    unsigned sh = 2u * (c % 4u);
    unsigned code = v > 0 ? KR_CODE_POS : (v < 0 ? KR_CODE_NEG : KR_CODE_ZERO);
    *b = (uint8_t)((*b & ~(3u << sh)) | (code << sh));
}

/* Checks every code is valid and tail codes are zero. */
kr_status kr_tern_validate(const kr_tern *w);

/*
 * Absmean ternarization (BitNet b1.58): scale = mean|W| (over all rows*cols entries; clamped to at
 * least 1e-5 so an all-zero matrix is representable), w = clamp(round_half_even(W / scale), -1, 1).
 * W is row-major rows x cols floats. Rejects non-finite input.
 */
kr_status kr_tern_from_float(kr_tern *w, const float *W, size_t rows, size_t cols);

/* Writes value * scale into out (rows x cols floats, row-major). */
kr_status kr_tern_to_float(const kr_tern *w, float *out, size_t out_len);

#endif
