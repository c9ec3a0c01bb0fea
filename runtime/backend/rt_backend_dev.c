/*
 * The device backends (one registry entry per driver backend: sim, ...): every matmul goes to the
 * accelerator through the driver. Weights are packed
 * once per K chunk into device buffers; activations and results are staged per command in two
 * buffers that grow to the largest command seen. Any device failure soft-resets the device and
 * is returned as RT_RUN_DEVICE_FAILED so rt_backend.c can answer from the CPU.
 */
#include "driver/tdrv_layout.h"
#include "driver/tdrv_ops.h"
#include "kernels_ref/kr_gemm.h"
#include "runtime/backend/rt_backend_dev.h"
#include "runtime/backend/rt_backend_impl.h"
#include "runtime/backend/rt_dev_faults.h"
#include "runtime/backend/rt_tiler.h"
#include "runtime/backend/rt_wpack_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    tdrv_dev *dev;
    tdrv_info info;
    rt_tile_limits lim;
    uint64_t timeout;     /* 0 = derive per command */
    tdrv_wfmt wfmt;       /* weight-stream format of every command */
    tdrv_buf *xbuf, *ybuf;
    int8_t *xrow;         /* one padded activation row */
    int32_t *yrow;        /* one result row */
    size_t xrow_len, yrow_len;
    rt_dev_faults faults; /* soak tests: random faults in the memory model */
} dev_impl;

/* One command's worth of weights: rows [m0, m0+mc) x columns [k0, k0+kc), packed. */
typedef struct {
    size_t m0, mc, k0, kc;
    tdrv_buf *buf;
    uint64_t bytes;
} dev_chunk;

typedef struct {
    size_t m, k, nchunks; /* chunks M-major: all K chunks of one M chunk are adjacent, first one writes */
    dev_chunk *ch;
} dev_w;

/* The driver's progress (a model being built) as an informational message of the runtime's log. */
static void tell(void *ctx, const char *msg) { rt_logf(ctx, RT_LOG_INFO, "%s", msg); }

static void *dev_open(const rt_backend_desc *d, const rt_backend_opts *opts, char *err, size_t errlen)
{
    dev_impl *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "device backend: out of memory");
        return NULL;
    }
    const tdrv_open_args args = {.config = opts->config, .timing_only = opts->timing_only, .progress = tell,
                                 .progress_ctx = (void *)&opts->log};
    if (tdrv_open_with(d->name, &args, &s->dev, err, errlen)) {
        free(s);
        return NULL;
    }
    s->info = *tdrv_get_info(s->dev);
    s->lim.rows = s->info.hw.rows;
    s->lim.cols = s->info.hw.cols;
    s->lim.bus_bytes = s->info.hw.data_w / 8;
    s->lim.act_bytes = s->info.hw.act_bytes;
    s->lim.acc_words = s->info.hw.acc_words;
    s->timeout = opts->timeout_cycles;
    const tdrv_ops *ops = tdrv_backend_find(d->name);
    if (opts->fault_rate < 0 || opts->fault_rate > 1 || (opts->fault_rate > 0 && !(ops && (ops->caps & TDRV_CAP_FAULTS)))) {
        snprintf(err, errlen, "device backend: %s cannot inject faults at rate %g (a rate from 0 to 1, on a backend "
                 "with a memory model: sim)", d->name, opts->fault_rate);
        tdrv_close(s->dev);
        free(s);
        return NULL;
    }
    rt_dev_faults_init(&s->faults, opts->fault_rate, opts->fault_seed);
    /* Base-3 streams are 20% fewer bytes for the same results: the default wherever the device decodes them. */
    s->wfmt = tdrv_wfmt_supported(&s->info.hw, TDRV_WFMT_BASE3) ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT;
    if (opts->weights && (tdrv_wfmt_parse(opts->weights, &s->wfmt) || !tdrv_wfmt_supported(&s->info.hw, s->wfmt))) {
        if (!strcmp(opts->weights, "base3"))
            snprintf(err, errlen, "device backend: configuration %s does not decode base-3 weights (CFG_WFORMATS = %u); "
                     "use --weights 2bit", s->info.config, (unsigned)s->info.hw.wformats);
        else
            snprintf(err, errlen, "device backend: '%s' is not a weight format (2bit or base3)", opts->weights);
        tdrv_close(s->dev);
        free(s);
        return NULL;
    }
    if (rt_tiler_max_k(&s->lim) == 0) {
        snprintf(err, errlen, "device backend: activation buffer of %u bytes holds no K", (unsigned)s->info.hw.act_bytes);
        tdrv_close(s->dev);
        free(s);
        return NULL;
    }
    return s;
}

