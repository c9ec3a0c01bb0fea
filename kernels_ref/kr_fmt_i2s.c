/* I2_S (Microsoft bitnet.cpp, x86 layout) <-> canonical ternary. Layout in kr_formats.h. */
#include <string.h>

#include "kernels_ref/kr_formats.h"

size_t kr_i2s_bytes(size_t n)
{
    if (n == 0 || n % KR_I2S_BLOCK)
        return 0;
    return n / 4u + KR_I2S_TAIL;
}

/* Flat weight i of the row-major tensor. */
static int flat_get(const kr_tern *w, size_t i) { return kr_tern_get(w, i / w->cols, i % w->cols); }

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
        const size_t base = b * KR_I2S_BLOCK;
        for (size_t j = 0; j < 32; j++) {
            unsigned byte = 0;
            for (size_t g = 0; g < 4; g++) /* group g lands at bits 6 - 2g; code = value + 1 */
                byte |= (unsigned)(flat_get(w, base + j + 32u * g) + 1) << (6u - 2u * g);
            dst[b * 32u + j] = (uint8_t)byte;
        }
    }
    memcpy(dst + n / 4u, &w->scale, sizeof w->scale);
    return KR_OK;
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
    for (size_t b = 0; b < n / KR_I2S_BLOCK; b++) {
        const size_t base = b * KR_I2S_BLOCK;
        for (size_t j = 0; j < 32; j++) {
            const unsigned byte = src[b * 32u + j];
            for (size_t g = 0; g < 4; g++) {
                const unsigned code = (byte >> (6u - 2u * g)) & 3u;
                if (code == 3u) {
                    kr_tern_free(&t);
                    return KR_ERR_CODE;
                }
                const size_t i = base + j + 32u * g;
                kr_tern_set(&t, i / cols, i % cols, (int)code - 1);
            }
        }
    }
    memcpy(&t.scale, src + n / 4u, sizeof t.scale);
    *w = t;
    return KR_OK;
}
