/*
 * Device address allocator: first fit over one address range. Used by backends whose buffers
 * live in one device window (the sim's attached regions, a board's contiguous region).
 */
#ifndef TDRV_HEAP_H
#define TDRV_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t addr, bytes;
} tdrv_heap_blk;

typedef struct {
    uint64_t base, limit;  /* [base, limit) */
    tdrv_heap_blk *blk;    /* allocated blocks sorted by address */
    size_t n, cap;
} tdrv_heap;

void tdrv_heap_init(tdrv_heap *h, uint64_t base, uint64_t limit);
void tdrv_heap_fini(tdrv_heap *h);
/* align: power of two. Returns 0 and *addr, or -1 when no gap fits (or host memory ran out). */
int tdrv_heap_alloc(tdrv_heap *h, uint64_t bytes, uint64_t align, uint64_t *addr);
/* Returns 0, or -1 if addr is not the start of an allocated block. */
int tdrv_heap_free(tdrv_heap *h, uint64_t addr);

#endif
