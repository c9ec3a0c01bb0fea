/*
 * tritium driver: one API over every device backend (in-process Verilator model today, a Linux
 * UIO board later). A device is reached only through 32-bit register accesses and buffers in
 * device-visible memory; see driver/tdrv_ops.h for what a backend provides and docs/driver.md.
 *
 * Every function returns a tdrv_status; functions that take (err, errlen) also write a sentence
 * saying what went wrong and where. A tdrv_dev is single-threaded.
 */
#ifndef TDRV_H
#define TDRV_H

#include <stddef.h>
#include <stdint.h>

#include "driver/tdrv_hwcfg.h"
#include "driver/tdrv_ops.h"

typedef enum {
    TDRV_OK = 0,
    TDRV_ERR_ARG = -1,         /* NULL pointer, zero or out-of-range argument */
    TDRV_ERR_NOMEM = -2,       /* host or device memory exhausted */
    TDRV_ERR_BACKEND = -3,     /* unknown backend, or the backend failed to open */
    TDRV_ERR_ID = -4,          /* ID register is not a tritium accelerator */
    TDRV_ERR_VERSION = -5,     /* major version this driver does not speak */
    TDRV_ERR_CONFIG = -6,      /* a CFG_* register holds a value the driver cannot use */
    TDRV_ERR_BUS = -7,         /* a register access failed (bus error response) */
    TDRV_ERR_BOUNDS = -8,      /* buffer access outside the buffer */
    TDRV_ERR_BUSY = -9,        /* a job is still running */
    TDRV_ERR_TIMEOUT = -10,    /* the job did not finish within the timeout */
    TDRV_ERR_DEVICE = -11,     /* the device stopped the job with an error code (see ERR_CODE) */
    TDRV_ERR_UNSUPPORTED = -12 /* the backend does not provide this operation */
} tdrv_status;

const char *tdrv_strerror(tdrv_status st);
/* Name ("ERR_AXI_READ") and explanation of a device ERR_CODE value; never NULL. */
const char *tdrv_dev_err_name(uint32_t code);
const char *tdrv_dev_err_msg(uint32_t code);

/* What the driver read at open: identity plus the CFG_* registers (driver/tdrv_hwcfg.h). */
typedef struct {
    uint32_t id, version;
    tdrv_hwcfg hw;
    char config[128]; /* configuration name the backend opened ("" if it has none) */
    /* the memory model's speed as tdrv_mem_speed last set it (0, 0: a full beat per cycle, no added
       latency, or a real memory): what bounds a command's time besides the device */
    uint32_t mem_bytes_per_cycle, mem_latency;
} tdrv_info;

/* Driver versions it speaks: major must match, any minor. */
#define TDRV_VERSION_MAJOR TRITIUM_VERSION_MAJOR

typedef struct tdrv_dev tdrv_dev;
typedef struct tdrv_buf tdrv_buf;

/* The registry (driver/tdrv_backends.def): the device backends linked into this program, by index
 * (NULL past the end), and by name (NULL if not linked). */
const tdrv_ops *tdrv_backend(unsigned i);
const tdrv_ops *tdrv_backend_find(const char *name);

/* Opens backend `backend` with configuration `config` (NULL = its default), then checks identity. */
tdrv_status tdrv_open(const char *backend, const char *config, tdrv_dev **out, char *err, size_t errlen);
/* The same with every open option (a NULL a = defaults). */
tdrv_status tdrv_open_with(const char *backend, const tdrv_open_args *a, tdrv_dev **out, char *err, size_t errlen);
/* Same over an explicit ops table (tests use a register-file mock). */
tdrv_status tdrv_open_ops(const tdrv_ops *ops, const tdrv_open_args *a, tdrv_dev **out, char *err, size_t errlen);
void tdrv_close(tdrv_dev *d);

const tdrv_info *tdrv_get_info(const tdrv_dev *d);
const char *tdrv_backend_name(const tdrv_dev *d);

/* Raw register access (offsets from build/gen/tritium_regs.h). */
tdrv_status tdrv_reg_read(tdrv_dev *d, uint32_t off, uint32_t *v);
tdrv_status tdrv_reg_write(tdrv_dev *d, uint32_t off, uint32_t v);

/* Device-visible buffers, aligned to at least the bus width; contents start zeroed. */
tdrv_status tdrv_buf_alloc(tdrv_dev *d, size_t bytes, tdrv_buf **out, char *err, size_t errlen);
void tdrv_buf_free(tdrv_dev *d, tdrv_buf *b);
uint64_t tdrv_buf_addr(const tdrv_buf *b);
size_t tdrv_buf_size(const tdrv_buf *b);
/* Host view of the buffer (valid until free); prefer tdrv_buf_write/read, which check bounds and
 * do the cache maintenance a board backend needs. */
