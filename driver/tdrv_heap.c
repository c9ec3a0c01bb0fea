/* First-fit device address allocator; the block list stays sorted so gaps are found in one pass. */
#include "driver/tdrv_heap_impl.h"

#include <stdio.h>
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

int tdrv_heap_host_alloc(tdrv_heap *h, size_t bytes, size_t align,
                         int (*attach)(void *actx, uint64_t dev_addr, void *host, size_t bytes), void *actx,
                         void **host, uint64_t *dev_addr, char *err, size_t errlen)
{
    uint64_t addr;
    if (tdrv_heap_alloc(h, bytes, align, &addr)) {
        snprintf(err, errlen, "the device window [0x%llx, 0x%llx) has no free %zu-byte range",
                 (unsigned long long)h->base, (unsigned long long)h->limit, bytes);
        return -1;
    }
    /* aligned_alloc wants a size that is a multiple of the alignment */
    const size_t al = align < sizeof(void *) ? sizeof(void *) : align;
    void *p = aligned_alloc(al, (bytes + al - 1) / al * al);
    if (!p) {
        tdrv_heap_free(h, addr);
        snprintf(err, errlen, "host memory for the buffer ran out");
        return -1;
    }
    memset(p, 0, bytes);
    if (attach(actx, addr, p, bytes)) {
        tdrv_heap_free(h, addr);
        free(p);
        snprintf(err, errlen, "the memory model refused to attach 0x%llx + %zu bytes", (unsigned long long)addr,
                 bytes);
        return -1;
    }
    *host = p;
    *dev_addr = addr;
    return 0;
}
