/* A small pthread pool: runs one function on every thread and waits (fork-join). */
#ifndef KR_POOL_H
#define KR_POOL_H

typedef struct kr_pool kr_pool;

/* threads <= 0: one per online core. Returns NULL on failure. */
kr_pool *kr_pool_new(int threads);
void kr_pool_free(kr_pool *p);
/* Threads in the pool (1 for a NULL pool). */
int kr_pool_threads(const kr_pool *p);
/* Calls fn(ctx, tid, nthreads) for tid in [0, nthreads) concurrently and returns when all are done.
 * A NULL pool runs fn(ctx, 0, 1) on the caller. */
void kr_pool_run(kr_pool *p, void (*fn)(void *ctx, int tid, int nthreads), void *ctx);

/*
 * Work splitting for the threads of one kr_pool_run: [0, n) starts as one contiguous range per
 * thread, which its owner claims front to back in pieces of a quarter of what it has left (at least
 * `chunk` items), so each thread reads one long sequential stream (its prefetches run on into its
 * own next piece) at a few claims per call. A thread whose range
 * is empty steals the back half of the largest remaining range and makes it its own, so a thread
 * that is descheduled or slower is relieved and all finish within about one piece of each other.
 * Pieces are multiples of align (but the last one before n). It replaced a shared guided counter
 * whose interleaved pieces restarted both weight streams at every claim; the decode GEMVs stream
 * faster this way (docs/kernels.md, "Measured choices").
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Ranges with an owner: threads past this many start by stealing. */
#define KR_SCHED_RANGES 16

typedef struct {
    struct {
        _Atomic uint64_t fb; /* front << 32 | back, in units of align */
        char pad[56];        /* one cache line per range: owners claim without sharing a line */
    } r[KR_SCHED_RANGES];
    size_t n, align, chunk; /* chunk in units of align */
    int nr;                 /* ranges in use */
} kr_sched;

/* chunk, align >= 1 (0 is taken as 1); threads as kr_pool_threads. */
void kr_sched_init(kr_sched *s, size_t n, size_t chunk, size_t align, int threads);
/* Claims the next piece [*b, *e) for thread tid of the region; returns 0 when nothing is left.
 * Safe from every thread at once. */
int kr_sched_next(kr_sched *s, int tid, size_t *b, size_t *e);

#endif
