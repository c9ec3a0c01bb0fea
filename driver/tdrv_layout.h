/*
 * Device-native weight layout: a ternary matrix converted once into the tile stream the accelerator reads.
 *
 * The matrix (M x K) is cut into tiles of cols (M) x rows (K), zero padded at the right and bottom
 * edges. Tiles are stored in the order the device consumes them: M tile major, K tile minor
 * (tile (mt, kt) at index mt * ceil(K/rows) + kt). Inside a tile, the code of array row r (k = kt*rows
 * + r) and column c (m = mt*cols + c) is at bit 2*(r*cols + c), little end first, with the device's
 * codes (00 = 0, 01 = +1, 11 = -1). One tile is a whole number of bus beats, so the stream is a
 * single linear read.
 */
#ifndef TDRV_LAYOUT_H
#define TDRV_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "driver/tdrv_hwcfg.h"

/* The codes the array reads: 2-bit two's complement, bit 1 "negate", bit 0 "nonzero". */
#define TDRV_CODE_ZERO 0x0u
#define TDRV_CODE_POS 0x1u
#define TDRV_CODE_NEG 0x3u
#define TDRV_CODE_BAD 0x2u

/* A ternary M x K matrix in the driver's terms: row m of K codes starts at codes + m * stride, weight k
 * of a row in byte k / 4 at bits 2 * (k % 4). stride >= ceil(cols / 4). */
typedef struct {
    const uint8_t *codes;
    size_t rows, cols, stride;
} tdrv_codes;

/* Bytes of the packed weights of an m x k matrix; 0 if the sizes or the configuration are invalid. */
size_t tdrv_layout_bytes(const tdrv_hwcfg *c, size_t m, size_t k);

/* Packs w into dst (len >= tdrv_layout_bytes). Returns 0, or -1 on a bad argument or invalid code. */
int tdrv_layout_pack(const tdrv_hwcfg *c, const tdrv_codes *w, uint8_t *dst, size_t len);

/* Weight-stream formats: 2-bit codes (the layout above), or base-3 bytes (CMD_FLAGS_WFMT_BASE3): the
 * same weights in the same order, five per byte, byte = sum of (weight_i + 1) * 3^i for i < 5, tiles
 * back to back with no padding, the stream padded to whole bus beats with zero weights. 1.6 bits per
 * weight instead of 2. A device decodes the formats its CFG_WFORMATS names. */
typedef enum { TDRV_WFMT_2BIT = 0, TDRV_WFMT_BASE3 = 1 } tdrv_wfmt;

/* The CMD_FLAGS bits of a command whose weights are in format f. */
uint32_t tdrv_wfmt_flags(tdrv_wfmt f);
/* 1 if a device of configuration c decodes f. */
int tdrv_wfmt_supported(const tdrv_hwcfg *c, tdrv_wfmt f);
/* "2bit" or "base3". */
const char *tdrv_wfmt_name(tdrv_wfmt f);
/* The format tdrv_wfmt_name calls s: 0, or -1 when s names none. */
int tdrv_wfmt_parse(const char *s, tdrv_wfmt *out);
/* tdrv_layout_bytes / tdrv_layout_pack in format f. */
size_t tdrv_layout_bytes_fmt(const tdrv_hwcfg *c, tdrv_wfmt f, size_t m, size_t k);
int tdrv_layout_pack_fmt(const tdrv_hwcfg *c, tdrv_wfmt f, const tdrv_codes *w, uint8_t *dst, size_t len);

/* The inverse, as the device reads a stream: the m x k matrix whose weights src (len bytes in format
 * f) holds, into codes (m rows of `stride` bytes, zeroed here), the way tdrv_codes holds them. A 2-bit
 * code 10 is a zero, as the array treats it. Returns 0; 1 when a base-3 byte is above 242 (the device
 * refuses the stream), with its offset in *bad_byte; -1 on a bad argument or a short stream. */
int tdrv_layout_unpack_fmt(const tdrv_hwcfg *c, tdrv_wfmt f, const uint8_t *src, size_t len, size_t m, size_t k,
                           uint8_t *codes, size_t stride, size_t *bad_byte);

#endif
