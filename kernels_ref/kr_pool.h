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

#endif