static void dev_close(void *impl)
{
    dev_impl *s = impl;
    tdrv_buf_free(s->dev, s->xbuf);
    tdrv_buf_free(s->dev, s->ybuf);
    tdrv_close(s->dev);
    free(s->xrow);
    free(s->yrow);
    free(s);
}

static void dev_release(void *impl, void *prepared)
{
    dev_impl *s = impl;
    dev_w *w = prepared;
    if (!w)
        return;
    for (size_t i = 0; i < w->nchunks; i++)
        tdrv_buf_free(s->dev, w->ch[i].buf);
    free(w->ch);
    free(w);
}

static void *dev_prepare(void *impl, const kr_tern *t, char *err, size_t errlen)
{
    dev_impl *s = impl;
    size_t nm = rt_tiler_m_chunks(&s->lim, t->rows), nk = rt_tiler_k_chunks(&s->lim, t->cols);
    dev_w *w = calloc(1, sizeof *w);
    if (!w || !(w->ch = calloc(nm * nk, sizeof *w->ch))) {
        free(w);
        snprintf(err, errlen, "device backend: out of memory");
        return NULL;
    }
    w->m = t->rows;
    w->k = t->cols;
    for (size_t i = 0; i < nm; i++)
        for (size_t j = 0; j < nk; j++) {
            dev_chunk *c = &w->ch[w->nchunks];
            rt_tiler_m_chunk(&s->lim, t->rows, i, &c->m0, &c->mc);
            rt_tiler_k_chunk(&s->lim, t->cols, j, &c->k0, &c->kc);
            /* Counted before packing so a failure releases exactly what was packed. */
            w->nchunks++;
            if (rt_wpack_chunk(s->dev, &s->info, s->wfmt, t, c->m0, c->mc, c->k0, c->kc, &c->buf, &c->bytes, err, errlen)) {
                dev_release(s, w);
                return NULL;
            }
        }
    return w;
}

/* Makes buf at least `bytes` long (contents not kept). */
static int ensure_buf(dev_impl *s, tdrv_buf **buf, size_t bytes, char *err, size_t errlen)
{
    if (*buf && tdrv_buf_size(*buf) >= bytes)
        return 0;
    tdrv_buf_free(s->dev, *buf);
    *buf = NULL;
    return tdrv_buf_alloc(s->dev, bytes, buf, err, errlen) ? -1 : 0;
}

static int ensure_rows(dev_impl *s, size_t xs, size_t m)
{
    if (xs > s->xrow_len) {
        int8_t *p = realloc(s->xrow, xs);
        if (!p)
            return -1;
        s->xrow = p;
        s->xrow_len = xs;
    }
    if (m > s->yrow_len) {
        int32_t *p = realloc(s->yrow, m * sizeof *p);
        if (!p)
            return -1;
        s->yrow = p;
        s->yrow_len = m;
    }
    return 0;
}

/* Resets after a failure so the next call starts clean (soft, then hard if the device stays busy);
 * the failure text stays in err, with how the device came back. */
static int device_failed(dev_impl *s, rt_stats *st, char *err, size_t errlen)
{
    char why[256];
    const unsigned hard0 = tdrv_hard_resets(s->dev);
    const int rc = tdrv_reset(s->dev, why, sizeof why);
    const int hard = tdrv_hard_resets(s->dev) != hard0;
    st->hard_resets += (uint64_t)hard;
    size_t l = strlen(err);
    if (rc)
        snprintf(err + l, errlen - l, "; recovery failed: %s", why);
    else
        snprintf(err + l, errlen - l, hard ? "; a soft reset left the device busy, a hard reset recovered it"
                                           : "; a soft reset recovered the device");
    return RT_RUN_DEVICE_FAILED;
}

