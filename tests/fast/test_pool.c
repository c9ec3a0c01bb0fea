/* kr_pool: every thread id runs exactly once per region, regions are ordered, NULL pool works. */
#include <stdatomic.h>

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

Suite *suite_fast_pool(void)
{
    Suite *s = suite_create("fast_pool");
    TCase *tc = tcase_create("pool");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_pool_counts);
    tcase_add_test(tc, test_pool_null_and_default);
    suite_add_tcase(s, tc);
    return s;
}
