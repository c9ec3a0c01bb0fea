/* Derived figures: one definition, used by the text and JSON reports and by the tests. */
#include "runtime/report/report_device.h"

rt_derived rt_report_derive(const rt_stats *s, const rt_hwinfo *hw)
{
    rt_derived d = {0, 0, 0, 0, 0};
    if (!s || !hw || s->cycles == 0)
        return d;
    double c = (double)s->cycles;
    if (hw->rows && hw->cols)
        d.utilization = (double)s->macs / (c * hw->rows * hw->cols);
    d.efficiency = (double)s->ideal_cycles / c;
    if (hw->data_w) {
        d.bus_utilization = (double)s->dma_read_bytes / (c * (hw->data_w / 8.0));
        d.write_utilization = (double)s->dma_write_bytes / (c * (hw->data_w / 8.0));
    }
    d.macs_per_cycle = (double)s->macs / c;
    return d;
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
}
