/* Packer for the device-native weight layout (see tdrv_layout.h). */
#include "driver/tdrv_layout.h"

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
