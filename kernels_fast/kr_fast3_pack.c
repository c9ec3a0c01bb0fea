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
    uint8_t *dig = malloc(kp);
    if (!fw->packed || !dig) {
        free(dig);
        return KR_ERR_NOMEM;
    }
    memset(fw->packed, 0, panels * panel_bytes);
    /* A row's digits (w + 1) first, one canonical byte (4 codes) at a time; padding is weight 0. */
    static const uint8_t digit_of_code[4] = {1, 2, 0xff, 0}; /* 00 -> 0, 01 -> +1, 10 bad, 11 -> -1 */
    for (size_t m = 0; m < w->rows; m++) {
        const uint8_t *src = w->codes + m * w->stride;
        memset(dig, 1, kp);
        for (size_t i = 0; i < w->stride; i++) {
            const unsigned b = src[i];
            if ((b >> 1) & ~b & 0x55u) { /* some 2-bit field is 10 */
                free(dig);
                return KR_ERR_CODE;
            }
            for (unsigned j = 0; j < 4 && 4 * i + j < w->cols; j++)
                dig[4 * i + j] = digit_of_code[(b >> (2 * j)) & 3u];
        }
        uint8_t *dst = fw->packed + (m / KR_FAST_PR) * panel_bytes + 4u * (m % KR_FAST_PR);
        for (size_t g = 0; g < groups; g++)
            for (unsigned b = 0; b < 4; b++) {
                uint8_t d[KR_FAST3_DIGITS];
                for (unsigned i = 0; i < KR_FAST3_DIGITS; i++)
                    d[i] = dig[g * KR_FAST3_KG + 4 * i + b];
                dst[g * KR_FAST_GROUP_BYTES + b] = kr_fast3_code(kind, d);
            }
    }
    free(dig);
    return KR_OK;
}
