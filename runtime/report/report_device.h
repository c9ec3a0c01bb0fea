/* Device figures derived from a backend's statistics and its hardware: one definition for every report. */
#ifndef REPORT_DEVICE_H
#define REPORT_DEVICE_H

#include "runtime/backend/rt_backend.h"

typedef struct {
    double utilization;     /* macs / (cycles * rows * cols): array busy with useful work */
    double efficiency;      /* ideal_cycles / cycles */
    double bus_utilization; /* DMA read bytes / (cycles * bus bytes): the read channel carries the weights */
    double write_utilization; /* DMA write bytes / (cycles * bus bytes): AXI writes have their own channel */
    double macs_per_cycle;
} rt_derived;

rt_derived rt_report_derive(const rt_stats *s, const rt_hwinfo *hw);

#endif
