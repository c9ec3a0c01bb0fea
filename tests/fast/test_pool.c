/* kr_pool: every thread id runs exactly once per region, regions are ordered, NULL pool works. */
#include <stdatomic.h>
#include <stdlib.h>

#include "kernels_ref/kr_pool.h"
#include "tests/fast/suites.h"

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

/* kr_sched hands out every item exactly once, in aligned pieces of at least min_chunk (but the
 * last), shrinking as the work runs out, also when several threads claim at once. */
typedef struct {
    kr_sched sched;
    _Atomic unsigned char *seen;
    _Atomic int bad;
} tp_sched_job;

static void tp_sched_claim(void *arg, int tid, int nthreads)
{
    tp_sched_job *j = arg;
    (void)tid;
    (void)nthreads;
    size_t b, e;
    while (kr_sched_next(&j->sched, &b, &e)) {
        if (e <= b || b % j->sched.align != 0 || (e - b < j->sched.min_chunk && e != j->sched.n))
            atomic_store(&j->bad, 1);
        for (size_t i = b; i < e; i++)
            atomic_fetch_add(&j->seen[i], 1);
    }
}

START_TEST(test_pool_sched)
{
    static const size_t ns[] = {1, 2, 3, 17, 160, 431, 8016, 128256};
    kr_pool *p = kr_pool_new(3);
    ck_assert_ptr_nonnull(p);
    for (size_t c = 0; c < sizeof ns / sizeof ns[0]; c++)
        for (size_t align = 1; align <= 16; align *= 4) {
            tp_sched_job j;
            j.seen = calloc(ns[c], 1);
            ck_assert_ptr_nonnull(j.seen);
            atomic_init(&j.bad, 0);
            kr_sched_init(&j.sched, ns[c], 2 * align, align, kr_pool_threads(p));
            kr_pool_run(p, tp_sched_claim, &j);
            ck_assert_int_eq(atomic_load(&j.bad), 0);
            for (size_t i = 0; i < ns[c]; i++)
                ck_assert_msg(atomic_load(&j.seen[i]) == 1, "n=%zu align=%zu: item %zu claimed %d times", ns[c], align,
                              i, (int)atomic_load(&j.seen[i]));
            free((void *)j.seen);
        }
    /* single-threaded: the first piece is n / (4 * threads), later pieces shrink */
    kr_sched s;
    size_t b, e, last = (size_t)-1, pieces = 0;
    kr_sched_init(&s, 1000, 4, 1, 2);
    while (kr_sched_next(&s, &b, &e)) {
        if (pieces == 0)
            ck_assert_uint_eq(e - b, 125);
        ck_assert_uint_le(e - b, last);
        last = e - b;
        pieces++;
    }
    ck_assert_uint_gt(pieces, 8);
    kr_pool_free(p);
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
