/* Packer and unpacker of the device-native weight layout (see tdrv_layout.h). */
#include "driver/tdrv_layout.h"

#include <stdlib.h>
#include <string.h>

size_t tdrv_layout_bytes(const tdrv_hwcfg *c, size_t m, size_t k)
{
    if (!c || !tdrv_hwcfg_valid(c) || m == 0 || k == 0)
        return 0;
    size_t mt = (m + c->cols - 1u) / c->cols, kt = (k + c->rows - 1u) / c->rows;
    size_t tb = tdrv_hwcfg_tile_bytes(c);
    if (kt != 0 && mt > SIZE_MAX / kt / tb)
        return 0;
    return mt * kt * tb;
}

int tdrv_layout_pack(const tdrv_hwcfg *c, const tdrv_codes *w, uint8_t *dst, size_t len)
{
    if (!c || !w || !w->codes || !dst)
        return -1;
    size_t need = tdrv_layout_bytes(c, w->rows, w->cols);
    if (need == 0 || len < need || w->stride < (w->cols + 3u) / 4u)
        return -1;
    const size_t rows = c->rows, cols = c->cols, tb = tdrv_hwcfg_tile_bytes(c);
    const size_t mt_n = (w->rows + cols - 1u) / cols, kt_n = (w->cols + rows - 1u) / rows;
    memset(dst, 0, need);
    for (size_t mt = 0; mt < mt_n; mt++) {
        for (size_t kt = 0; kt < kt_n; kt++) {
            uint8_t *tile = dst + (mt * kt_n + kt) * tb;
            for (size_t cc = 0; cc < cols; cc++) {
                size_t m = mt * cols + cc;
                if (m >= w->rows)
                    break;
                const uint8_t *src = w->codes + m * w->stride;
                for (size_t r = 0; r < rows; r++) {
                    size_t k = kt * rows + r;
                    if (k >= w->cols)
                        break;
                    unsigned code = (src[k / 4u] >> (2u * (k % 4u))) & 3u;
                    if (code == TDRV_CODE_BAD)
                        return -1;
                    size_t bit = 2u * (r * cols + cc);
                    tile[bit / 8u] |= (uint8_t)(code << (bit % 8u));
                }
            }
        }
    }
    return 0;
}

uint32_t tdrv_wfmt_flags(tdrv_wfmt f) { return f == TDRV_WFMT_BASE3 ? TRITIUM_CMD_FLAGS_WFMT_BASE3 : 0u; }

int tdrv_wfmt_supported(const tdrv_hwcfg *c, tdrv_wfmt f)
{
    return c && (f == TDRV_WFMT_2BIT ? (c->wformats & 1u) != 0 : f == TDRV_WFMT_BASE3 && (c->wformats & 2u) != 0);
}

const char *tdrv_wfmt_name(tdrv_wfmt f) { return f == TDRV_WFMT_BASE3 ? "base3" : f == TDRV_WFMT_2BIT ? "2bit" : "?"; }

int tdrv_wfmt_parse(const char *s, tdrv_wfmt *out)
{
    for (tdrv_wfmt f = TDRV_WFMT_2BIT; f <= TDRV_WFMT_BASE3; f++)
        if (s && !strcmp(s, tdrv_wfmt_name(f))) {
            *out = f;
            return 0;
        }
    return -1;
}

size_t tdrv_layout_bytes_fmt(const tdrv_hwcfg *c, tdrv_wfmt f, size_t m, size_t k)
{
    size_t two = tdrv_layout_bytes(c, m, k);
    if (f == TDRV_WFMT_2BIT || two == 0)
        return f == TDRV_WFMT_2BIT ? two : 0;
    if (f != TDRV_WFMT_BASE3)
        return 0;
    /* 4 weights per 2-bit byte, 5 per base-3 byte; the device reads whole beats. */
    size_t weights = two / 2u * 8u, a = tdrv_hwcfg_align(c);
    if (weights / 8u * 2u != two)
        return 0;
    size_t bytes = weights / 5u + (weights % 5u != 0);
    return (bytes + a - 1u) / a * a;
}

/* Base-3 digit (weight + 1) of each device code; TDRV_CODE_BAD has none. */
static const uint8_t code_digit[4] = {1u, 2u, 0xFFu, 0u};

