/* Shared helpers of the backend runner: random problems, the reference, bit-exact comparison. */
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_gemm.h"
#include "tests/backend/suites.h"

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

void be_problem_make(be_problem *p, size_t m, size_t k, size_t n, size_t ldq, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    p->m = m, p->k = k, p->n = n, p->ldq = ldq;
    ck_assert_int_eq(kr_tern_alloc(&p->w, m, k), KR_OK);
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (size_t r = 0; r < m; r++)
        for (size_t c = 0; c < k; c++)
            kr_tern_set(&p->w, r, c, (int)(rnd(&s) % 3u) - 1);
    p->q = malloc(n * ldq);
    ck_assert_ptr_nonnull(p->q);
    for (size_t i = 0; i < n * ldq; i++)
        p->q[i] = (int8_t)(rnd(&s) >> 56); /* the full int8 range, -128 included */
}

void be_problem_free(be_problem *p)
{
    kr_tern_free(&p->w);
    free(p->q);
}

int32_t *be_reference(const be_problem *p)
{
    int32_t *y = malloc(p->n * p->m * sizeof *y);
    ck_assert_ptr_nonnull(y);
    ck_assert_int_eq(kr_gemm_ref(&p->w, p->q, p->n, p->ldq, y, p->m), KR_OK);
    return y;
}

int32_t *be_run(rt_backend *b, const be_problem *p, size_t ldy)
{
    char err[512] = "";
    rt_weights *rw = NULL;
    ck_assert_msg(rt_backend_prepare(b, &p->w, &rw, err, sizeof err) == 0, "prepare: %s", err);
    int32_t *y = malloc(p->n * ldy * sizeof *y);
    ck_assert_ptr_nonnull(y);
    /* Poison so an element the backend never writes cannot match by accident. */
    memset(y, 0xA5, p->n * ldy * sizeof *y);
    ck_assert_msg(rt_backend_matmul(b, rw, p->q, p->n, p->ldq, y, ldy, err, sizeof err) == 0, "matmul: %s", err);
    rt_backend_release(b, rw);
    return y;
}

void be_assert_equal(const int32_t *y, size_t ldy, const int32_t *ref, size_t m, size_t n, const char *what)
{
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < m; i++)
            if (y[t * ldy + i] != ref[t * m + i])
                ck_abort_msg("%s: first difference at n=%zu m=%zu: got %d, reference %d", what, t, i,
                             (int)y[t * ldy + i], (int)ref[t * m + i]);
}
