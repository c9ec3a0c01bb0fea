/* The one-time repack of a canonical ternary matrix into base-3 panels (layout: kr_fast3_impl.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_fast/kr_fast3_impl.h"

uint8_t kr_fast3_t1[256], kr_fast3_t4[64];

static void kr_fast3_tables_fill(void)
{
    for (unsigned c = 0; c < 256; c++) {
        uint8_t d[5];
        kr_fast3_digits_lut(c, d);
        kr_fast3_t1[c] = (uint8_t)(d[0] | d[1] << 2 | d[2] << 4 | d[3] << 6);
    }
    for (unsigned l = 0; l < 64; l++)
        kr_fast3_t4[l] = (uint8_t)(l % 3u);
}

void kr_fast3_tables_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, kr_fast3_tables_fill);
}

kr_status kr_fast3_pack(const kr_tern *w, struct kr_fast_w *fw, kr_fast3_code_kind kind)
{
    const size_t kp = (w->cols + KR_FAST3_KG - 1) / KR_FAST3_KG * KR_FAST3_KG;
    const size_t groups = kp / KR_FAST3_KG;
    const size_t panels = (w->rows + KR_FAST_PR - 1) / KR_FAST_PR;
    const size_t panel_bytes = groups * KR_FAST_GROUP_BYTES;
    if (panels > SIZE_MAX / panel_bytes)
        return KR_ERR_SIZE;
    fw->kp = kp;
    fw->panels = panels;
    fw->panel_bytes = panel_bytes;
    fw->packed = aligned_alloc(64, panels * panel_bytes);
    if (!fw->packed)
        return KR_ERR_NOMEM;
    memset(fw->packed, 0, panels * panel_bytes);
    /* Output byte b of a group takes weight b of the group's five canonical bytes (k = 20g + 4i + b).
       wdig[c] holds the four digits (w + 1) of canonical byte c, one per byte lane, so Horner's rule
       over the five bytes gives the four base-3 values v = sum d_i 3^(4-i) at once (each <= 242: no
       carry between lanes), and one table turns each value into the kernel's byte code. */
    static const uint8_t digit_of_code[4] = {1, 2, 0xff, 0}; /* 00 -> 0, 01 -> +1, 10 bad, 11 -> -1 */
    uint32_t wdig[256];
    for (unsigned c = 0; c < 256; c++) {
        wdig[c] = 0;
        for (unsigned j = 0; j < 4; j++)
            wdig[c] |= (uint32_t)(digit_of_code[(c >> (2 * j)) & 3u] & 3u) << (8 * j);
    }
    uint8_t code_of[243];
    for (unsigned v = 0; v < 243; v++) {
        uint8_t d[KR_FAST3_DIGITS];
        for (unsigned i = 0, r = v; i < KR_FAST3_DIGITS; i++, r /= 3u)
            d[KR_FAST3_DIGITS - 1 - i] = (uint8_t)(r % 3u);
        code_of[v] = kr_fast3_code(kind, d);
    }
    /* Canonical bytes past K (and the codes past K in the last one) are zero weights. */
    const size_t full = w->cols / 4, tail = w->cols % 4;
    const unsigned tail_mask = (1u << (2 * tail)) - 1u;
    for (size_t m = 0; m < w->rows; m++) {
        const uint8_t *src = w->codes + m * w->stride;
        for (size_t i = 0; i < w->stride; i++) {
            const unsigned b = src[i];
            if ((b >> 1) & ~b & 0x55u) /* some 2-bit field is 10 */
                return KR_ERR_CODE;
        }
        uint8_t *dst = fw->packed + (m / KR_FAST_PR) * panel_bytes + 4u * (m % KR_FAST_PR);
        for (size_t g = 0; g < groups; g++) {
            uint32_t v = 0;
            for (size_t i = 5 * g; i < 5 * g + KR_FAST3_DIGITS; i++) {
                const unsigned c = i < full ? src[i] : (i == full && tail) ? (src[i] & tail_mask) : 0u;
                v = 3u * v + wdig[c];
            }
            for (unsigned b = 0; b < 4; b++)
                dst[g * KR_FAST_GROUP_BYTES + b] = code_of[(v >> (8 * b)) & 0xffu];
        }
    }
    return KR_OK;
}
