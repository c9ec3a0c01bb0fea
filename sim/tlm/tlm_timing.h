/*
 * Timing model of one tritium command (issue 15, step 2): the accelerator's control (job FSM, read
 * DMA, weight staging and credits, base-3 decoder, feeder, array latency, write DMA) and the
 * Verilator harness's AXI memory (sim/tsim.cpp) reduced to counters, no data. It predicts the
 * PERF_* counters of a command; the functional result comes from the CPU kernels elsewhere.
 * The rules it follows, cell by cell, are written down in docs/tlm.md.
 */
#ifndef TLM_TIMING_H
#define TLM_TIMING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The parameters of tritium_top that timing depends on (hw/tritium.toml; ADDR_W does not matter). */
typedef struct {
    uint32_t rows, cols, data_w, act_bytes, wgt_bytes, acc_words, rd_bursts, wr_bursts;
} tlm_hw;

/* The harness's memory: tsim_mem_cfg plus the request queue depth it accepts (16 in sim/tsim.cpp). */
typedef struct {
    uint32_t bytes_per_cycle; /* sustained read bandwidth; 0 = one full beat per cycle */
    uint32_t latency;         /* cycles from an accepted read address to its first beat, and from a
                                 write burst's last beat to its B response */
    uint32_t max_queue;       /* AR / AW requests the memory holds before back-pressure (0 = 16) */
} tlm_mem;

/* A command as the CMD_* registers hold it (addresses matter: bursts split at 4 KB). */
typedef struct {
    uint64_t w, x, y;
    uint32_t m, k, n, x_stride, y_stride;
    int base3; /* CMD_FLAGS_WFMT_BASE3 */
} tlm_cmd;

/* The PERF_* counters one command adds, and how it ended: err is TRITIUM_ERR_NONE, or the fault the
   job stopped on (ERR_AXI_READ, ERR_AXI_WRITE, ERR_WEIGHT_CODE, ERR_DMA_WINDOW) with the address the RTL reports in
   ERR_ADDR; busy then counts the cycles up to the end of the drain. */
typedef struct {
    uint64_t busy, compute, rd_bytes, wr_bytes, stall_wgt, stall_act, stall_out;
    uint32_t err;
    uint64_t err_addr;
} tlm_perf;

/* What the memory and the data say about faults, for a command that may meet one (NULL: none can). */
typedef struct {
    /* Nonzero when a burst of len bytes at addr gets an error response (SLVERR or DECERR), decided
       once per burst when its address is accepted, as sim/tsim.cpp decides it. May be NULL. */
    int (*burst_err)(void *ctx, uint64_t addr, uint64_t len, int write);
    /* A write burst accepted with OKAY: results [m, m + count) of row n (of the command's N) land in
       memory, in the order the RTL writes them. May be NULL. */
    void (*wrote)(void *ctx, uint32_t n, uint32_t m, uint32_t count);
    void *ctx;
    /* Base-3 only: index of the first beat of the weight stream holding a byte above 242, or
       UINT64_MAX; the decoder stops on it the cycle it takes it. */
    uint64_t bad_beat;
    /* The DMA windows (CMD_WIN_*), [base, end) of W, X and Y, when `windows` is nonzero: a burst
       outside its window is not issued and stops the job with ERR_DMA_WINDOW. */
    int windows;
    uint64_t win[3][2];
    /* Addresses wrap at the device's ADDR_W: this mask (0: no wrap). A command inside its windows
       never wraps; a hostile stride does. */
    uint64_t addr_mask;
} tlm_faults;

enum { TLM_WIN_W, TLM_WIN_X, TLM_WIN_Y };

/* Runs the command's timing; returns 0, or -1 if the parameters or the command are not legal
   (the hardware's own checks are the caller's: this predicts a command that runs). */
int tlm_timing_run(const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, tlm_perf *out);
/* The same with faults (f may be NULL). */
int tlm_timing_run_faults(const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, const tlm_faults *f,
                          tlm_perf *out);

#ifdef __cplusplus
}
#endif
#endif
