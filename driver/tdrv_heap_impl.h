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

/* The device window [*base, *limit) of the simulator backends for a device with addr_w address bits:
 * clear of address 0, so that a forgotten address faults, and of the top, so that a burst running
 * past a buffer's end cannot wrap into another: 1 MB to 4 GB - 1 MB for 32 bits and more, the middle
 * 7/8 of a smaller space (a 16- to 23-bit device, such as an iCE40 board's SRAM, holds its buffers too). */
static inline void tdrv_sim_window(unsigned addr_w, uint64_t *base, uint64_t *limit)
{
    const uint64_t span = 1ull << (addr_w < 32 ? addr_w : 32);
    const uint64_t guard = span / 16 < 0x100000ull ? span / 16 : 0x100000ull;
    *base = guard;
    *limit = span - guard;
}

/* A buffer of a simulator backend: a free range of h, zeroed host memory aligned to align (a power of
 * two), handed to attach(actx, dev_addr, host, bytes) so the simulated memory serves it. Returns 0,
 * or -1 with the reason in err. Freed with tdrv_heap_free and free(host) after the detach. */
int tdrv_heap_host_alloc(tdrv_heap *h, size_t bytes, size_t align,
                         int (*attach)(void *actx, uint64_t dev_addr, void *host, size_t bytes), void *actx,
                         void **host, uint64_t *dev_addr, char *err, size_t errlen);

#endif
