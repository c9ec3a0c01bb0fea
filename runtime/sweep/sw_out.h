/*
 * A sweep's tables: points.csv (one row per point) and layers.csv (one row per point x matmul x
 * phase), their headers and rows, and the per-point files a run folder keeps until they are merged
 * (a point whose file exists is done: an interrupted sweep resumes from there).
 */
#ifndef SW_OUT_H
#define SW_OUT_H

#include <stdio.h>

#include "runtime/sweep/sw_eval.h"

void sw_out_points_header(FILE *f);
void sw_out_point_row(FILE *f, size_t i, const sw_result *r);
void sw_out_layers_header(FILE *f);
void sw_out_layer_rows(FILE *f, size_t i, const sw_workload *w, uint32_t prefill, const sw_result *r);

/* dir/points/NNNNNN.csv: the point's row, then its layer rows after a line "#layers". Written to a
   temporary name and renamed, so a file that exists is whole. Returns 0 or -1. */
int sw_out_point_file(const char *dir, size_t i, const sw_workload *w, uint32_t prefill, const sw_result *r);
/* Whether point i's file exists; whether it records a failure. */
int sw_out_point_done(const char *dir, size_t i);
int sw_out_point_failed(const char *dir, size_t i);
/* dir/points.csv and dir/layers.csv from the files of points [0, n); missing ones are skipped and
   counted in *missing. Returns 0 or -1 with the reason in err. */
int sw_out_merge(const char *dir, size_t n, size_t *missing, char *err, size_t errlen);

#endif
