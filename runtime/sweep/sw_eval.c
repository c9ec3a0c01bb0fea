/* One point of a sweep (sw_eval.h). */
#include "runtime/sweep/sw_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "driver/tdrv.h"
#include "kernels_ref/kr_ternary.h"
#include "runtime/backend/rt_backend_dev.h"
#include "runtime/report/report_device.h"
#include "tritium_area.h"

/* The device's UltraScale+ LUTs by the FPGA resource model make fpga-report fitted (hw/area.toml),
   0 when the build has none. */
static double area_lut(const tdrv_hwcfg *h)
{
#if TRITIUM_AREA_HAVE
#define P(f) ((uint64_t)h->f)
    return TRITIUM_AREA_XCUP_LUT(P);
#undef P
#else
    (void)h;
    return 0;
#endif
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void sw_point_opts(const sw_spec *s, size_t i, char *cfg, size_t cfglen, const char **weights, double *freq,
                   uint32_t *bpc, uint32_t *latency)
{
    size_t idx[SW_MAX_AXES];
    sw_spec_point_index(s, i, idx);
    cfg[0] = 0;
    *weights = NULL;
    *freq = RT_DEFAULT_FREQ_MHZ;
    *bpc = 0, *latency = 0;
    size_t used = 0;
    for (size_t a = 0; a < s->naxes; a++) {
        const char *k = s->axis[a].key, *v = s->axis[a].val[idx[a]];
        if (!strcmp(k, "weights"))
            *weights = strcmp(v, "densest") ? v : NULL;
        else if (!strcmp(k, "freq_mhz"))
            *freq = strtod(v, NULL);
        else if (!strcmp(k, "bytes_per_cycle"))
            *bpc = (uint32_t)strtoul(v, NULL, 0);
        else if (!strcmp(k, "latency"))
            *latency = (uint32_t)strtoul(v, NULL, 0);
        else if (used < cfglen)
            used += (size_t)snprintf(cfg + used, cfglen - used, "%s%s=%s", used ? "," : "", k, v);
    }
}

void sw_point_params(const sw_spec *s, size_t i, char *buf, size_t len)
{
    size_t idx[SW_MAX_AXES], used = 0;
    sw_spec_point_index(s, i, idx);
    buf[0] = 0;
    for (size_t a = 0; a < s->naxes && used < len; a++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s=%s", used ? "," : "", s->axis[a].key,
                                 s->axis[a].val[idx[a]]);
}

static void add_scaled(rt_stats *acc, const rt_stats *a, const rt_stats *b, double count)
{
#define SW_ADD(f) acc->f += (uint64_t)((double)(b->f - a->f) * count)
    SW_ADD(calls), SW_ADD(offloaded), SW_ADD(macs), SW_ADD(weight_bytes), SW_ADD(cycles), SW_ADD(ideal_cycles);
    SW_ADD(compute_cycles), SW_ADD(dma_read_bytes), SW_ADD(dma_write_bytes), SW_ADD(stall_weight);
    SW_ADD(stall_act), SW_ADD(stall_out), SW_ADD(ternary_ops);
#undef SW_ADD
}

int sw_eval(const sw_ctx *c, size_t i, sw_result *r)
{
    if (!c || !r || i >= sw_spec_points(c->spec))
        return -1;
    memset(r, 0, sizeof *r);
    const double t0 = now();
    char cfg[256];
    const char *weights;
    double freq;
    sw_point_opts(c->spec, i, cfg, sizeof cfg, &weights, &freq, &r->bytes_per_cycle, &r->latency);
    sw_point_params(c->spec, i, r->params, sizeof r->params);

    rt_backend_desc d;
    rt_backend_opts o = {.config = cfg[0] ? cfg : NULL, .weights = weights, .freq_mhz = freq};
    o.timing_only = rt_backend_desc_find(c->backend, &d) == 0 && (d.caps & RT_CAP_TIMING_ONLY);
    rt_backend *b = rt_backend_open(c->backend, &o, r->error, sizeof r->error);
    if (!b)
        return 0;
    rt_backend_hwinfo(b, &r->hw);
    tdrv_dev *dev = rt_backend_dev_device(b);
    if (dev) {
        r->rd_bursts = tdrv_get_info(dev)->hw.rd_bursts, r->wr_bursts = tdrv_get_info(dev)->hw.wr_bursts;
        r->area_lut = area_lut(&tdrv_get_info(dev)->hw);
    }
    if (!dev || tdrv_mem_speed(dev, r->bytes_per_cycle, r->latency) != TDRV_OK) {
        snprintf(r->error, sizeof r->error, "backend %s has no settable memory model", c->backend);
        rt_backend_close(b);
        return 0;
    }
    const sw_workload *w = c->wl;
    const uint32_t pre = c->spec->prefill;
    size_t kmax = 1, mmax = 1;
    for (size_t m = 0; m < w->nmm; m++) {
        if (w->mm[m].k > kmax) kmax = w->mm[m].k;
        if (w->mm[m].m > mmax) mmax = w->mm[m].m;
    }
    const size_t nmax = pre > 1 ? pre : 1;
    int8_t *q = calloc(nmax * kmax, 1);
    int32_t *y = calloc(nmax * mmax, sizeof *y);
    rt_stats tot[2];
    memset(tot, 0, sizeof tot);
    int bad = !q || !y;
    if (bad)
        snprintf(r->error, sizeof r->error, "out of memory");
    for (size_t m = 0; m < w->nmm && !bad; m++) {
        /* a shape seen before in this point is not run again */
        size_t same = m;
        for (size_t e = 0; e < m; e++)
            if (w->mm[e].m == w->mm[m].m && w->mm[e].k == w->mm[m].k) {
                same = e;
                break;
            }
        if (same == m) {
            kr_tern t;
            rt_weights *rw = NULL;
            if (kr_tern_alloc(&t, w->mm[m].m, w->mm[m].k) != KR_OK) {
                snprintf(r->error, sizeof r->error, "out of memory for a %u x %u matrix", w->mm[m].m, w->mm[m].k);
                bad = 1;
                break;
            }
            if (rt_backend_prepare(b, &t, &rw, r->error, sizeof r->error)) {
                kr_tern_free(&t);
                bad = 1;
                break;
            }
            for (int ph = 0; ph < 2 && !bad; ph++) {
                const size_t n = ph == SW_DECODE ? 1 : pre;
                if (!n)
                    continue;
                rt_stats a = *rt_backend_stats(b);
                if (rt_backend_matmul(b, rw, q, n, t.cols, y, t.rows, r->error, sizeof r->error)) {
                    bad = 1;
                    break;
                }
                rt_stats s = *rt_backend_stats(b), one;
                memset(&one, 0, sizeof one);
                add_scaled(&one, &a, &s, 1.0);
                const rt_derived dv = rt_report_derive(&one, &r->hw);
                sw_phase *p = &r->mm[m][ph];
                p->ran = 1;
                p->cycles = one.cycles, p->stall_w = one.stall_weight, p->stall_a = one.stall_act;
                p->stall_o = one.stall_out, p->rd_bytes = one.dma_read_bytes, p->wr_bytes = one.dma_write_bytes;
                p->weight_bytes = one.weight_bytes, p->util = dv.utilization, p->bus_util = dv.bus_utilization;
            }
            rt_backend_release(b, rw);
            kr_tern_free(&t);
        } else {
            memcpy(r->mm[m], r->mm[same], sizeof r->mm[m]);
        }
    }
    free(q), free(y);
    if (!bad) {
        /* totals per token: every matmul as often as the model runs it */
        for (int ph = 0; ph < 2; ph++)
            for (size_t m = 0; m < w->nmm; m++) {
                const sw_phase *p = &r->mm[m][ph];
                if (!p->ran)
                    continue;
                rt_stats a, s;
                memset(&a, 0, sizeof a);
                memset(&s, 0, sizeof s);
                s.cycles = p->cycles, s.dma_read_bytes = p->rd_bytes, s.weight_bytes = p->weight_bytes;
                s.macs = (uint64_t)w->mm[m].m * w->mm[m].k * (ph == SW_DECODE ? 1u : pre);
                add_scaled(&tot[ph], &a, &s, w->mm[m].count);
            }
        const double hz = freq * 1e6;
        r->dec_cycles = (double)tot[SW_DECODE].cycles;
        r->pre_cycles = pre ? (double)tot[SW_PREFILL].cycles / pre : 0;
        r->cpu_dec_s = sw_cpu_decode_s(w, c->spec->context, c->host_gbs, c->host_gflops);
        r->cpu_pre_s = sw_cpu_prefill_s(w, pre, c->host_gbs, c->host_gflops);
        r->dec_tps_dev = hz / r->dec_cycles;
        r->dec_tps_host = 1.0 / (r->dec_cycles / hz + r->cpu_dec_s);
        r->pre_tps_dev = pre ? hz / r->pre_cycles : 0;
        r->pre_tps_host = pre ? 1.0 / (r->pre_cycles / hz + r->cpu_pre_s) : 0;
        r->util_dec = rt_report_derive(&tot[SW_DECODE], &r->hw).utilization;
        r->util_pre = pre ? rt_report_derive(&tot[SW_PREFILL], &r->hw).utilization : 0;
        r->bus_util_dec = rt_report_derive(&tot[SW_DECODE], &r->hw).bus_utilization;
        r->weight_bytes = (double)tot[SW_DECODE].weight_bytes;
        const double bus = r->hw.data_w / 8.0;
        r->bus_gbs = (r->bytes_per_cycle && r->bytes_per_cycle < bus ? r->bytes_per_cycle : bus) * hz / 1e9;
        r->ceiling_tps = r->bus_gbs * 1e9 / r->weight_bytes;
        r->ok = 1;
        r->error[0] = 0;
    }
    rt_backend_close(b);
    r->seconds = now() - t0;
    return 0;
}
