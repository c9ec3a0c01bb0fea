/* Backend dispatch: checks, the kernels_ref copy of the weights, --verify, CPU fallback, statistics,
 * messages through the program's log callback. */
#include "runtime/backend/rt_backend.h"
#include "runtime/common/rt_fail.h"
#include "runtime/backend/rt_backend_impl.h"
#include "kernels_ref/kr_gemm.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct rt_backend {
    const rt_backend_vt *vt;
    rt_backend_desc desc;
    void *impl;
    rt_backend_opts opts;
    rt_stats stats;
    rt_stats last;       /* the most recent call alone */
    uint64_t call_no;    /* every matmul, counted from 1, for messages */
    int32_t *ref;        /* --verify scratch: the kernels_ref result */
    size_t ref_len;
};

struct rt_weights {
    size_t rows, cols;
    int has_copy;        /* w holds a copy: needed by --verify (and its fallback) or by the backend */
    kr_tern w;           /* the definition, when has_copy */
    void *prepared;
    const rt_backend *owner;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

rt_backend *rt_backend_open(const char *name, const rt_backend_opts *opts, char *err, size_t errlen)
{
    const rt_backend_vt *vt = NULL;
    rt_backend_desc desc;
    if (rt_backend_registry_find(name, &desc, &vt)) {
        char names[256];
        rt_backend_names(names, sizeof names);
        rt_fail(err, errlen, "unknown backend '%s' (this program has: %s)", name ? name : "(null)", names);
        return NULL;
    }
    rt_backend *b = calloc(1, sizeof *b);
    if (!b) {
        rt_fail(err, errlen, "backend %s: out of memory", name);
        return NULL;
    }
    b->vt = vt;
    b->desc = desc;
    if (opts)
        b->opts = *opts;
    if (b->opts.freq_mhz <= 0)
        b->opts.freq_mhz = RT_DEFAULT_FREQ_MHZ;
    if (b->opts.threads < 0) {
        rt_fail(err, errlen, "backend %s: threads must be >= 0 (0 = one per core), got %d", name, b->opts.threads);
        free(b);
        return NULL;
    }
    if (b->opts.timing_only && (!(desc.caps & RT_CAP_TIMING_ONLY) || b->opts.verify)) {
        rt_fail(err, errlen, "backend %s: %s", name,
                b->opts.verify ? "timing-only runs compute no results to verify"
                               : "this backend has no timing-only mode (tlm has)");
        free(b);
        return NULL;
    }
    if (b->opts.config && !(desc.caps & RT_CAP_CONFIGS)) {
        rt_fail(err, errlen, "backend %s has no hardware configurations (asked for '%s')", name, b->opts.config);
        free(b);
        return NULL;
    }
    b->impl = vt->open(&b->desc, &b->opts, err, errlen);
    if (!b->impl) {
        free(b);
        return NULL;
    }
    return b;
}

void rt_backend_close(rt_backend *b)
{
    if (!b)
        return;
    b->vt->close(b->impl);
    free(b->ref);
    free(b);
}

const char *rt_backend_name(const rt_backend *b) { return b ? b->desc.name : "(none)"; }
const rt_backend_desc *rt_backend_get_desc(const rt_backend *b) { return b ? &b->desc : NULL; }
const rt_stats *rt_backend_stats(const rt_backend *b) { return b ? &b->stats : NULL; }
const rt_stats *rt_backend_last(const rt_backend *b) { return b ? &b->last : NULL; }

void rt_backend_stats_reset(rt_backend *b)
{
    if (b)
        memset(&b->stats, 0, sizeof b->stats);
}

void rt_backend_describe(const rt_backend *b, char *buf, size_t len)
{
    if (!buf || !len)
        return;
    if (!b) {
        snprintf(buf, len, "(no backend)");
        return;
    }
    b->vt->describe(b->impl, buf, len);
}

void rt_backend_hwinfo(const rt_backend *b, rt_hwinfo *hw)
{
    if (!hw)
        return;
    memset(hw, 0, sizeof *hw);
    if (!b)
        return;
    snprintf(hw->backend, sizeof hw->backend, "%s", b->desc.name);
    hw->freq_mhz = b->opts.freq_mhz;
    b->vt->hwinfo(b->impl, hw);
}

void *rt_backend_impl(rt_backend *b, const rt_backend_vt *vt)
{
    return b && b->vt == vt ? b->impl : NULL;
}

void *rt_weights_prepared(rt_weights *w) { return w ? w->prepared : NULL; }

int rt_backend_prepare(rt_backend *b, const kr_tern *w, rt_weights **out, char *err, size_t errlen)
{
    if (!b || !w || !out || !w->codes)
        return rt_fail(err, errlen, "rt_backend_prepare: NULL backend, weights or output");
    *out = NULL;
    if (w->rows == 0 || w->cols == 0 || w->stride != kr_tern_row_bytes(w->cols) || w->cols > KR_GEMM_MAX_K)
        return rt_fail(err, errlen, "rt_backend_prepare: weights %zu x %zu (stride %zu) are not a valid ternary matrix",
                    w->rows, w->cols, w->stride);
    if (w->rows > SIZE_MAX / w->stride)
        return rt_fail(err, errlen, "rt_backend_prepare: weights %zu x %zu overflow memory sizes", w->rows, w->cols);
    kr_status ks = kr_tern_validate(w);
    if (ks)
        return rt_fail(err, errlen, "rt_backend_prepare: weights %zu x %zu: %s", w->rows, w->cols, kr_strerror(ks));
    rt_weights *rw = calloc(1, sizeof *rw);
    if (!rw)
        return rt_fail(err, errlen, "rt_backend_prepare: out of memory");
    rw->rows = w->rows;
    rw->cols = w->cols;
    rw->owner = b;
    /* A 2B model's ternary weights are ~0.6 GB: keep the canonical copy only when something reads it. */
    rw->has_copy = b->opts.verify || b->vt->needs_canonical;
    if (rw->has_copy) {
        if (kr_tern_alloc(&rw->w, w->rows, w->cols)) {
            free(rw);
            return rt_fail(err, errlen, "rt_backend_prepare: out of memory copying %zu x %zu weights", w->rows,
                        w->cols);
        }
        memcpy(rw->w.codes, w->codes, w->rows * w->stride);
        rw->w.scale = w->scale;
    }
    rw->prepared = b->vt->prepare(b->impl, rw->has_copy ? &rw->w : w, err, errlen);
    if (!rw->prepared) {
        if (rw->has_copy)
            kr_tern_free(&rw->w);
        free(rw);
        return -1;
    }
    *out = rw;
    return 0;
}

void rt_backend_release(rt_backend *b, rt_weights *w)
{
    if (!b || !w)
        return;
    b->vt->release(b->impl, w->prepared);
    if (w->has_copy)
        kr_tern_free(&w->w);
    free(w);
}

/* The kernels_ref answer into b->ref (n rows of M, dense). */
static int reference(rt_backend *b, const kr_tern *w, const int8_t *q, size_t n, size_t ldq, char *err,
                     size_t errlen)
{
    size_t need = n * w->rows;
    if (need > b->ref_len) {
        int32_t *r = realloc(b->ref, need * sizeof *r);
        if (!r)
            return rt_fail(err, errlen, "verify: out of memory for a %zu x %zu reference result", n, w->rows);
        b->ref = r;
        b->ref_len = need;
    }
    double t0 = now_s();
    kr_status ks = kr_gemm_ref(w, q, n, ldq, b->ref, w->rows);
    double dt = now_s() - t0;
    b->stats.cpu_ref_seconds += dt;
    b->last.cpu_ref_seconds += dt;
    if (ks)
        return rt_fail(err, errlen, "verify: kernels_ref failed: %s", kr_strerror(ks));
    return 0;
}

static void use_reference(rt_backend *b, size_t m, size_t n, int32_t *y, size_t ldy)
{
    for (size_t t = 0; t < n; t++)
        memcpy(y + t * ldy, b->ref + t * m, m * sizeof *y);
}

int rt_backend_matmul(rt_backend *b, rt_weights *w, const int8_t *q, size_t n, size_t ldq, int32_t *y, size_t ldy,
                      char *err, size_t errlen)
{
    if (!b || !w || !q || !y)
        return rt_fail(err, errlen, "rt_backend_matmul: NULL backend, weights, activations or result");
    if (w->owner != b)
        return rt_fail(err, errlen, "rt_backend_matmul: weights were prepared by another backend");
    const kr_tern *t = w->has_copy ? &w->w : NULL;
    size_t m = w->rows, k = w->cols;
    if (n == 0 || ldq < k || ldy < m)
        return rt_fail(err, errlen, "rt_backend_matmul: N=%zu, ldq=%zu (K=%zu), ldy=%zu (M=%zu): need N >= 1, ldq >= K, "
                    "ldy >= M", n, ldq, k, ldy, m);
    if (n > SIZE_MAX / ldq || n > SIZE_MAX / ldy / sizeof(int32_t) || n > SIZE_MAX / m / sizeof(int32_t))
        return rt_fail(err, errlen, "rt_backend_matmul: N=%zu rows overflow memory sizes", n);
    uint64_t call = ++b->call_no;
    rt_stats d;
    memset(&d, 0, sizeof d);
    d.calls = 1;
    d.macs = (uint64_t)m * k * n;
    char why[512] = "";
    double t0 = now_s();
    int rc = b->vt->matmul(b->impl, w->prepared, t, q, n, ldq, y, ldy, &d, why, sizeof why);
    d.host_seconds = now_s() - t0;
    d.modeled_seconds = (double)d.cycles / (b->opts.freq_mhz * 1e6);
    b->last = d;
    if (rc == RT_RUN_ERROR) {
        rt_stats_add(&b->stats, &d);
        return rt_fail(err, errlen, "%s backend, call %" PRIu64 " (M=%zu K=%zu N=%zu): %s", b->desc.name, call, m, k, n,
                    why);
    }
    if (rc == RT_RUN_DEVICE_FAILED) {
        d.device_errors = 1;
        b->last.device_errors = 1;
        rt_stats_add(&b->stats, &d);
        rt_logf(&b->opts.log, RT_LOG_ERROR, "%s backend, call %" PRIu64 " (M=%zu K=%zu N=%zu): %s", b->desc.name,
                call, m, k, n, why);
        if (!b->opts.verify) {
            char why2[256] = "no CPU fallback for this backend";
            if (!b->vt->fallback || b->vt->fallback(b->impl, w->prepared, q, n, ldq, y, ldy, why2, sizeof why2))
                return rt_fail(err, errlen, "%s backend, call %" PRIu64 " (M=%zu K=%zu N=%zu): %s; %s", b->desc.name,
                               call, m, k, n, why, why2);
            b->stats.fallbacks++;
            b->last.fallbacks = 1;
            rt_logf(&b->opts.log, RT_LOG_WARN,
                    "call %" PRIu64 " answered by the CPU instead (from the device's copy of the weights)", call);
            return 0;
        }
        if (reference(b, t, q, n, ldq, err, errlen))
            return -1;
        use_reference(b, m, n, y, ldy);
        b->stats.fallbacks++;
        b->last.fallbacks = 1;
        rt_logf(&b->opts.log, RT_LOG_WARN, "call %" PRIu64 " answered by the CPU reference instead", call);
        return 0;
    }
    if (b->desc.caps & RT_CAP_OFFLOADS)
        d.offloaded = 1;
    b->last = d;
    rt_stats_add(&b->stats, &d);
    if (!b->opts.verify)
        return 0;
    if (reference(b, t, q, n, ldq, err, errlen))
        return -1;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < m; i++)
            if (y[r * ldy + i] != b->ref[r * m + i]) {
                rt_logf(&b->opts.log, RT_LOG_ERROR,
                        "verify: %s backend, call %" PRIu64 " (M=%zu K=%zu N=%zu): result differs first at "
                        "row n=%zu, output m=%zu: device %" PRId32 ", reference %" PRId32 "; using the CPU result",
                        b->desc.name, call, m, k, n, r, i, y[r * ldy + i], b->ref[r * m + i]);
                b->stats.mismatches++;
                b->stats.fallbacks++;
                b->last.mismatches = b->last.fallbacks = 1;
                use_reference(b, m, n, y, ldy);
                return 0;
            }
    return 0;
}

