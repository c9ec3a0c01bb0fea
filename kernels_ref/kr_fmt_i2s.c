/* I2_S (Microsoft bitnet.cpp, x86 layout) <-> canonical ternary. Layout in kr_formats.h. */
#include <string.h>

#include "kernels_ref/kr_flat_impl.h"
#include "kernels_ref/kr_formats.h"

size_t kr_i2s_bytes(size_t n)
{
    if (n == 0 || n % KR_I2S_BLOCK)
        return 0;
    return n / 4u + KR_I2S_TAIL;
}

kr_status kr_tern_to_i2s(const kr_tern *w, uint8_t *dst, size_t dst_len)
{
    if (!w || !w->codes || !dst)
        return KR_ERR_NULL;
    if (w->rows > SIZE_MAX / w->cols)
        return KR_ERR_SIZE;
    const size_t n = w->rows * w->cols, need = kr_i2s_bytes(n);
    if (need == 0)
        return KR_ERR_SIZE;
    if (dst_len < need)
        return KR_ERR_BUFFER;
    memset(dst, 0, need);
    for (size_t b = 0; b < n / KR_I2S_BLOCK; b++) {
        const kr_blk blk = kr_blk_at(w, b * KR_I2S_BLOCK, KR_I2S_BLOCK);
        for (size_t j = 0; j < 32; j++) {
            unsigned byte = 0;
            for (size_t g = 0; g < 4; g++) /* group g lands at bits 6 - 2g; code = value + 1 */
                byte |= (unsigned)(kr_blk_get(w, &blk, j + 32u * g) + 1) << (6u - 2u * g);
            dst[b * 32u + j] = (uint8_t)byte;
        }
    }
    memcpy(dst + n / 4u, &w->scale, sizeof w->scale);
    return KR_OK;
}

/* Canonical byte for four I2_S codes packed low-first (c0 | c1<<2 | c2<<4 | c3<<6), or 0x100 if any
 * code is the invalid 3. */
static unsigned i2s_quad_to_canon(unsigned p)
{
    static const unsigned k_map[4] = {KR_CODE_NEG, KR_CODE_ZERO, KR_CODE_POS, 0x100u};
    unsigned out = 0;
    for (unsigned k = 0; k < 4; k++) {
        const unsigned c = k_map[(p >> (2u * k)) & 3u];
        if (c == 0x100u)
            return 0x100u;
        out |= c << (2u * k);
    }
    return out;
}

/* A block inside one row starting on a byte boundary: canonical byte i of the block holds offsets
 * 4i..4i+3, which all sit in group g = i/8 of source bytes 4(i%8)..4(i%8)+3. */
static int i2s_block_fast(const uint8_t *src, uint8_t *dst, const uint16_t *lut)
{
    unsigned bad = 0;
    for (unsigned i = 0; i < KR_I2S_BLOCK / 4u; i++) {
        const unsigned g = i / 8u, j0 = 4u * (i % 8u), sh = 6u - 2u * g;
        const unsigned p = ((src[j0] >> sh) & 3u) | (((src[j0 + 1] >> sh) & 3u) << 2) |
                           (((src[j0 + 2] >> sh) & 3u) << 4) | (((src[j0 + 3] >> sh) & 3u) << 6);
        bad |= lut[p];
        dst[i] = (uint8_t)lut[p];
    }
    return (bad & 0x100u) != 0;
}

kr_status kr_tern_from_i2s(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len)
{
    if (!w || !src)
        return KR_ERR_NULL;
    memset(w, 0, sizeof *w);
    if (rows == 0 || cols == 0 || rows > SIZE_MAX / cols)
        return KR_ERR_SIZE;
    const size_t n = rows * cols;
    if (kr_i2s_bytes(n) == 0)
        return KR_ERR_SIZE;
    /* The scale must be present; the zero padding after it is not required to be in the buffer. */
    if (src_len < n / 4u + sizeof(float))
        return KR_ERR_BUFFER;
    kr_tern t;
    kr_status st = kr_tern_alloc(&t, rows, cols);
    if (st != KR_OK)
        return st;
    uint16_t lut[256];
    for (unsigned p = 0; p < 256; p++)
        lut[p] = (uint16_t)i2s_quad_to_canon(p);
    for (size_t b = 0; b < n / KR_I2S_BLOCK; b++) {
        const kr_blk blk = kr_blk_at(&t, b * KR_I2S_BLOCK, KR_I2S_BLOCK);
        if (blk.one_row && blk.c0 % 4u == 0) {
            if (i2s_block_fast(src + b * 32u, t.codes + blk.r * t.stride + blk.c0 / 4u, lut)) {
                kr_tern_free(&t);
                return KR_ERR_CODE;
            }
            continue;
        }
        for (size_t j = 0; j < 32; j++) {
            const unsigned byte = src[b * 32u + j];
            for (size_t g = 0; g < 4; g++) {
                const unsigned code = (byte >> (6u - 2u * g)) & 3u;
                if (code == 3u) {
                    kr_tern_free(&t);
                    return KR_ERR_CODE;
                }
                kr_blk_set(&t, &blk, j + 32u * g, (int)code - 1);
            }
        }
    }
    memcpy(&t.scale, src + n / 4u, sizeof t.scale);
    *w = t;
    return KR_OK;
}
