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
 * Guided work splitting for the threads of one kr_pool_run: [0, n) is handed out in contiguous
 * pieces of about remaining / (4 * threads) items, never fewer than min_chunk (except the last) and
 * in multiples of align. Early pieces are long, so each thread streams its weights in long runs;
 * late pieces are short, so the threads finish together instead of one waiting for the other's
 * last long piece (a fixed piece size leaves up to a whole piece of imbalance per call).
 */
#include <stdatomic.h>
#include <stddef.h>

typedef struct {
    _Atomic size_t next;
    size_t n, min_chunk, align, div;
} kr_sched;

/* min_chunk, align >= 1 (0 is taken as 1); threads as kr_pool_threads. */
void kr_sched_init(kr_sched *s, size_t n, size_t min_chunk, size_t align, int threads);
/* Claims the next piece [*b, *e); returns 0 when nothing is left. Safe from every thread. */
int kr_sched_next(kr_sched *s, size_t *b, size_t *e);

#endif
