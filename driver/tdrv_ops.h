/*
 * The backend ops table: everything the driver needs from a device, as one struct of function
 * pointers. The driver core (tdrv_dev.c) owns all register semantics; a backend only moves
 * register accesses and buffers to its device: the Verilator model (driver/sim/), the SystemC model
 * (driver/tlm/) and a Linux board (driver/fpga/, UIO + u-dma-buf) differ only here. docs/driver.md
 * has the table of what each backend does for each op.
 *
 * Every op returns 0 on success, -1 on failure (writing the reason into err where it takes one).
 * Optional ops may be NULL; the driver then answers TDRV_ERR_UNSUPPORTED or does without.
 */
#ifndef TDRV_OPS_H
#define TDRV_OPS_H

#include <stddef.h>
#include <stdint.h>

/* What a backend can do beyond the required ops (tdrv_ops.caps). */
#define TDRV_CAP_CONFIGS 0x1u /* several hardware configurations, listed by config_name */
#define TDRV_CAP_CYCLES 0x2u  /* now() and the performance counters count real device clock cycles */
#define TDRV_CAP_TRACE 0x4u   /* writes a waveform when opened with tdrv_open_args.trace */
#define TDRV_CAP_FAULTS 0x8u  /* inject_error and mem_speed work (a memory model in the loop) */
#define TDRV_CAP_ANY_CONFIG 0x10u /* opens configurations given by parameters, not only the named ones */
#define TDRV_CAP_CHECKED 0x20u    /* opens a model with the RTL's assertions on (tdrv_open_args.checked) */
#define TDRV_CAP_HARDWARE 0x80u /* a real device, which may be absent: open then fails saying what to check */
#define TDRV_CAP_TIMING_ONLY 0x40u /* opens a device that times commands without computing their results
                                      (tdrv_open_args.timing_only): cycles for a sweep, at no CPU cost */

/* How to open a device. */
typedef struct {
    const char *config; /* hardware configuration: a name, or what the backend accepts besides (the sim
                           backend: a parameter list "rows=32,cols=32,bus=512" or a .toml file); NULL =
                           the backend's default */
    const char *trace;  /* waveform file to write (TDRV_CAP_TRACE); NULL = none */
    int checked;        /* a model with the hardware's assertions on (TDRV_CAP_CHECKED) */
    int timing_only;    /* commands are timed and counted but write no results (TDRV_CAP_TIMING_ONLY) */
    /* Told what takes long while opening (the sim backend building a model): one sentence. Optional. */
    void (*progress)(void *ctx, const char *msg);
    void *progress_ctx;
} tdrv_open_args;

typedef struct tdrv_ops {
    const char *name;        /* backend name users select ("sim") */
    const char *description; /* one line for `tritium info` */
    unsigned caps;           /* TDRV_CAP_* */

    /* Opens a->config (NULL = default); writes the configuration's name into cfg_name (may be ""). */
    int (*open)(const tdrv_open_args *a, void **ctx, char *cfg_name, size_t cfg_len, char *err, size_t errlen);
    void (*close)(void *ctx);
    /* Configurations this backend can open, by index (NULL past the end); optional. */
    const char *(*config_name)(unsigned i);

    int (*reg_read)(void *ctx, uint32_t off, uint32_t *v);
    int (*reg_write)(void *ctx, uint32_t off, uint32_t v);

    /* Zeroed device-visible memory of `bytes` at a device address aligned to `align` (power of 2). */
    int (*buf_alloc)(void *ctx, size_t bytes, size_t align, void **host, uint64_t *dev_addr, char *err,
                     size_t errlen);
    void (*buf_free)(void *ctx, void *host, uint64_t dev_addr, size_t bytes);
    /* Makes [host, host+bytes) coherent: to_device = 1 after CPU writes, 0 before CPU reads. Optional. */
    void (*sync)(void *ctx, void *host, size_t bytes, int to_device);

    /* Blocks until the device is idle or timeout_cycles pass; *waited = cycles waited.
     * Returns 0 when idle, -1 on timeout (the caller decides what the timeout means). */
    int (*wait_idle)(void *ctx, uint64_t timeout_cycles, uint64_t *waited);
    /* Device cycles since open (a board derives them from its clock and wall time). */
    uint64_t (*now)(void *ctx);
    /* Drives the reset input; used when a soft reset does not bring the device back. Optional. */
    void (*hard_reset)(void *ctx);
    /* Level of the interrupt output (0 or 1). Optional. */
    int (*irq_level)(void *ctx);

    /* Test hooks, optional. */
    int (*inject_error)(void *ctx, uint64_t lo, uint64_t hi);
    int (*mem_speed)(void *ctx, uint32_t bytes_per_cycle, uint32_t latency);
    int (*inject_fault)(void *ctx, int kind, uint64_t after, uint32_t bit); /* kind: tdrv_fault */
    int (*fault_struck)(void *ctx);
} tdrv_ops;

#endif
