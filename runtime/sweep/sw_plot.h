/*
 * The plots and the index page of a sweep's run folder, made from its points.csv and layers.csv:
 * array utilization over rows x cols (decode and prefill), decode tokens/s against the bus bandwidth
 * with the bandwidth ceiling (a roofline), the Pareto front of area against decode tokens/s (area:
 * the FPGA cost model's LUTs where points.csv has them, else the PE count), and the stall breakdown
 * per layer of the best point. gnuplot (Debian's gnuplot-nox) draws each as PNG and SVG under
 * DIR/plots/; DIR/index.html shows them with the best points.
 */
#ifndef SW_PLOT_H
#define SW_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* Returns 0, or -1 with the reason in err (no gnuplot, an unreadable table). */
int sw_plot(const char *dir, char *err, size_t errlen);

/* The k best points of dir/points.csv by decode tokens/s with the host's CPU work, as a table on out. */
int sw_plot_best(const char *dir, FILE *out, size_t k);
/* The point numbers of the (at most k) points of dir/points.csv that ran, highest `column` first;
   returns how many, 0 when the table cannot be read. */
size_t sw_plot_rank(const char *dir, const char *column, size_t *points, size_t k);

#endif
