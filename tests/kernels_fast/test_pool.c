/* kr_pool: every thread id runs exactly once per region, regions are ordered, NULL pool works. */
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "kernels_fast/kr_pool.h"
#include "tests/kernels_fast/suites.h"

typedef struct {
    atomic_int hits[8];
    atomic_int seen_n;
    int round;
    atomic_int bad_round;
    int last[8];
} tf_pool_ctx;

static void tf_pool_fn(void *arg, int tid, int nthreads)
{
    tf_pool_ctx *c = arg;
    atomic_fetch_add(&c->hits[tid], 1);
    atomic_store(&c->seen_n, nthreads);
    /* Each thread must see the round the caller set before starting this region. */
    if (c->last[tid] != c->round - 1)
        atomic_fetch_add(&c->bad_round, 1);
    c->last[tid] = c->round;
}

START_TEST(test_pool_counts)
{
    for (int th = 1; th <= 5; th++) {
        kr_pool *p = kr_pool_new(th);
        ck_assert_ptr_nonnull(p);
        ck_assert_int_eq(kr_pool_threads(p), th);
        tf_pool_ctx c = {0};
        for (int i = 0; i < 8; i++)
            c.last[i] = 0;
        for (int r = 1; r <= 2000; r++) {
            c.round = r;
            kr_pool_run(p, tf_pool_fn, &c);
        }
        for (int i = 0; i < th; i++)
            ck_assert_int_eq(atomic_load(&c.hits[i]), 2000);
        for (int i = th; i < 8; i++)
            ck_assert_int_eq(atomic_load(&c.hits[i]), 0);
        ck_assert_int_eq(atomic_load(&c.seen_n), th);
        ck_assert_int_eq(atomic_load(&c.bad_round), 0);
        kr_pool_free(p);
    }
}
END_TEST

START_TEST(test_pool_null_and_default)
{
    tf_pool_ctx c = {0};
    c.round = 1;
    kr_pool_run(NULL, tf_pool_fn, &c);
    ck_assert_int_eq(atomic_load(&c.hits[0]), 1);
    ck_assert_int_eq(atomic_load(&c.seen_n), 1);
    ck_assert_int_eq(kr_pool_threads(NULL), 1);
    kr_pool *p = kr_pool_new(0);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_ge(kr_pool_threads(p), 1);
    kr_pool_run(p, NULL, &c); /* no function: nothing to run, must not crash */
    kr_pool_free(p);
    kr_pool_free(NULL);
}
END_TEST

/* kr_sched hands out every item exactly once, in aligned pieces, also when several threads claim at
 * once and one of them is held up (the others must take its work over). */
typedef struct {
    kr_sched sched;
    _Atomic unsigned char *seen;
    _Atomic int *owner;
    _Atomic int bad;
    int stall_tid;
} tp_sched_job;

static void tp_sched_claim(void *arg, int tid, int nthreads)
{
    tp_sched_job *j = arg;
    (void)nthreads;
    size_t b, e;
    while (kr_sched_next(&j->sched, tid, &b, &e)) {
        if (e <= b || b % j->sched.align != 0 || (e % j->sched.align != 0 && e != j->sched.n) || e > j->sched.n)
            atomic_store(&j->bad, 1);
        for (size_t i = b; i < e; i++) {
            atomic_fetch_add(&j->seen[i], 1);
            atomic_store(&j->owner[i], tid);
        }
        if (tid == j->stall_tid)
            usleep(20000);
    }
}

START_TEST(test_pool_sched)
{
    static const size_t ns[] = {1, 2, 3, 17, 160, 431, 8016, 128256};
    kr_pool *p = kr_pool_new(3);
    ck_assert_ptr_nonnull(p);
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++)
        for (size_t align = 1; align <= 16; align *= 4)
            for (int stall = -1; stall < 3; stall += 3) {
                tp_sched_job j;
                j.seen = calloc(ns[c], 1);
                j.owner = calloc(ns[c], sizeof *j.owner);
                ck_assert_ptr_nonnull(j.seen);
                ck_assert_ptr_nonnull(j.owner);
                atomic_init(&j.bad, 0);
                j.stall_tid = stall < 0 ? -1 : 0;
                kr_sched_init(&j.sched, ns[c], 2 * align, align, kr_pool_threads(p));
                kr_pool_run(p, tp_sched_claim, &j);
                ck_assert_int_eq(atomic_load(&j.bad), 0);
                for (size_t i = 0; i < ns[c]; i++)
                    ck_assert_msg(atomic_load(&j.seen[i]) == 1, "n=%zu align=%zu: item %zu claimed %d times", ns[c],
                                  align, i, (int)atomic_load(&j.seen[i]));
                /* Thread 0 sleeps after every piece: the others must have taken most of its third. */
                if (stall >= 0 && ns[c] >= 8016) {
                    size_t stolen = 0;
                    for (size_t i = 0; i < ns[c] / 3; i++)
                        stolen += atomic_load(&j.owner[i]) != 0;
                    ck_assert_msg(stolen > ns[c] / 6, "n=%zu: only %zu of thread 0's items were taken over", ns[c],
                                  stolen);
                }
                free((void *)j.seen);
                free((void *)j.owner);
            }
    kr_pool_free(p);

    /* One caller as thread 0 of 2: its own half front to back (one stream) in pieces of a quarter of
     * what it has left, down to chunk; then the back half of what is left of thread 1's range. */
    kr_sched s;
    size_t b, e, next = 0, last = 500;
    kr_sched_init(&s, 1000, 4, 1, 2);
    while (next < 500) {
        ck_assert(kr_sched_next(&s, 0, &b, &e));
        ck_assert_uint_eq(b, next);
        const size_t left = 500 - b, want = left / 4 > 4 ? left / 4 : (left < 4 ? left : 4);
        ck_assert_uint_eq(e - b, want);
        ck_assert_uint_le(e - b, last);
        last = e - b;
        next = e;
    }
    ck_assert(kr_sched_next(&s, 0, &b, &e));
    ck_assert_uint_eq(b, 750); /* the back half of [500, 1000), a quarter of it first */
    ck_assert_uint_eq(e, 750 + 62);
    /* thread 1 still starts at the front of its range, now [500, 750) */
    ck_assert(kr_sched_next(&s, 1, &b, &e));
    ck_assert_uint_eq(b, 500);
    ck_assert_uint_eq(e, 500 + 62);
    size_t total = 500 + 62 + 62;
    /* a thread beyond the ranges takes a piece but keeps no range of its own */
    ck_assert(kr_sched_next(&s, KR_SCHED_RANGES + 3, &b, &e));
    total += e - b;
    while (kr_sched_next(&s, 1, &b, &e))
        total += e - b;
    ck_assert_uint_eq(total, 1000);
}
END_TEST

Suite *suite_fast_pool(void)
{
    Suite *s = suite_create("fast_pool");
    TCase *tc = tcase_create("pool");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_pool_counts);
    tcase_add_test(tc, test_pool_null_and_default);
    tcase_add_test(tc, test_pool_sched);
    suite_add_tcase(s, tc);
    return s;
}
