/*
 * Fork-join pthread pool. A decode step runs a few hundred short parallel regions, so waking a
 * sleeping thread through a condition variable each time (tens of microseconds) would cost more
 * than the work; workers and the caller therefore spin briefly on an atomic generation counter
 * and fall back to sleeping so an idle pool does not steal the cores from other processes.
 */
#include "kernels_fast/kr_pool.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* ~100 microseconds of spinning: longer than the gap between two matmuls of one token. */
#define KR_POOL_SPINS 4000
#define KR_POOL_MAX_THREADS 256

typedef struct {
    kr_pool *pool;
    int tid;
} kr_pool_worker;

struct kr_pool {
    int n;
    pthread_t *th;
    kr_pool_worker *wk;
    int started; /* worker threads successfully created */
    pthread_mutex_t mu;
    pthread_cond_t cv_start;
    pthread_cond_t cv_done;
    pthread_mutex_t run_mu; /* serializes kr_pool_run callers: one region at a time */
    _Atomic unsigned gen;
    _Atomic int pending;
    _Atomic int stop;
    void (*fn)(void *ctx, int tid, int nthreads);
    void *ctx;
};

/* Spin step i: mostly a CPU pause, but after the first ~20 microseconds every 64th step yields so that with more threads than free
 * cores the thread being waited for gets to run. */
static inline void kr_pool_relax(int i)
{
    if (i >= 1024 && (i & 63) == 63) {
        sched_yield();
        return;
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static void *kr_pool_main(void *arg)
{
    kr_pool_worker *w = arg;
    kr_pool *p = w->pool;
    unsigned seen = 0;
    for (;;) {
        unsigned g = atomic_load_explicit(&p->gen, memory_order_acquire);
        for (int i = 0; i < KR_POOL_SPINS && g == seen && !atomic_load(&p->stop); i++) {
            kr_pool_relax(i);
            g = atomic_load_explicit(&p->gen, memory_order_acquire);
        }
        if (g == seen) {
            pthread_mutex_lock(&p->mu);
            while ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) == seen && !atomic_load(&p->stop))
                pthread_cond_wait(&p->cv_start, &p->mu);
            pthread_mutex_unlock(&p->mu);
        }
        if (atomic_load(&p->stop))
            break;
        seen = g;
        p->fn(p->ctx, w->tid, p->n);
        if (atomic_fetch_sub_explicit(&p->pending, 1, memory_order_acq_rel) == 1) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->cv_done);
            pthread_mutex_unlock(&p->mu);
        }
    }
    return NULL;
}

kr_pool *kr_pool_new(int threads)
{
    if (threads <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        threads = c > 0 ? (c > INT_MAX ? INT_MAX : (int)c) : 1;
    }
    if (threads > KR_POOL_MAX_THREADS)
        threads = KR_POOL_MAX_THREADS;
    kr_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n = threads;
    p->th = calloc((size_t)threads, sizeof *p->th);
    p->wk = calloc((size_t)threads, sizeof *p->wk);
    if (!p->th || !p->wk) {
        free(p->th);
        free(p->wk);
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_mutex_init(&p->run_mu, NULL);
    pthread_cond_init(&p->cv_start, NULL);
    pthread_cond_init(&p->cv_done, NULL);
    atomic_init(&p->gen, 0u);
    atomic_init(&p->pending, 0);
    atomic_init(&p->stop, 0);
    /* Thread 0 is the caller of kr_pool_run, so only n-1 threads are created. */
    for (int t = 1; t < threads; t++) {
        p->wk[t].pool = p;
        p->wk[t].tid = t;
        if (pthread_create(&p->th[t], NULL, kr_pool_main, &p->wk[t]) != 0) {
            kr_pool_free(p);
            return NULL;
        }
        p->started = t;
    }
    return p;
}

void kr_pool_free(kr_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->stop, 1);
    pthread_cond_broadcast(&p->cv_start);
    pthread_mutex_unlock(&p->mu);
    for (int t = 1; t <= p->started; t++)
        pthread_join(p->th[t], NULL);
    pthread_cond_destroy(&p->cv_start);
    pthread_cond_destroy(&p->cv_done);
    pthread_mutex_destroy(&p->mu);
    pthread_mutex_destroy(&p->run_mu);
    free(p->th);
    free(p->wk);
    free(p);
}

int kr_pool_threads(const kr_pool *p) { return p ? p->n : 1; }

