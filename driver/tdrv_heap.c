/* First-fit device address allocator; the block list stays sorted so gaps are found in one pass. */
#include "driver/tdrv_heap_impl.h"

#include <stdlib.h>
#include <string.h>

void tdrv_heap_init(tdrv_heap *h, uint64_t base, uint64_t limit)
{
    memset(h, 0, sizeof *h);
    h->base = base;
    h->limit = limit;
}

void tdrv_heap_fini(tdrv_heap *h)
{
    free(h->blk);
    memset(h, 0, sizeof *h);
}

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

int tdrv_heap_alloc(tdrv_heap *h, uint64_t bytes, uint64_t align, uint64_t *addr)
{
    if (!h || !addr || bytes == 0 || align == 0 || (align & (align - 1)))
        return -1;
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        tdrv_heap_blk *nb = realloc(h->blk, cap * sizeof *nb);
        if (!nb)
            return -1;
        h->blk = nb;
        h->cap = cap;
    }
    uint64_t cur = h->base;
    for (size_t i = 0; i <= h->n; i++) {
        uint64_t end = i < h->n ? h->blk[i].addr : h->limit;
        uint64_t a = align_up(cur, align);
        if (a >= cur && a <= end && end - a >= bytes) {
            memmove(&h->blk[i + 1], &h->blk[i], (h->n - i) * sizeof *h->blk);
            h->blk[i].addr = a;
            h->blk[i].bytes = bytes;
            h->n++;
            *addr = a;
            return 0;
        }
        if (i < h->n)
            cur = h->blk[i].addr + h->blk[i].bytes;
    }
    return -1;
}

int tdrv_heap_free(tdrv_heap *h, uint64_t addr)
{
    for (size_t i = 0; h && i < h->n; i++)
        if (h->blk[i].addr == addr) {
            memmove(&h->blk[i], &h->blk[i + 1], (h->n - i - 1) * sizeof *h->blk);
            h->n--;
            return 0;
        }
    return -1;
}
