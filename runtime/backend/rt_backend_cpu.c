/*
 * The "cpu" backend: the fast SIMD kernel (kernels_fast/kr_fast.h) on the host, on the
 * caller's thread pool when it lends one.
 */
#include "runtime/backend/rt_backend_impl.h"
#include "kernels_fast/kr_pool.h"
#include "kernels_fast/kr_fast.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    kr_pool *pool;
    int owns_pool;
    kr_fast_layout layout; /* of every matrix this backend prepares */
    char kernel[40];       /* the kernel that runs that layout here */
} cpu_impl;

static void *cpu_open(const rt_backend_desc *d, const rt_backend_opts *opts, char *err, size_t errlen)
{
    (void)d;
    cpu_impl *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "cpu backend: out of memory");
        return NULL;
    }
    c->pool = opts->pool;
    if (!c->pool) {
        c->pool = kr_pool_new(opts->threads);
        c->owns_pool = 1;
    }
    if (!c->pool) {
        free(c);
        snprintf(err, errlen, "cpu backend: cannot start a pool of %d threads", opts->threads);
        return NULL;
    }
    switch (opts->cpu_weights) {
    case RT_CPU_WEIGHTS_2BIT: c->layout = KR_LAYOUT_2BIT; break;
    case RT_CPU_WEIGHTS_BASE3: c->layout = KR_LAYOUT_BASE3; break;
    case RT_CPU_WEIGHTS_AUTO: c->layout = kr_fast_layout_auto(KR_ISA_AUTO, kr_pool_threads(c->pool)); break;
    default:
        if (c->owns_pool)
            kr_pool_free(c->pool);
        free(c);
        snprintf(err, errlen, "cpu backend: unknown weight layout %d", (int)opts->cpu_weights);
        return NULL;
    }
    /* The kernel's name, from a one-weight matrix in that layout (so describe() never fails). */
    snprintf(c->kernel, sizeof c->kernel, "%s", kr_isa_name(kr_fast_best_isa()));
    kr_tern one;
    if (kr_tern_alloc(&one, 1, 1) == KR_OK) {
        kr_fast_w *fw = NULL;
        if (kr_fast_prepare_layout(&one, KR_ISA_AUTO, c->layout, &fw) == KR_OK)
            snprintf(c->kernel, sizeof c->kernel, "%s", kr_fast_w_kernel(fw));
        kr_fast_free(fw);
        kr_tern_free(&one);
    }
    return c;
}

static void cpu_close(void *impl)
{
    cpu_impl *c = impl;
    if (c->owns_pool)
        kr_pool_free(c->pool);
    free(c);
}

static void *cpu_prepare(void *impl, const kr_tern *w, char *err, size_t errlen)
{
    cpu_impl *c = impl;
    kr_fast_w *fw = NULL;
    kr_status ks = kr_fast_prepare_layout(w, KR_ISA_AUTO, c->layout, &fw);
    if (ks) {
        snprintf(err, errlen, "cpu backend: repacking %zu x %zu weights (%s) failed: %s", w->rows, w->cols,
                 kr_fast_layout_name(c->layout), kr_strerror(ks));
        return NULL;
    }
    return fw;
}

static void cpu_release(void *impl, void *prepared)
{
    (void)impl;
    kr_fast_free(prepared);
}

static int cpu_matmul(void *impl, void *prepared, const kr_tern *w, const int8_t *q, size_t n, size_t ldq, int32_t *y,
                      size_t ldy, rt_stats *st, char *err, size_t errlen)
{
    cpu_impl *c = impl;
    (void)st;
    (void)w;
    kr_status ks = kr_fast_gemm(prepared, q, n, ldq, y, ldy, c->pool);
    if (ks) {
        snprintf(err, errlen, "cpu kernel failed: %s", kr_strerror(ks));
        return RT_RUN_ERROR;
    }
    return RT_RUN_OK;
}

static void cpu_describe(void *impl, char *buf, size_t len)
{
    cpu_impl *c = impl;
    const int t = kr_pool_threads(c->pool);
    snprintf(buf, len, "cpu: kernels_fast %s, %s weights, %d thread%s", c->kernel, kr_fast_layout_name(c->layout), t,
             t == 1 ? "" : "s");
}

static void cpu_hwinfo(void *impl, rt_hwinfo *hw)
{
    cpu_impl *c = impl;
    hw->threads = kr_pool_threads(c->pool);
    snprintf(hw->cpu_kernel, sizeof hw->cpu_kernel, "%s %s", c->kernel, kr_fast_layout_name(c->layout));
}

const rt_backend_vt rt_backend_cpu_vt = {
    .desc = {.name = "cpu",
             .description = "the fast CPU kernels (kernels_fast/, bit-exact with kernels_ref) on this host",
             .caps = RT_CAP_THREADS},
    .needs_canonical = 0,
    .open = cpu_open,
    .close = cpu_close,
    .prepare = cpu_prepare,
    .release = cpu_release,
    .matmul = cpu_matmul,
    .describe = cpu_describe,
    .hwinfo = cpu_hwinfo,
};
