/* Figures derived from rt_stats and the hardware description, printed as text or JSON. */
#ifndef RT_REPORT_H
#define RT_REPORT_H

#include <stdio.h>

#include "runtime/backend/rt_backend.h"

/* What the backend runs on (zeroed fields when the backend has no device). */
typedef struct {
    char backend[16];
    char config[64];   /* hardware configuration name */
    unsigned rows, cols, data_w, act_bytes, wgt_bytes, acc_words, addr_w, max_n;
    double freq_mhz;   /* modeled clock */
    int threads;       /* CPU threads (cpu backend) */
    char cpu_kernel[48];
} rt_hwinfo;

/* Fills hw for backend b. */
void rt_backend_hwinfo(const rt_backend *b, rt_hwinfo *hw);

typedef struct {
    double utilization;     /* macs / (cycles * rows * cols): array busy with useful work */
    double efficiency;      /* ideal_cycles / cycles */
    double bus_utilization; /* DMA read bytes / (cycles * bus bytes): the read channel carries the weights */
    double write_utilization; /* DMA write bytes / (cycles * bus bytes): AXI writes have their own channel */
    double macs_per_cycle;
} rt_derived;

rt_derived rt_report_derive(const rt_stats *s, const rt_hwinfo *hw);

/* Statistics of the most recent rt_backend_matmul alone (zero before the first call). */
const rt_stats *rt_backend_last(const rt_backend *b);

/* Adds every counter of d into acc. */
void rt_stats_add(rt_stats *acc, const rt_stats *d);

#endif