static uint64_t derive_timeout(const dev_impl *s, uint64_t ideal, size_t n, size_t xs, size_t ys)
{
    if (s->timeout)
        return s->timeout;
    /* Generous: 16x the bound plus staging traffic, so only a hung device trips it. The device reads
       the weights again for every N tile its accumulator holds, a slower memory (as the driver last
       set it) stretches every beat, and its latency delays each N tile's first beats. */
    uint64_t staging = (uint64_t)n * (xs + ys) / s->lim.bus_bytes;
    const tdrv_info *in = tdrv_get_info(s->dev);
    const uint64_t max_n = in->hw.max_n ? in->hw.max_n : 1, tiles = (n + max_n - 1) / max_n;
    uint64_t bound = (ideal * tiles + staging) * s->lim.bus_bytes;
    if (in->mem_bytes_per_cycle && in->mem_bytes_per_cycle < s->lim.bus_bytes)
        bound /= in->mem_bytes_per_cycle;
    else
        bound /= s->lim.bus_bytes;
    return 16 * (bound + 4ull * in->mem_latency * tiles) + 100000;
}

/* One command over rows [n0, n0+nc) and chunk c; writes (first K chunk of its M chunk) or adds into
 * columns [c->m0, c->m0 + c->mc) of y. */
static int run_command(dev_impl *s, const dev_chunk *c, int first, const int8_t *q, size_t n0, size_t nc,
                       size_t ldq, int32_t *y, size_t ldy, rt_stats *st, char *err, size_t errlen)
{
    size_t xs = rt_tiler_x_stride(&s->lim, c->kc), ys = rt_tiler_y_stride(&s->lim, c->mc);
    if (ensure_buf(s, &s->xbuf, nc * xs, err, errlen) || ensure_buf(s, &s->ybuf, nc * ys, err, errlen))
        return RT_RUN_ERROR;
    if (ensure_rows(s, xs, c->mc)) {
        snprintf(err, errlen, "device backend: out of memory for staging rows");
        return RT_RUN_ERROR;
    }
    memset(s->xrow + c->kc, 0, xs - c->kc);
    for (size_t t = 0; t < nc; t++) {
        memcpy(s->xrow, q + (n0 + t) * ldq + c->k0, c->kc);
        if (tdrv_buf_write(s->dev, s->xbuf, t * xs, s->xrow, xs, err, errlen))
            return RT_RUN_ERROR;
    }
    tdrv_cmd cmd = {
        .w_addr = tdrv_buf_addr(c->buf),
        .x_addr = tdrv_buf_addr(s->xbuf),
        .y_addr = tdrv_buf_addr(s->ybuf),
        .m = (uint32_t)c->mc,
        .k = (uint32_t)c->kc,
        .n = (uint32_t)nc,
        .x_stride = (uint32_t)xs,
        .y_stride = (uint32_t)ys,
        .flags = tdrv_wfmt_flags(s->wfmt),
        .w_win = tdrv_buf_win(c->buf),
        .x_win = tdrv_buf_win(s->xbuf),
        .y_win = tdrv_buf_win(s->ybuf),
    };
    uint64_t compute = rt_tiler_compute_cycles(&s->lim, c->mc, c->kc, nc);
    uint64_t bus = rt_tiler_bus_cycles(&s->lim, c->bytes);
    uint64_t ideal = compute > bus ? compute : bus;
    tdrv_perf p0, p1;
    uint64_t waited = 0;
    if (tdrv_perf_read(s->dev, &p0)) {
        snprintf(err, errlen, "reading the performance counters before the command failed");
        return device_failed(s, st, err, errlen);
    }
    if (rt_dev_faults_arm(&s->faults, s->dev, &cmd, c->bytes, nc * xs, nc * ys, s->lim.bus_bytes, st)) {
        snprintf(err, errlen, "device backend: the memory model refused to arm a fault");
        return RT_RUN_ERROR;
    }
    const int failed = tdrv_submit(s->dev, &cmd, err, errlen) ||
                       tdrv_wait(s->dev, derive_timeout(s, ideal, nc, xs, ys), &waited, err, errlen);
    if (failed && s->faults.armed) {
        size_t l = strlen(err);
        snprintf(err + l, errlen - l, " (fault injected: %s)", rt_dev_faults_name(&s->faults));
    }
    rt_dev_faults_done(&s->faults, s->dev, failed, st);
    if (failed)
        return device_failed(s, st, err, errlen);
    if (tdrv_perf_read(s->dev, &p1)) {
        snprintf(err, errlen, "reading the performance counters after the command failed");
        return device_failed(s, st, err, errlen);
    }
    tdrv_perf d = tdrv_perf_diff(&p1, &p0);
    st->cycles += d.busy ? d.busy : waited;
    st->ideal_cycles += ideal;
    st->weight_bytes += c->bytes;
    st->compute_cycles += d.compute;
    st->dma_read_bytes += d.rd_bytes;
    st->dma_write_bytes += d.wr_bytes;
    st->stall_weight += d.stall_wgt;
    st->stall_act += d.stall_act;
    st->stall_out += d.stall_out;
    st->ternary_ops += d.ternary_ops;
    for (size_t t = 0; t < nc; t++) {
        int32_t *dst = y + (n0 + t) * ldy + c->m0;
        if (first) {
            if (tdrv_buf_read(s->dev, s->ybuf, t * ys, dst, c->mc * sizeof *dst, err, errlen))
                return RT_RUN_ERROR;
            continue;
        }
        if (tdrv_buf_read(s->dev, s->ybuf, t * ys, s->yrow, c->mc * sizeof *dst, err, errlen))
            return RT_RUN_ERROR;
        /* K chunks: partial sums are exact int32 (|sum| <= 128 * K <= 2^30), so order does not matter. */
        for (size_t i = 0; i < c->mc; i++)
            dst[i] += s->yrow[i];
    }
    return RT_RUN_OK;
}

