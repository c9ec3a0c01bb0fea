/* Shared helpers of the simulator tests: one GEMM through the whole device path. */
#ifndef TESTS_SIM_HARNESS_H
#define TESTS_SIM_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "driver/tdrv_hwcfg.h"
#include "sim/tsim.h"

#define TS_W_BASE 0x10000000u
#define TS_X_BASE 0x40000000u
#define TS_Y_BASE 0x80000000u
#define TS_Y_FILL 0xA5u

typedef struct {
    size_t m, k, n;
    uint64_t seed;
    int act_mode;      /* 0 random, 1 all -128, 2 all +127 */
    int wgt_mode;      /* 0 random, 1 all +1, 2 all -1 */
    size_t x_extra;    /* extra bytes per X row beyond the padded K */
    size_t y_extra;    /* extra bytes per Y row beyond the padded 4M */
    uint64_t err_lo, err_hi; /* offsets from the W/X/Y bases chosen by err_where */
    int err_where;     /* 0 none, 1 W, 2 X, 3 Y */
} ts_job;

typedef struct {
    uint32_t status, err_code, done_count;
    uint64_t busy_cycles;
    int mismatches;     /* results that differ from kr_gemm_ref */
    int pad_clobbered;  /* bytes of Y outside the M x N result that changed */
    int y_touched;      /* bytes of Y that changed at all */
    size_t first_bad_m, first_bad_n;
    /* per M tile: 1 when any of its result bytes changed */
    unsigned char *mtile_written;
    size_t mtiles;
} ts_result;

int ts_read_cfg(tsim *s, tdrv_hwcfg *c);
uint64_t ts_perf(tsim *s, uint32_t reg);
/* Runs the job; returns 0 when the harness itself worked (result fields say what the device did). */
int ts_run(tsim *s, const ts_job *j, ts_result *r);
void ts_result_free(ts_result *r);

#endif
