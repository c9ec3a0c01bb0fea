/*
 * One point of a sweep: a device of the point's configuration (on the fast model timing-only, or on
 * any device backend), the workload's distinct matmul shapes run once each at N = 1 (decode) and
 * N = prefill, counted as often as the model runs them, and the figures a point reports.
 */
#ifndef SW_EVAL_H
#define SW_EVAL_H

#include "runtime/backend/rt_backend.h"
#include "runtime/sweep/sw_spec.h"
#include "runtime/sweep/sw_workload.h"

enum { SW_DECODE = 0, SW_PREFILL = 1 };

/* One matmul of the workload in one phase (a single call, not multiplied by its count). */
typedef struct {
    int ran;
    uint64_t cycles, stall_w, stall_a, stall_o, rd_bytes, wr_bytes, weight_bytes;
    double util, bus_util;
} sw_phase;

typedef struct {
    int ok;
    char error[384];
    double seconds; /* wall time of the point */
    rt_hwinfo hw;
    char params[256]; /* the point's swept values, key=value, comma separated */
    uint32_t rd_bursts, wr_bursts; /* the device's (CFG_RD_BURSTS, CFG_WR_BURSTS) */
    uint32_t bytes_per_cycle, latency;
    sw_phase mm[SW_MAX_MATMULS][2];
    /* per token */
    double dec_cycles, pre_cycles;
    double dec_tps_dev, dec_tps_host, pre_tps_dev, pre_tps_host;
    double util_dec, util_pre, bus_util_dec;
    double weight_bytes;    /* weight bytes a decode token reads */
    double bus_gbs;         /* what the memory delivers: min(bus, bytes_per_cycle) x clock */
    double ceiling_tps;     /* bus_gbs / weight bytes per token */
    double cpu_dec_s, cpu_pre_s;
    double area_lut;        /* UltraScale+ LUTs from the fitted FPGA resource model (hw/area.toml); 0: none */
} sw_result;

typedef struct {
    const sw_spec *spec;
    const sw_workload *wl;
    const char *backend;      /* "tlm" (timing-only) or another device backend */
    double host_gbs, host_gflops;
} sw_ctx;

/* Runs point i; returns 0 when the point ran (r->ok = 1) or failed for a reason of its own (r->ok =
   0, r->error: illegal parameters, a device error), -1 only on a bad argument. */
int sw_eval(const sw_ctx *c, size_t i, sw_result *r);

/* The point's swept values as "key=value,..." (what points.csv's params column holds). */
void sw_point_params(const sw_spec *s, size_t i, char *buf, size_t len);

/* The point's device options: configuration string (parameter list, or NULL for the default), weight
   format (NULL = densest), clock, memory. Writes cfg (cfglen >= 256). */
void sw_point_opts(const sw_spec *s, size_t i, char *cfg, size_t cfglen, const char **weights, double *freq,
                   uint32_t *bpc, uint32_t *latency);

#endif