void kr_pool_run(kr_pool *p, void (*fn)(void *ctx, int tid, int nthreads), void *ctx)
{
    if (!fn)
        return;
    if (!p || p->n == 1) {
        fn(ctx, 0, 1);
        return;
    }
    pthread_mutex_lock(&p->run_mu);
    p->fn = fn;
    p->ctx = ctx;
    atomic_store_explicit(&p->pending, p->n - 1, memory_order_relaxed);
    pthread_mutex_lock(&p->mu);
    atomic_fetch_add_explicit(&p->gen, 1u, memory_order_release);
    pthread_cond_broadcast(&p->cv_start);
    pthread_mutex_unlock(&p->mu);

    fn(ctx, 0, p->n);

    for (int i = 0; i < KR_POOL_SPINS && atomic_load_explicit(&p->pending, memory_order_acquire) > 0; i++)
        kr_pool_relax(i);
    if (atomic_load_explicit(&p->pending, memory_order_acquire) > 0) {
        pthread_mutex_lock(&p->mu);
        while (atomic_load_explicit(&p->pending, memory_order_acquire) > 0)
            pthread_cond_wait(&p->cv_done, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
    pthread_mutex_unlock(&p->run_mu);
}

static uint64_t kr_sched_pack(uint64_t front, uint64_t back) { return front << 32 | back; }

void kr_sched_init(kr_sched *s, size_t n, size_t chunk, size_t align, int threads)
{
    s->n = n;
    s->align = align ? align : 1;
    /* Ranges are kept in 32 bits: a larger n (not met by any matrix) is split in coarser units. */
    while ((n + s->align - 1) / s->align > UINT32_MAX)
        s->align *= 2;
    chunk = chunk ? chunk : 1;
    s->chunk = (chunk + s->align - 1) / s->align;
    s->nr = threads < 1 ? 1 : (threads > KR_SCHED_RANGES ? KR_SCHED_RANGES : threads);
    const uint64_t units = (n + s->align - 1) / s->align;
    for (int t = 0; t < s->nr; t++)
        atomic_init(&s->r[t].fb, kr_sched_pack(units * (uint64_t)t / (uint64_t)s->nr,
                                               units * (uint64_t)(t + 1) / (uint64_t)s->nr));
}

/* Units [f, f + c) as items, the last piece cut at n. */
static int kr_sched_give(const kr_sched *s, uint64_t f, uint64_t c, size_t *b, size_t *e)
{
    *b = (size_t)f * s->align;
    *e = (size_t)(f + c) * s->align;
    if (*e > s->n)
        *e = s->n;
    return 1;
}

int kr_sched_next(kr_sched *s, int tid, size_t *b, size_t *e)
{
    const int own = tid >= 0 && tid < s->nr;
    if (own) {
        uint64_t v = atomic_load_explicit(&s->r[tid].fb, memory_order_relaxed);
        for (;;) {
            const uint64_t f = v >> 32, bk = v & UINT32_MAX;
            if (f >= bk)
                break;
            /* A quarter of what is left, so long ranges cost few claims (each is a locked
             * instruction) while the last pieces, which set how long a thief may wait, stay short. */
            uint64_t c = (bk - f) / 4 > s->chunk ? (bk - f) / 4 : s->chunk;
            if (c > bk - f)
                c = bk - f;
            if (atomic_compare_exchange_weak_explicit(&s->r[tid].fb, &v, kr_sched_pack(f + c, bk),
                                                      memory_order_relaxed, memory_order_relaxed))
                return kr_sched_give(s, f, c, b, e);
        }
    }
    /* Own range done: steal the back half of the largest range left. The stolen part becomes this
     * thread's range (its first piece is returned now), so it can in turn be stolen from. */
    for (;;) {
        int victim = -1;
        uint64_t most = 0, seen = 0;
        for (int t = 0; t < s->nr; t++) {
            const uint64_t v = atomic_load_explicit(&s->r[t].fb, memory_order_relaxed);
            const uint64_t f = v >> 32, bk = v & UINT32_MAX;
            if (bk > f && bk - f > most) {
                most = bk - f;
                victim = t;
                seen = v;
            }
        }
        if (victim < 0)
            return 0;
        const uint64_t f = seen >> 32, bk = seen & UINT32_MAX;
        uint64_t take = (bk - f) / 2;
        if (take < s->chunk)
            take = bk - f < s->chunk ? bk - f : s->chunk;
        /* Without a range of its own the thief keeps only one piece. */
        if (!own && take > s->chunk)
            take = s->chunk;
        const uint64_t mid = bk - take;
        if (!atomic_compare_exchange_strong_explicit(&s->r[victim].fb, &seen, kr_sched_pack(f, mid),
                                                     memory_order_relaxed, memory_order_relaxed))
            continue;
        uint64_t c = take / 4 > s->chunk ? take / 4 : s->chunk;
        if (c > take || !own)
            c = take;
        if (own)
            atomic_store_explicit(&s->r[tid].fb, kr_sched_pack(mid + c, bk), memory_order_relaxed);
        return kr_sched_give(s, mid, c, b, e);
    }
}
