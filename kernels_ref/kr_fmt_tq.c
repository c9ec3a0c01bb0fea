/* TQ2_0 and TQ1_0 (llama.cpp ternary block formats) <-> canonical ternary. Layouts in kr_formats.h. */
#include <string.h>

#include "kernels_ref/kr_flat_impl.h"
#include "kernels_ref/kr_formats.h"

#define TQ1_QS 48u
#define TQ1_QH 4u

size_t kr_tq2_bytes(size_t n) { return (n == 0 || n % KR_TQ_BLOCK) ? 0 : n / KR_TQ_BLOCK * KR_TQ2_BLOCK_BYTES; }
size_t kr_tq1_bytes(size_t n) { return (n == 0 || n % KR_TQ_BLOCK) ? 0 : n / KR_TQ_BLOCK * KR_TQ1_BLOCK_BYTES; }

/* Trit (value + 1, in 0..2) of weight off of a block. */
static unsigned trit_get(const kr_tern *w, const kr_blk *b, size_t off) { return (unsigned)(kr_blk_get(w, b, off) + 1); }

static kr_status check_enc(const kr_tern *w, const uint8_t *dst, size_t dst_len, size_t need)
{
    if (!w || !w->codes || !dst)
        return KR_ERR_NULL;
    if (need == 0)
        return KR_ERR_SIZE;
    return dst_len < need ? KR_ERR_BUFFER : KR_OK;
}

static size_t flat_count(const kr_tern *w) { return w && w->cols && w->rows <= SIZE_MAX / w->cols ? w->rows * w->cols : 0; }

kr_status kr_tern_to_tq2(const kr_tern *w, uint8_t *dst, size_t dst_len)
{
    const size_t n = flat_count(w);
    kr_status st = check_enc(w, dst, dst_len, kr_tq2_bytes(n));
    if (st != KR_OK)
        return st;
    const uint16_t d = kr_f32_to_f16(w->scale);
    for (size_t b = 0; b < n / KR_TQ_BLOCK; b++) {
        uint8_t *blk = dst + b * KR_TQ2_BLOCK_BYTES;
        const kr_blk at = kr_blk_at(w, b * KR_TQ_BLOCK, KR_TQ_BLOCK);
        for (size_t half = 0; half < 2; half++)
            for (size_t m = 0; m < 32; m++) {
                unsigned byte = 0;
                for (size_t l = 0; l < 4; l++)
                    byte |= trit_get(w, &at, half * 128u + l * 32u + m) << (2u * l);
                blk[half * 32u + m] = (uint8_t)byte;
            }
        memcpy(blk + 64, &d, sizeof d);
    }
    return KR_OK;
}

/* Shared by both decoders: all blocks with a nonzero weight must carry the same d. */
typedef struct {
    int have;
    uint16_t d;
    uint16_t first;
} scale_track;

static kr_status scale_see(scale_track *s, uint16_t d, int nonzero, size_t b)
{
    if (b == 0)
        s->first = d;
    if (!nonzero)
        return KR_OK;
    if (s->have && s->d != d)
        return KR_ERR_SCALE;
    s->have = 1;
    s->d = d;
    return KR_OK;
}

static float scale_final(const scale_track *s) { return kr_f16_to_f32(s->have ? s->d : s->first); }

static kr_status check_dec(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len,
                           size_t (*bytes)(size_t))
{
    if (!w || !src)
        return KR_ERR_NULL;
    memset(w, 0, sizeof *w);
    if (rows == 0 || cols == 0 || rows > SIZE_MAX / cols)
        return KR_ERR_SIZE;
    const size_t need = bytes(rows * cols);
    if (need == 0)
        return KR_ERR_SIZE;
    return src_len < need ? KR_ERR_BUFFER : KR_OK;
}

/* Decodes one format's blocks into t (codes only); *nonzero tells whether a weight is nonzero. */
typedef kr_status (*tq_block_fn)(const uint8_t *blk, kr_tern *t, const kr_blk *at, int *nonzero);

/* Shared by both TQ decoders: sizes, allocation, the per-block fp16 d (the last two bytes of every
 * block) and the one-scale rule. */
