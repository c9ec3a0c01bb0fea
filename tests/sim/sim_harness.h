/*
 * Shared helpers of the simulator tests and bench-sim: one GEMM through the whole device path,
 * reached through the driver (tdrv_open("sim") or another backend, device buffers, tdrv_submit,
 * tdrv_wait, counters).
 */
#ifndef TESTS_SIM_HARNESS_H
#define TESTS_SIM_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "driver/tdrv.h"
#include "driver/tdrv_layout.h"

#define TS_Y_FILL 0xA5u

typedef struct {
    size_t m, k, n;
    uint64_t seed;
    int act_mode;      /* 0 random, 1 all -128, 2 all +127 */
    int wgt_mode;      /* 0 random, 1 all +1, 2 all -1 */
    size_t x_extra;    /* extra bytes per X row beyond the padded K */
    size_t y_extra;    /* extra bytes per Y row beyond the padded 4M */
    uint64_t err_lo, err_hi; /* offsets into the buffer chosen by err_where */
    int err_where;     /* 0 none, 1 W, 2 X, 3 Y */
    tdrv_wfmt wfmt;    /* weight-stream format (zero: 2-bit codes) */
    size_t bad_byte;   /* base-3 only: this byte of the stream + 1 is set to 243 (0: none) */
    uint32_t flags;    /* CMD_FLAGS bits to set beside the format's */
    int hostile;       /* TS_HOSTILE_*: a command that reaches outside its DMA windows */
} ts_job;

/* Hostile commands: the windows are the operands' buffers, the command points elsewhere. Every
 * buffer sits between two TS_GUARD-byte guards that no command may touch. */
enum {
    TS_HOSTILE_NONE,
    TS_HOSTILE_Y_INTO_W,  /* Y's address is the weights' */
    TS_HOSTILE_Y_STRIDE,  /* Y's stride is N rows: row 1 starts at the window's end (N >= 2) */
    TS_HOSTILE_X_STRIDE,  /* the same for X */
    TS_HOSTILE_Y_WRAP,    /* Y's stride wraps the address around 2^ADDR_W: row 1 lands a guard below Y */
    TS_HOSTILE_W_SHORT,   /* the weights' window is half the stream */
};
#define TS_GUARD 4096u
#define TS_GUARD_FILL 0x5Au

typedef struct {
    uint32_t status, err_code, done_count;
    uint64_t err_addr;  /* ERR_ADDR after the job */
    uint64_t w_addr, x_addr, y_addr; /* device addresses the job used */
    tdrv_perf perf;     /* counters of this job alone */
    uint64_t waited;    /* device cycles tdrv_wait ran the clock */
    double wait_seconds;/* host wall time of that wait: the simulation itself */
    uint64_t y_hash;    /* FNV-1a of the whole Y buffer after the job (results, pads, untouched bytes) */
    int mismatches;     /* results that differ from kr_gemm_ref */
    int pad_clobbered;  /* bytes of Y outside the M x N result that changed */
    int y_touched;      /* bytes of Y that changed at all */
    int outside_changed;/* bytes outside the results' window that changed: guards, W, X (must be 0) */
    size_t first_bad_m, first_bad_n;
    /* per M tile: 1 when any of its result bytes changed */
    unsigned char *mtile_written;
    size_t mtiles;
} ts_result;

/* Configurations of the sim device backend linked into this program (the first is the default). */
unsigned ts_config_count(void);
const char *ts_config_name(unsigned i);

/* Opens configuration `config` (NULL = default) of the sim backend, its checked model (the RTL's
 * assertions on) when `checked`; NULL with the reason in err. */
tdrv_dev *ts_open(const char *config, int checked, char *err, size_t errlen);
/* The same on another device backend ("tlm": the SystemC model). */
tdrv_dev *ts_open_backend(const char *backend, const char *config, int checked, char *err, size_t errlen);
const tdrv_hwcfg *ts_hw(tdrv_dev *d);

/* Runs the job; returns 0 when the harness itself worked (result fields say what the device did). */
int ts_run(tdrv_dev *d, const ts_job *j, ts_result *r);
void ts_result_free(ts_result *r);

#endif
