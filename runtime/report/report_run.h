/*
 * The report of one `tritium run`: measured host figures, modeled accelerator figures and where the
 * time went. Computed from model timings and backend statistics, printed as text or written as JSON
 * members through json_writer.
 */
#ifndef RUN_REPORT_H
#define RUN_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "runtime/model/model.h"
#include "runtime/backend/rt_backend.h"
#include "runtime/report/json_writer.h"
#include "runtime/report/report_device.h"

/* What one phase (prefill or decode) measured: differences of two snapshots. */
typedef struct {
    uint64_t tokens;        /* tokens run through the model */
    double wall_seconds;    /* host wall time of the phase (forward passes and sampling) */
    model_timing t;         /* forward-pass time split */
    rt_stats st;            /* backend counters */
} run_phase;

typedef struct {
    char backend[16];
    char model_desc[256];   /* one line: architecture, sizes, ternary type, head type (may be empty) */
    char hw_desc[256];
    rt_hwinfo hw;
    int verify;
    int offloads;           /* the backend runs matmuls on a (simulated) device */
    uint64_t tern_bytes;    /* 2-bit ternary bytes of the model (fallback for weight bytes per token) */
    run_phase prefill, decode;
} run_report;

typedef struct {
    double prefill_tps, decode_tps;           /* host tokens/s (simulation speed on sim) */
    double cycles_per_token;                  /* decode: device cycles per token */
    double modeled_matmul_s_per_token;        /* decode: cycles / clock */
    double cpu_s_per_token;                   /* decode: CPU-side work per token, measured on this host */
    double modeled_decode_tps;                /* 1 / (modeled matmul + CPU work) per token */
    double modeled_prefill_tps;
    double accel_only_decode_tps;             /* 1 / modeled matmul time: the device alone */
    double offload_share, cpu_share;          /* of the modeled decode time */
    double weight_bytes_per_token;
    double bus_bytes_per_s;
    double ceiling_tps;                       /* bus bytes/s / weight bytes per token */
    rt_derived dev;                           /* decode: utilization, efficiency, bus use */
} run_figures;

/* Phase difference: after - before, for timings and statistics. */
void run_phase_diff(run_phase *out, const model_timing *t0, const model_timing *t1, const rt_stats *s0,
                    const rt_stats *s1);
void run_report_compute(const run_report *r, run_figures *f);
void run_report_print(FILE *out, const run_report *r, const run_figures *f);
/* Writes the report figures as members of the object open in w, in a fixed order that users parse.
 * A misuse or write failure stays in w for jw_finish. */
void run_report_json_fields(jw_writer *w, const run_report *r, const run_figures *f);

#endif