static kr_status tq_decode(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len,
                           size_t (*bytes)(size_t), size_t block_bytes, tq_block_fn block)
{
    kr_status st = check_dec(w, rows, cols, src, src_len, bytes);
    if (st != KR_OK)
        return st;
    kr_tern t;
    if ((st = kr_tern_alloc(&t, rows, cols)) != KR_OK)
        return st;
    scale_track sc = {0, 0, 0};
    const size_t n = rows * cols;
    for (size_t b = 0; b < n / KR_TQ_BLOCK && st == KR_OK; b++) {
        const uint8_t *blk = src + b * block_bytes;
        const kr_blk at = kr_blk_at(&t, b * KR_TQ_BLOCK, KR_TQ_BLOCK);
        int nonzero = 0;
        st = block(blk, &t, &at, &nonzero);
        uint16_t d;
        memcpy(&d, blk + block_bytes - sizeof d, sizeof d);
        if (st == KR_OK)
            st = scale_see(&sc, d, nonzero, b);
    }
    if (st != KR_OK) {
        kr_tern_free(&t);
        return st;
    }
    t.scale = scale_final(&sc);
    *w = t;
    return KR_OK;
}

static kr_status tq2_block(const uint8_t *blk, kr_tern *t, const kr_blk *at, int *nonzero)
{
    for (size_t half = 0; half < 2; half++)
        for (size_t l = 0; l < 4; l++)
            for (size_t m = 0; m < 32; m++) {
                const unsigned code = (blk[half * 32u + m] >> (2u * l)) & 3u;
                if (code == 3u)
                    return KR_ERR_CODE;
                *nonzero |= code != 1u;
                kr_blk_set(t, at, half * 128u + l * 32u + m, (int)code - 1);
            }
    return KR_OK;
}

kr_status kr_tern_from_tq2(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len)
{
    return tq_decode(w, rows, cols, src, src_len, kr_tq2_bytes, KR_TQ2_BLOCK_BYTES, tq2_block);
}

/* Packs trits t[0..count) (most significant first) into one byte as ceil(v * 256 / 243). */
static uint8_t tq1_pack(const unsigned *t, size_t count)
{
    unsigned v = 0;
    for (size_t i = 0; i < count; i++)
        v = v * 3u + t[i];
    for (size_t i = count; i < 5; i++) /* a short group sits in the most significant trits */
        v *= 3u;
    return (uint8_t)((v * 256u + 242u) / 243u);
}

/* Trit number n (0 = most significant) of a packed byte. */
static unsigned tq1_trit(uint8_t byte, unsigned n)
{
    static const uint8_t pow3[5] = {1, 3, 9, 27, 81};
    const uint8_t q = (uint8_t)(byte * pow3[n]);
    return ((unsigned)q * 3u) >> 8;
}

/* TQ1_0 places weights of a block in three groups: qs[0..32) 5 trits each (stride 32),
 * qs[32..48) 5 trits each (stride 16), qh[0..4) 4 trits each (stride 4). */
static size_t tq1_index(size_t byte, unsigned n)
{
    if (byte < 32u)
        return n * 32u + byte;
    if (byte < TQ1_QS)
        return 160u + n * 16u + (byte - 32u);
    return 240u + n * 4u + (byte - TQ1_QS);
}

kr_status kr_tern_to_tq1(const kr_tern *w, uint8_t *dst, size_t dst_len)
{
    const size_t n = flat_count(w);
    kr_status st = check_enc(w, dst, dst_len, kr_tq1_bytes(n));
    if (st != KR_OK)
        return st;
    const uint16_t d = kr_f32_to_f16(w->scale);
    for (size_t b = 0; b < n / KR_TQ_BLOCK; b++) {
        uint8_t *blk = dst + b * KR_TQ1_BLOCK_BYTES;
        const kr_blk at = kr_blk_at(w, b * KR_TQ_BLOCK, KR_TQ_BLOCK);
        for (size_t byte = 0; byte < TQ1_QS + TQ1_QH; byte++) {
            const unsigned count = byte < TQ1_QS ? 5u : 4u;
            unsigned t[5];
            for (unsigned k = 0; k < count; k++)
                t[k] = trit_get(w, &at, tq1_index(byte, k));
            blk[byte] = tq1_pack(t, count);
        }
        memcpy(blk + TQ1_QS + TQ1_QH, &d, sizeof d);
    }
    return KR_OK;
}

static kr_status tq1_block(const uint8_t *blk, kr_tern *t, const kr_blk *at, int *nonzero)
{
    for (size_t byte = 0; byte < TQ1_QS + TQ1_QH; byte++) {
        const unsigned count = byte < TQ1_QS ? 5u : 4u;
        for (unsigned k = 0; k < count; k++) {
            const unsigned tr = tq1_trit(blk[byte], k);
            *nonzero |= tr != 1u;
            kr_blk_set(t, at, tq1_index(byte, k), (int)tr - 1);
        }
    }
    return KR_OK;
}

kr_status kr_tern_from_tq1(kr_tern *w, size_t rows, size_t cols, const uint8_t *src, size_t src_len)
{
    return tq_decode(w, rows, cols, src, src_len, kr_tq1_bytes, KR_TQ1_BLOCK_BYTES, tq1_block);
}
