/*
 * The "cpu" backend: kernels_ref on the host. Uses the fast SIMD kernel (kernels_ref/kr_fast.h)
 * when the build has it (RT_HAVE_KR_FAST, set by driver/driver.mk when kr_fast is compiled),
 * otherwise the scalar reference split over threads by output rows.
 */
#include "runtime/rt_backend_impl.h"
#include "kernels_ref/kr_gemm.h"
#include "kernels_ref/kr_pool.h"
#ifdef RT_HAVE_KR_FAST
#include "kernels_ref/kr_fast.h"
#endif

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    kr_pool *pool;
    int threads;
} cpu_impl;

static void *cpu_open(const rt_backend_opts *opts, char *err, size_t errlen)
{
    cpu_impl *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "cpu backend: out of memory");
        return NULL;
    }
    c->pool = kr_pool_new(opts->threads);
    if (!c->pool) {
        free(c);
        snprintf(err, errlen, "cpu backend: cannot start a pool of %d threads", opts->threads);
        return NULL;
    }
    c->threads = kr_pool_threads(c->pool);
    return c;
}

static void cpu_close(void *impl)
{
    cpu_impl *c = impl;
    kr_pool_free(c->pool);
    free(c);
}

#ifdef RT_HAVE_KR_FAST
static void *cpu_prepare(void *impl, const kr_tern *w, char *err, size_t errlen)
{
    (void)impl;
    kr_fast_w *fw = NULL;
    kr_status ks = kr_fast_prepare(w, KR_ISA_AUTO, &fw);
    if (ks) {
        snprintf(err, errlen, "cpu backend: repacking %zu x %zu weights failed: %s", w->rows, w->cols, kr_strerror(ks));
        return NULL;
    }
    return fw;
}

static void cpu_release(void *impl, void *prepared)
{
    (void)impl;
    kr_fast_free(prepared);
}
#else
/* The reference kernel reads the canonical matrix that rt_backend.c keeps; nothing to repack. */
static void *cpu_prepare(void *impl, const kr_tern *w, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    (void)w;
    return impl;
}

static void cpu_release(void *impl, void *prepared)
{
    (void)impl;
    (void)prepared;
}

typedef struct {
    const kr_tern *w;
    const int8_t *q;
    size_t n, ldq, ldy;
    int32_t *y;
    kr_status st[256];
} ref_job;

static void ref_rows(void *ctx, int tid, int nthreads)
{
    ref_job *j = ctx;
    size_t m = j->w->rows, per = (m + (size_t)nthreads - 1) / (size_t)nthreads;
    size_t r0 = (size_t)tid * per, r1 = r0 + per < m ? r0 + per : m;
    if (r0 >= r1)
        return;
    /* A view of rows [r0, r1): rows start on byte boundaries, so the codes pointer just moves. */
    kr_tern part = *j->w;
    part.rows = r1 - r0;
    part.codes = j->w->codes + r0 * j->w->stride;
    kr_status st = kr_gemm_ref(&part, j->q, j->n, j->ldq, j->y + r0, j->ldy);
    if (tid < 256)
        j->st[tid] = st;
}
#endif

static int cpu_matmul(void *impl, void *prepared, const kr_tern *w, const int8_t *q, size_t n, size_t ldq, int32_t *y,
                      size_t ldy, rt_stats *st, char *err, size_t errlen)
{
    cpu_impl *c = impl;
    (void)st;
#ifdef RT_HAVE_KR_FAST
    (void)w;
    kr_status ks = kr_fast_gemm(prepared, q, n, ldq, y, ldy, c->pool);
#else
    (void)prepared;
    ref_job j = {w, q, n, ldq, ldy, y, {KR_OK}};
    kr_pool_run(c->pool, ref_rows, &j);
    kr_status ks = KR_OK;
    for (int i = 0; i < c->threads && i < 256; i++)
        if (j.st[i])
            ks = j.st[i];
#endif
    if (ks) {
        snprintf(err, errlen, "cpu kernel failed: %s", kr_strerror(ks));
        return RT_RUN_ERROR;
    }
    return RT_RUN_OK;
}

static const char *cpu_kernel(void)
{
#ifdef RT_HAVE_KR_FAST
    return kr_isa_name(kr_fast_best_isa());
#else
    return "kr_gemm_ref (scalar)";
#endif
}

static void cpu_describe(void *impl, char *buf, size_t len)
{
    cpu_impl *c = impl;
    snprintf(buf, len, "cpu: kernels_ref %s, %d thread%s", cpu_kernel(), c->threads, c->threads == 1 ? "" : "s");
}

static void cpu_hwinfo(void *impl, rt_hwinfo *hw)
{
    cpu_impl *c = impl;
    hw->threads = c->threads;
    snprintf(hw->cpu_kernel, sizeof hw->cpu_kernel, "%s", cpu_kernel());
}

const rt_backend_vt rt_backend_cpu_vt = {
    .name = "cpu",
    .offloads = 0,
#ifdef RT_HAVE_KR_FAST
    .needs_canonical = 0,
#else
    .needs_canonical = 1, /* the reference kernel reads the canonical matrix */
#endif
    .open = cpu_open,
    .close = cpu_close,
    .prepare = cpu_prepare,
    .release = cpu_release,
    .matmul = cpu_matmul,
    .describe = cpu_describe,
    .hwinfo = cpu_hwinfo,
};