static int dev_matmul(void *impl, void *prepared, const kr_tern *t, const int8_t *q, size_t n, size_t ldq, int32_t *y,
                      size_t ldy, rt_stats *st, char *err, size_t errlen)
{
    dev_impl *s = impl;
    dev_w *w = prepared;
    (void)t;
    size_t nmax = SIZE_MAX;
    for (size_t i = 0; i < w->nchunks; i++) {
        size_t l = rt_tiler_max_n(&s->lim, w->ch[i].mc, w->ch[i].kc);
        nmax = l < nmax ? l : nmax;
    }
    for (size_t n0 = 0; n0 < n; n0 += nmax) {
        size_t nc = n - n0 < nmax ? n - n0 : nmax;
        for (size_t i = 0; i < w->nchunks; i++) {
            int first = w->ch[i].k0 == 0;
            int rc = run_command(s, &w->ch[i], first, q, n0, nc, ldq, y, ldy, st, err, errlen);
            if (rc != RT_RUN_OK)
                return rc;
        }
    }
    return RT_RUN_OK;
}

/* The CPU's answer for a call the device failed, without --verify's canonical copy: each chunk's weight
 * stream read back from its device buffer (the device cannot have written it: its windows allow
 * writes to the results only), unpacked and multiplied by kernels_ref. Slow; failed calls only. */
static int dev_fallback(void *impl, void *prepared, const int8_t *q, size_t n, size_t ldq, int32_t *y, size_t ldy,
                        char *err, size_t errlen)
{
    dev_impl *s = impl;
    dev_w *w = prepared;
    for (size_t r = 0; r < n; r++)
        memset(y + r * ldy, 0, w->m * sizeof *y);
    int rc = -1;
    uint8_t *stream = NULL;
    int32_t *part = NULL;
    kr_tern t = {0};
    for (size_t i = 0; i < w->nchunks; i++) {
        const dev_chunk *c = &w->ch[i];
        size_t bad = 0;
        uint8_t *ns = realloc(stream, c->bytes);
        int32_t *np = realloc(part, n * c->mc * sizeof *part);
        if (ns)
            stream = ns;
        if (np)
            part = np;
        if (!ns || !np || kr_tern_alloc(&t, c->mc, c->kc) != KR_OK) {
            snprintf(err, errlen, "device backend: out of memory for the CPU fallback");
            goto out;
        }
        if (tdrv_buf_read(s->dev, c->buf, 0, stream, c->bytes, err, errlen))
            goto out;
        if (tdrv_layout_unpack_fmt(&s->info.hw, s->wfmt, stream, c->bytes, c->mc, c->kc, t.codes, t.stride, &bad)) {
            snprintf(err, errlen, "device backend: the weight stream of chunk %zu does not unpack (byte %zu)", i, bad);
            goto out;
        }
        if (kr_gemm_ref(&t, q + c->k0, n, ldq, part, c->mc) != KR_OK) {
            snprintf(err, errlen, "device backend: the CPU fallback's kernel refused chunk %zu", i);
            goto out;
        }
        for (size_t r = 0; r < n; r++)
            for (size_t j = 0; j < c->mc; j++)
                y[r * ldy + c->m0 + j] += part[r * c->mc + j];
        kr_tern_free(&t);
    }
    rc = 0;
out:
    kr_tern_free(&t);
    free(stream);
    free(part);
    return rc;
}

