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
