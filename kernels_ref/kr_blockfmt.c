/*
 * F16 / BF16 rows and the Q8_0 / Q6_K block codecs (ggml layouts, see kr_blockfmt.h).
 * The decoders evaluate d * scale * q in the same order and precision as ggml's reference
 * dequantizers, so a head computed from them matches llama.cpp's CPU path bit for bit.
 */
#include <math.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"

void kr_f16_to_f32_row(const uint16_t *src, float *dst, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = kr_f16_to_f32(src[i]);
}

void kr_bf16_to_f32_row(const uint16_t *src, float *dst, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t bits = (uint32_t)src[i] << 16;
        memcpy(&dst[i], &bits, sizeof bits);
    }
}

uint16_t kr_f32_to_bf16(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    if ((bits & 0x7fffffffu) > 0x7f800000u)
        return (uint16_t)((bits >> 16) | 0x40u); /* keep NaN a NaN after truncation (quiet bit) */
    bits += 0x7fffu + ((bits >> 16) & 1u);       /* round to nearest, ties to even */
    return (uint16_t)(bits >> 16);
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

static kr_status check_blocks(const void *a, const void *b, size_t n, size_t block, size_t bytes,
                              size_t have)
{
    if (!a || !b)
        return KR_ERR_NULL;
    if (n == 0 || n % block != 0)
        return KR_ERR_SIZE;
    if (have < n / block * bytes)
        return KR_ERR_BUFFER;
    return KR_OK;
}

kr_status kr_q8_0_to_f32(const uint8_t *src, size_t src_len, float *dst, size_t n)
{
    kr_status st = check_blocks(src, dst, n, KR_Q8_0_BLOCK, KR_Q8_0_BYTES, src_len);
    if (st != KR_OK)
        return st;
    for (size_t b = 0; b < n / KR_Q8_0_BLOCK; b++) {
        const uint8_t *blk = src + b * KR_Q8_0_BYTES;
        const float d = kr_f16_to_f32(rd16(blk));
        const int8_t *qs = (const int8_t *)(blk + 2);
        for (size_t j = 0; j < KR_Q8_0_BLOCK; j++)
            dst[b * KR_Q8_0_BLOCK + j] = qs[j] * d;
    }
    return KR_OK;
}

static int all_finite(const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

kr_status kr_q8_0_from_f32(const float *src, size_t n, uint8_t *dst, size_t dst_len)
{
    kr_status st = check_blocks(src, dst, n, KR_Q8_0_BLOCK, KR_Q8_0_BYTES, dst_len);
    if (st != KR_OK)
        return st;
    if (!all_finite(src, n))
        return KR_ERR_NONFINITE;
    for (size_t b = 0; b < n / KR_Q8_0_BLOCK; b++) {
        const float *x = src + b * KR_Q8_0_BLOCK;
        uint8_t *blk = dst + b * KR_Q8_0_BYTES;
        float amax = 0.0f;
        for (size_t j = 0; j < KR_Q8_0_BLOCK; j++)
            amax = fmaxf(amax, fabsf(x[j]));
        /* Quantize against the fp16 d that is stored, so decode(encode(x)) is as close as it can be. */
        const uint16_t dh = kr_f32_to_f16(amax / 127.0f);
        const float d = kr_f16_to_f32(dh);
        wr16(blk, dh);
        for (size_t j = 0; j < KR_Q8_0_BLOCK; j++) {
            long q = d > 0.0f ? lroundf(x[j] / d) : 0;
            q = q > 127 ? 127 : (q < -127 ? -127 : q);
            blk[2 + j] = (uint8_t)(int8_t)q;
        }
    }
    return KR_OK;
}

/* Position of weight i (0..255) of a Q6_K block: ggml interleaves two 128-weight halves, each as
 * four 32-weight runs sharing ql/qh bytes (low/high nibble, 2-bit field of qh). */
static void q6k_pos(size_t i, size_t *ql_byte, unsigned *ql_shift, size_t *qh_byte, unsigned *qh_shift)
{
    const size_t half = i / 128, r = i % 128, run = r / 32, l = r % 32;
    *ql_byte = half * 64 + l + (run & 1u) * 32;
    *ql_shift = (run >> 1) * 4u;
    *qh_byte = half * 32 + l;
    *qh_shift = (unsigned)run * 2u;
}

kr_status kr_q6_k_to_f32(const uint8_t *src, size_t src_len, float *dst, size_t n)
{
    kr_status st = check_blocks(src, dst, n, KR_Q6_K_BLOCK, KR_Q6_K_BYTES, src_len);
    if (st != KR_OK)
        return st;
    for (size_t b = 0; b < n / KR_Q6_K_BLOCK; b++) {
        const uint8_t *blk = src + b * KR_Q6_K_BYTES;
        const uint8_t *ql = blk, *qh = blk + 128;
        const int8_t *sc = (const int8_t *)(blk + 192);
        const float d = kr_f16_to_f32(rd16(blk + 208));
        float *y = dst + b * KR_Q6_K_BLOCK;
        for (size_t i = 0; i < KR_Q6_K_BLOCK; i++) {
            size_t qlb, qhb;
            unsigned qls, qhs;
            q6k_pos(i, &qlb, &qls, &qhb, &qhs);
            int q = (int)(((ql[qlb] >> qls) & 0xFu) | (((qh[qhb] >> qhs) & 3u) << 4)) - 32;
            y[i] = d * sc[i / 16] * q;
        }
    }
    return KR_OK;
}

kr_status kr_q6_k_from_f32(const float *src, size_t n, uint8_t *dst, size_t dst_len)
{
    kr_status st = check_blocks(src, dst, n, KR_Q6_K_BLOCK, KR_Q6_K_BYTES, dst_len);
    if (st != KR_OK)
        return st;
    if (!all_finite(src, n))
        return KR_ERR_NONFINITE;
    for (size_t b = 0; b < n / KR_Q6_K_BLOCK; b++) {
        const float *x = src + b * KR_Q6_K_BLOCK;
        uint8_t *blk = dst + b * KR_Q6_K_BYTES;
        memset(blk, 0, KR_Q6_K_BYTES);
        float sub[16], smax = 0.0f;
        for (size_t s = 0; s < 16; s++) {
            float amax = 0.0f;
            for (size_t j = 0; j < 16; j++)
                amax = fmaxf(amax, fabsf(x[s * 16 + j]));
            sub[s] = amax / 31.0f; /* q6 - 32 spans [-32, 31]: 31 keeps both signs in range */
            smax = fmaxf(smax, sub[s]);
        }
        const uint16_t dh = kr_f32_to_f16(smax / 127.0f);
        const float d = kr_f16_to_f32(dh);
        wr16(blk + 208, dh);
        int8_t *sc = (int8_t *)(blk + 192);
        /* Rounding the sub-block scale up keeps every value of the sub-block inside q6 - 32's range,
         * so the error stays within half a step (rounding down would clip the largest values). */
        for (size_t s = 0; s < 16; s++) {
            long v = d > 0.0f ? (long)ceilf(sub[s] / d) : 0;
            sc[s] = (int8_t)(v > 127 ? 127 : v);
        }
        for (size_t i = 0; i < KR_Q6_K_BLOCK; i++) {
            const float step = d * sc[i / 16];
            long q = step > 0.0f ? lroundf(x[i] / step) : 0;
            q = q > 31 ? 31 : (q < -32 ? -32 : q);
            size_t qlb, qhb;
            unsigned qls, qhs;
            q6k_pos(i, &qlb, &qls, &qhb, &qhs);
            const unsigned u = (unsigned)(q + 32);
            blk[qlb] = (uint8_t)(blk[qlb] | ((u & 0xFu) << qls));
            blk[128 + qhb] = (uint8_t)(blk[128 + qhb] | ((u >> 4) << qhs));
        }
    }
    return KR_OK;
}
