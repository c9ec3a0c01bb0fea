/*
 * C interface to the cycle-accurate Verilator model of the tritium accelerator (rtl/tritium_top).
 *
 * Each hardware configuration (array shape, bus width, buffer sizes, bursts) is a separately verilated
 * model in a shared object, loaded at tsim_create. A configuration is named (the named ones of
 * hw/tritium.toml, listed by tsim_config_count/name), given as a parameter list
 * ("rows=32,cols=32,bus=512": every other parameter at its default) or as a TOML file of parameters;
 * a model not built yet is built once (Verilator, under the build tree, keyed by its parameters) and
 * cached. The model's AXI4 master talks to a memory model inside this library:
 * host memory regions attached with tsim_mem_attach, served with a configurable bandwidth and
 * latency, an optional address range that answers every access with SLVERR, and a memory that
 * hangs or flips a bit on demand (tsim_mem_fault).
 * Registers are reached through the AXI4-Lite slave, so a register access costs simulated cycles.
 * One tsim is single-threaded; separate tsim instances are independent.
 */
#ifndef TSIM_H
#define TSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tsim tsim;

typedef struct {
    uint32_t bytes_per_cycle; /* sustained bandwidth of the memory; 0 = one full bus beat per cycle */
    uint32_t latency;         /* cycles from an accepted read address to its first data beat */
} tsim_mem_cfg;

/* The named configurations of the hardware description; the first one is the default. */
unsigned tsim_config_count(void);
const char *tsim_config_name(unsigned i);

/* Told while a model is being built (it takes tens of seconds): one sentence, no newline. */
typedef void (*tsim_progress_fn)(void *ctx, const char *msg);

typedef struct {
    const char *config;        /* a name, a parameter list or a .toml file; NULL = the default */
    const char *trace_fst;     /* FST waveform to write (a model built by `make sim-debug`), or NULL */
    int checked;               /* a model with the RTL's assertions compiled in: a failing assertion
                                  prints its name and stops the program */
    tsim_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} tsim_open_args;

/*
 * Creates a model of the configuration a describes (building it first if needed). On failure returns
 * NULL and writes the reason into err: an unknown name, the broken rule of an illegal parameter set,
 * or the tail of a failed build's log.
 */
tsim *tsim_open(const tsim_open_args *a, char *err, size_t errlen);
/* tsim_open with only a configuration and a waveform. */
tsim *tsim_create(const char *config, const char *trace_fst, char *err, size_t errlen);
/* The configuration a model runs: its name (a named one, or the key of its parameter set). */
const char *tsim_config(const tsim *s);
void tsim_destroy(tsim *s);

/* Drives rst_ni low for a few cycles. Memory attachments and configuration are kept. */
void tsim_reset(tsim *s);

/* AXI4-Lite access; returns 0, or -1 on a SLVERR/DECERR response or a hung handshake. */
int tsim_reg_write(tsim *s, uint32_t addr, uint32_t value);
int tsim_reg_read(tsim *s, uint32_t addr, uint32_t *value);

/* Advances the clock n cycles. */
void tsim_step(tsim *s, uint64_t n);
/* Advances until the device is idle (STATUS.BUSY clear) or max_cycles pass; returns cycles run. */
uint64_t tsim_run_until_idle(tsim *s, uint64_t max_cycles);
/* Cycles since tsim_create. */
uint64_t tsim_cycles(const tsim *s);
/* Current level of irq_o. */
int tsim_irq(const tsim *s);

/* Makes [dev_addr, dev_addr + bytes) of the device's address space read/write host memory at base. */
int tsim_mem_attach(tsim *s, uint64_t dev_addr, void *base, size_t bytes);
int tsim_mem_detach(tsim *s, uint64_t dev_addr);
void tsim_mem_config(tsim *s, const tsim_mem_cfg *cfg);
/* Every access touching [lo, hi) answers SLVERR; lo == hi disables injection. */
void tsim_mem_inject_error(tsim *s, uint64_t lo, uint64_t hi);

/* A misbehaving memory, armed once: after `after` more beats of its kind (read beats for HANG and
 * FLIP_READ, write beats for FLIP_WRITE) it hangs (accepts requests, never answers a read beat or a
 * write response again, until tsim_reset) or flips bit `bit` (mod the bus width) of that one beat: a
 * read beat as the device receives it, a write beat as memory stores it. NONE disarms. */
typedef enum { TSIM_FAULT_NONE = 0, TSIM_FAULT_HANG, TSIM_FAULT_FLIP_READ, TSIM_FAULT_FLIP_WRITE } tsim_fault_kind;
void tsim_mem_fault(tsim *s, tsim_fault_kind kind, uint64_t after, uint32_t bit);
/* Whether the armed fault has struck (and is not yet cleared by rearming or, for a hang, tsim_reset). */
int tsim_mem_fault_struck(const tsim *s);

/* Simulator bookkeeping: wall-clock seconds spent inside the model (for cycles-per-second figures). */
double tsim_wall_seconds(const tsim *s);

#ifdef __cplusplus
}
#endif
#endif
