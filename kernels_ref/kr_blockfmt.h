/*
 * Float block formats used for embeddings / the output head in GGUF files: F16, BF16, Q8_0, Q6_K
 * (ggml layouts). Decoders are exact; encoders produce valid blocks (not necessarily ggml's choices).
 *   Q8_0: 32 weights in 34 bytes: fp16 d, int8 qs[32]; x = d * q.
 *   Q6_K: 256 weights in 210 bytes: ql[128] (low 4 bits), qh[64] (high 2 bits), int8 scales[16], fp16 d;
 *         x = d * scales[i/16] * (q6 - 32), in ggml's interleaved order.
 */
#ifndef KR_BLOCKFMT_H
#define KR_BLOCKFMT_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"

#define KR_Q8_0_BLOCK 32u
#define KR_Q8_0_BYTES 34u
#define KR_Q6_K_BLOCK 256u
#define KR_Q6_K_BYTES 210u

void kr_f16_to_f32_row(const uint16_t *src, float *dst, size_t n);
void kr_bf16_to_f32_row(const uint16_t *src, float *dst, size_t n);
uint16_t kr_f32_to_bf16(float f);

/* n must be a multiple of the block; src_len / dst_len are checked against the format's size. */
kr_status kr_q8_0_to_f32(const uint8_t *src, size_t src_len, float *dst, size_t n);
kr_status kr_q8_0_from_f32(const float *src, size_t n, uint8_t *dst, size_t dst_len);
kr_status kr_q6_k_to_f32(const uint8_t *src, size_t src_len, float *dst, size_t n);
kr_status kr_q6_k_from_f32(const float *src, size_t n, uint8_t *dst, size_t dst_len);

#endif