void rt_stats_add(rt_stats *a, const rt_stats *d)
{
    a->calls += d->calls;
    a->offloaded += d->offloaded;
    a->macs += d->macs;
    a->weight_bytes += d->weight_bytes;
    a->cycles += d->cycles;
    a->ideal_cycles += d->ideal_cycles;
    a->compute_cycles += d->compute_cycles;
    a->dma_read_bytes += d->dma_read_bytes;
    a->dma_write_bytes += d->dma_write_bytes;
    a->stall_weight += d->stall_weight;
    a->stall_act += d->stall_act;
    a->stall_out += d->stall_out;
    a->ternary_ops += d->ternary_ops;
    a->modeled_seconds += d->modeled_seconds;
    a->host_seconds += d->host_seconds;
    a->cpu_ref_seconds += d->cpu_ref_seconds;
    a->mismatches += d->mismatches;
    a->device_errors += d->device_errors;
    a->fallbacks += d->fallbacks;
    a->hard_resets += d->hard_resets;
    a->faults_injected += d->faults_injected;
    a->faults_struck += d->faults_struck;
}

static const char *const rt_cpu_weights_names[] = {"auto", "2bit", "base3"};

int rt_cpu_weights_parse(const char *s, rt_cpu_weights *out)
{
    for (int i = 0; s && i < 3; i++)
        if (!strcmp(s, rt_cpu_weights_names[i])) {
            *out = (rt_cpu_weights)i;
            return 0;
        }
    return -1;
}

const char *rt_cpu_weights_name(rt_cpu_weights w)
{
    return (unsigned)w < 3u ? rt_cpu_weights_names[w] : "unknown";
}