void *tdrv_buf_map(tdrv_buf *b);
tdrv_status tdrv_buf_write(tdrv_dev *d, tdrv_buf *b, size_t off, const void *src, size_t n, char *err, size_t errlen);
tdrv_status tdrv_buf_read(tdrv_dev *d, tdrv_buf *b, size_t off, void *dst, size_t n, char *err, size_t errlen);

/* A DMA window: the device address range [base, end) a command may reach for one operand. */
typedef struct {
    uint64_t base, end;
} tdrv_win;

/* The window of a whole buffer. */
tdrv_win tdrv_buf_win(const tdrv_buf *b);

/* One command: Y[n][m] = sum_k W[m][k] * X[n][k] (register map: docs/hardware.md, from hw/tritium.toml).
 * The windows say what memory it may read (W, X) and write (Y), usually the buffers of its operands:
 * the device refuses any burst outside them (ERR_DMA_WINDOW) before it reaches the bus, so a wrong
 * address or stride cannot read or overwrite other memory. */
typedef struct {
    uint64_t w_addr, x_addr, y_addr;
    uint32_t m, k, n;
    uint32_t x_stride, y_stride; /* bytes between rows */
    uint32_t flags;              /* CMD_FLAGS: TRITIUM_CMD_FLAGS_WFMT_BASE3 (tdrv_wfmt_flags) or 0 */
    tdrv_win w_win, x_win, y_win;
} tdrv_cmd;

/* Writes the command registers and starts it; TDRV_ERR_BUSY if a job is running, TDRV_ERR_ARG for a
 * zero dimension or an empty window. */
tdrv_status tdrv_submit(tdrv_dev *d, const tdrv_cmd *c, char *err, size_t errlen);
/*
 * Waits until the job finishes, at most timeout_cycles device cycles (the simulated clock runs
 * while the driver waits). *cycles (may be NULL) receives the cycles waited. TDRV_ERR_DEVICE
 * with the decoded ERR_CODE and faulting address, or TDRV_ERR_TIMEOUT, explained in err.
 */
tdrv_status tdrv_wait(tdrv_dev *d, uint64_t timeout_cycles, uint64_t *cycles, char *err, size_t errlen);
/* Soft reset (abort, clear error); falls back to the backend's hard reset if the device stays busy. */
tdrv_status tdrv_reset(tdrv_dev *d, char *err, size_t errlen);
/* Hard resets tdrv_reset has done on d (a soft reset that did not bring the device back). */
unsigned tdrv_hard_resets(const tdrv_dev *d);
/* Device cycles since open (backend clock), for timing outside the counters. */
uint64_t tdrv_now(tdrv_dev *d);
/* Level of the device's interrupt line: 1 or 0, or TDRV_ERR_UNSUPPORTED if the backend cannot see it. */
int tdrv_irq_level(tdrv_dev *d);

/* Every 64-bit performance counter (consistent LO/HI pairs), one member per counter of the hardware
 * description (TRITIUM_PERF_COUNTERS: cycles, busy, compute, rd_bytes, wr_bytes, stall_wgt, ...). */
typedef struct {
#define TDRV_PERF_FIELD(f, NAME, doc) uint64_t f;
    TRITIUM_PERF_COUNTERS(TDRV_PERF_FIELD)
#undef TDRV_PERF_FIELD
} tdrv_perf;
tdrv_status tdrv_perf_read(tdrv_dev *d, tdrv_perf *p);
/* after - before, field by field. */
tdrv_perf tdrv_perf_diff(const tdrv_perf *after, const tdrv_perf *before);

/* Test hooks: every DMA access to [lo, hi) (or to buffer b) fails; lo == hi clears. */
tdrv_status tdrv_inject_error(tdrv_dev *d, uint64_t lo, uint64_t hi);
tdrv_status tdrv_buf_inject_error(tdrv_dev *d, const tdrv_buf *b);
/* Memory model speed (bytes per cycle, 0 = full bus; read latency in cycles); a board ignores it. */
tdrv_status tdrv_mem_speed(tdrv_dev *d, uint32_t bytes_per_cycle, uint32_t latency);
/* Test hook: a memory that misbehaves once. After `after` more beats of its kind it hangs (accepts
 * requests and never answers again, until tdrv_reset's hard reset) or flips bit `bit` of one read
 * beat (as the device receives it) or of one written beat (as memory stores it). NONE disarms. */
typedef enum { TDRV_FAULT_NONE = 0, TDRV_FAULT_HANG, TDRV_FAULT_FLIP_READ, TDRV_FAULT_FLIP_WRITE } tdrv_fault;
tdrv_status tdrv_inject_fault(tdrv_dev *d, tdrv_fault kind, uint64_t after, uint32_t bit);
/* 1 when the fault armed last has struck, 0 when it has not (yet), -1 without fault injection. */
int tdrv_fault_struck(tdrv_dev *d);

#endif