int tdrv_layout_pack_fmt(const tdrv_hwcfg *c, tdrv_wfmt f, const tdrv_codes *w, uint8_t *dst, size_t len)
{
    if (f == TDRV_WFMT_2BIT)
        return tdrv_layout_pack(c, w, dst, len);
    if (f != TDRV_WFMT_BASE3 || !c || !w || !w->codes || !dst)
        return -1;
    size_t need = tdrv_layout_bytes_fmt(c, f, w->rows, w->cols);
    if (need == 0 || len < need || w->stride < (w->cols + 3u) / 4u)
        return -1;
    const size_t rows = c->rows, cols = c->cols;
    const size_t mt_n = (w->rows + cols - 1u) / cols, kt_n = (w->cols + rows - 1u) / rows;
    /* The 2-bit stream's weights in its order (tile by tile, code r * cols + c), five to a byte; the
       digits past the last weight and the bytes up to the last beat hold zero weights (digit 1). */
    memset(dst, 121, need); /* 1 + 3 + 9 + 27 + 81: five zero weights */
    size_t byte = 0;
    unsigned acc = 0, n = 0, pw = 1;
    for (size_t mt = 0; mt < mt_n; mt++) {
        for (size_t kt = 0; kt < kt_n; kt++) {
            for (size_t r = 0; r < rows; r++) {
                const size_t k = kt * rows + r;
                for (size_t cc = 0; cc < cols; cc++) {
                    const size_t m = mt * cols + cc;
                    unsigned code = TDRV_CODE_ZERO;
                    if (m < w->rows && k < w->cols)
                        code = (w->codes[m * w->stride + k / 4u] >> (2u * (k % 4u))) & 3u;
                    if (code == TDRV_CODE_BAD)
                        return -1;
                    acc += code_digit[code] * pw;
                    pw *= 3u;
                    if (++n == 5u) {
                        dst[byte++] = (uint8_t)acc;
                        acc = 0, n = 0, pw = 1;
                    }
                }
            }
        }
    }
    if (n) {
        for (; n < 5u; n++, pw *= 3u)
            acc += pw; /* digit 1: a zero weight */
        dst[byte] = (uint8_t)acc;
    }
    return 0;
}

int tdrv_layout_unpack_fmt(const tdrv_hwcfg *c, tdrv_wfmt f, const uint8_t *src, size_t len, size_t m, size_t k,
                           uint8_t *codes, size_t stride, size_t *bad_byte)
{
    const size_t need = tdrv_layout_bytes_fmt(c, f, m, k);
    if (!src || !codes || need == 0 || len < need || stride < (k + 3u) / 4u)
        return -1;
    if (f == TDRV_WFMT_BASE3) {
        for (size_t i = 0; i < need; i++)
            if (src[i] > 242u) {
                if (bad_byte)
                    *bad_byte = i;
                return 1;
            }
    }
    const size_t rows = c->rows, cols = c->cols, per_tile = rows * cols;
    const size_t mt_n = (m + cols - 1u) / cols, kt_n = (k + rows - 1u) / rows;
    /* The device code of each base-3 byte's five weights (digit = weight + 1: 0 -> -1, 1 -> 0,
       2 -> +1), and of each 2-bit code (10 is a zero, as the array treats it). */
    static const uint8_t digit_code[3] = {TDRV_CODE_NEG, TDRV_CODE_ZERO, TDRV_CODE_POS};
    static const uint8_t fix2[4] = {TDRV_CODE_ZERO, TDRV_CODE_POS, TDRV_CODE_ZERO, TDRV_CODE_NEG};
    uint8_t b3[243][5];
    if (f == TDRV_WFMT_BASE3)
        for (unsigned v = 0; v < 243u; v++)
            for (unsigned d = 0, x = v; d < 5u; d++, x /= 3u)
                b3[v][d] = digit_code[x % 3u];
    uint8_t *tile = malloc(per_tile);
    if (!tile)
        return -1;
    memset(codes, 0, m * stride);
    /* Tile by tile (M tile major), the tile's codes in stream order (code r * cols + cc), then each
       column's rows codes into its output row: four codes a byte when rows is a multiple of 4. */
    size_t idx = 0;
    for (size_t mt = 0; mt < mt_n; mt++) {
        for (size_t kt = 0; kt < kt_n; kt++) {
            if (f == TDRV_WFMT_BASE3) {
                for (size_t i = 0; i < per_tile; i++, idx++)
                    tile[i] = b3[src[idx / 5u]][idx % 5u];
            } else {
                for (size_t i = 0; i < per_tile; i++, idx++)
                    tile[i] = fix2[(src[idx / 4u] >> (2u * (idx % 4u))) & 3u];
            }
            for (size_t cc = 0; cc < cols; cc++) {
                const size_t mm = mt * cols + cc;
                if (mm >= m)
                    break;
                uint8_t *row = codes + mm * stride;
                if (rows % 4u == 0) {
                    for (size_t r = 0; r < rows; r += 4u) {
                        const size_t byte = (kt * rows + r) / 4u;
                        if (byte >= stride)
                            break;
                        row[byte] = (uint8_t)(tile[r * cols + cc] | tile[(r + 1) * cols + cc] << 2 |
                                              tile[(r + 2) * cols + cc] << 4 | tile[(r + 3) * cols + cc] << 6);
                    }
                } else {
                    for (size_t r = 0; r < rows; r++) {
                        const size_t kk = kt * rows + r;
                        if (kk >= k)
                            break;
                        row[kk / 4u] |= (uint8_t)(tile[r * cols + cc] << (2u * (kk % 4u)));
                    }
                }
            }
        }
    }
    free(tile);
    return 0;
}