static void dev_describe(void *impl, char *buf, size_t len)
{
    const dev_impl *s = impl;
    const tdrv_info *info = &s->info;
    const tdrv_hwcfg *i = &info->hw;
    snprintf(buf, len,
             "%s: config %s, array %ux%u (K x M), bus %u bit, act %u B, wgt %u B, acc %u words, max N %u, weights %s",
             tdrv_backend_name(s->dev), info->config, (unsigned)i->rows, (unsigned)i->cols, (unsigned)i->data_w,
             (unsigned)i->act_bytes, (unsigned)i->wgt_bytes, (unsigned)i->acc_words, (unsigned)i->max_n,
             tdrv_wfmt_name(s->wfmt));
}

static void dev_hwinfo(void *impl, rt_hwinfo *hw)
{
    const dev_impl *s = impl;
    const tdrv_info *info = &s->info;
    const tdrv_hwcfg *i = &info->hw;
    snprintf(hw->config, sizeof hw->config, "%s", info->config);
    hw->rows = i->rows;
    hw->cols = i->cols;
    hw->data_w = i->data_w;
    hw->act_bytes = i->act_bytes;
    hw->wgt_bytes = i->wgt_bytes;
    hw->acc_words = i->acc_words;
    hw->addr_w = i->addr_w;
    hw->max_n = i->max_n;
    snprintf(hw->weights, sizeof hw->weights, "%s", tdrv_wfmt_name(s->wfmt));
}

/* desc is filled per driver backend by the registry. */
const rt_backend_vt rt_backend_dev_vt = {
    .needs_canonical = 0,
    .open = dev_open,
    .close = dev_close,
    .prepare = dev_prepare,
    .release = dev_release,
    .matmul = dev_matmul,
    .fallback = dev_fallback,
    .describe = dev_describe,
    .hwinfo = dev_hwinfo,
};

tdrv_dev *rt_backend_dev_device(rt_backend *b)
{
    dev_impl *s = rt_backend_impl(b, &rt_backend_dev_vt);
    return s ? s->dev : NULL;
}

int rt_backend_dev_set_split(rt_backend *b, size_t max_m, size_t stage_bytes)
{
    dev_impl *s = rt_backend_impl(b, &rt_backend_dev_vt);
    if (!s)
        return -1;
    s->lim.max_m = max_m;
    s->lim.stage_bytes = stage_bytes;
    return 0;
}

int rt_backend_dev_set_timeout(rt_backend *b, uint64_t cycles)
{
    dev_impl *s = rt_backend_impl(b, &rt_backend_dev_vt);
    if (!s)
        return -1;
    s->timeout = cycles;
    return 0;
}

int rt_backend_dev_corrupt_weight(rt_backend *b, rt_weights *rw)
{
    dev_impl *s = rt_backend_impl(b, &rt_backend_dev_vt);
    dev_w *w = rt_weights_prepared(rw);
    if (!s || !w || !w->nchunks)
        return -1;
    /* Tile (0, 0) starts the stream; W[0][0] is its first weight (driver/tdrv_layout.h): the code at
       bit 0, or in base-3 the lowest digit of byte 0, moved to another value. */
    uint8_t byte;
    if (tdrv_buf_read(s->dev, w->ch[0].buf, 0, &byte, 1, NULL, 0))
        return -1;
    if (s->wfmt == TDRV_WFMT_BASE3)
        byte = (uint8_t)(byte - byte % 3u + (byte % 3u + 1u) % 3u);
    else
        byte = (uint8_t)((byte & ~3u) | ((byte & 3u) ? 0u : 1u));
    return tdrv_buf_write(s->dev, w->ch[0].buf, 0, &byte, 1, NULL, 0) ? -1 : 0;
}
