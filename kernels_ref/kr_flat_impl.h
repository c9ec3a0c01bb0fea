/*
 * Internal to the format converters: the file formats number weights in one flat row-major
 * sequence, the canonical form by (row, col). A block of a format usually lies inside one row
 * (K is a multiple of the block in every real model), and then its weights are addressed without a
 * division per weight; a block that straddles rows falls back to dividing.
 */
#ifndef KR_FLAT_IMPL_H
#define KR_FLAT_IMPL_H

#include "kernels_ref/kr_ternary.h"

typedef struct {
    size_t base, r, c0;
    int one_row;
} kr_blk;

static inline kr_blk kr_blk_at(const kr_tern *w, size_t base, size_t len)
{
    kr_blk b = {base, base / w->cols, base % w->cols, 0};
    b.one_row = b.c0 + len <= w->cols;
    return b;
}

static inline int kr_blk_get(const kr_tern *w, const kr_blk *b, size_t off)
{
    if (b->one_row)
        return kr_tern_get(w, b->r, b->c0 + off);
    const size_t i = b->base + off;
    return kr_tern_get(w, i / w->cols, i % w->cols);
}

static inline void kr_blk_set(kr_tern *w, const kr_blk *b, size_t off, int v)
{
    if (b->one_row) {
        kr_tern_set(w, b->r, b->c0 + off, v);
        return;
    }
    const size_t i = b->base + off;
    kr_tern_set(w, i / w->cols, i % w->cols, v);
}

#endif
