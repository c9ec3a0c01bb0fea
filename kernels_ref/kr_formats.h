/*
 * Exact converters between the canonical ternary matrix and the GGUF ternary encodings.
 *
 * All three encode the whole tensor as one flat sequence of rows*cols weights (row-major, K fastest),
 * exactly as the tensor data lies in a GGUF file.
 *
 * I2_S (Microsoft bitnet.cpp, x86 layout; GGUF type 36 in its fork): blocks of 128 weights in 32
 * bytes, byte j of a block = c[j]<<6 | c[j+32]<<4 | c[j+64]<<2 | c[j+96] with codes 0/1/2 = -1/0/+1,
 * then one f32 scale right after the n/4 code bytes, the rest of the tail zero. The tensor occupies
 * kr_i2s_bytes(n) = n/4 + 32 bytes as in bitnet.cpp. n must be a multiple of 128.
 *
 * TQ2_0 (llama.cpp, type 35): blocks of 256 weights, 66 bytes: qs[64] then an fp16 d.
 * Weight i of a block: byte (i/128)*32 + i%32, bits 2*((i%128)/32); code = value + 1.
 *
 * TQ1_0 (llama.cpp, type 34): blocks of 256 weights, 54 bytes: qs[48] (5 trits per byte, stored as
 * ceil(v * 256 / 243) of the base-3 number v), qh[4] (4 trits per byte), then an fp16 d.
 *
 * For TQ1_0 / TQ2_0 the per-block d is the tensor scale (llama.cpp's converter quantizes the
 * dequantized ternary tensor, so every block with a nonzero weight carries the same d). Decoding
 * returns KR_ERR_SCALE if two blocks with nonzero weights carry different d. Because d is fp16, a
 * canonical -> TQ -> canonical round trip is exact for the codes always and for the scale when it is
 * fp16-representable: use kr_scale_round_f16 on a scale before writing files in several encodings
 * that must give identical results.
 */
#ifndef KR_FORMATS_H
#define KR_FORMATS_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"
#include "kernels_ref/kr_ternary.h"

#define KR_I2S_BLOCK 128u
#define KR_I2S_TAIL 32u
#define KR_TQ_BLOCK 256u
#define KR_TQ2_BLOCK_BYTES 66u
#define KR_TQ1_BLOCK_BYTES 54u

/* Bytes a tensor of n weights occupies in each format, or 0 if n is not a whole number of blocks. */
size_t kr_i2s_bytes(size_t n);
size_t kr_tq2_bytes(size_t n);
size_t kr_tq1_bytes(size_t n);

/* Encoders: dst must hold kr_*_bytes(rows*cols) bytes (dst_len checked). */
kr_status kr_tern_to_i2s(const kr_tern *w, uint8_t *dst, size_t dst_len);
kr_status kr_tern_to_tq2(const kr_tern *w, uint8_t *dst, size_t dst_len);
kr_status kr_tern_to_tq1(const kr_tern *w, uint8_t *dst, size_t dst_len);

/* Decoders: allocate w (rows x cols) from src of src_len bytes; on error w is left empty. */
kr_status kr_tern_from_i2s(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len);
kr_status kr_tern_from_tq2(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len);
kr_status kr_tern_from_tq1(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len);

/* The nearest fp16-representable float (what TQ1_0 / TQ2_0 can store). */
float kr_scale_round_f16(float scale);

/* IEEE half <-> float, round-to-nearest-even (used by the TQ formats and by GGUF F16 tensors). */
uint16_t kr_f32_to_f16(float f);
float kr_f16_to_f32(uint16_t h);

#endif
