/*
 * The backend interface: every ternary matmul of the runtime goes through it.
 * Backends are chosen by name at run time from a registry (rt_backend_desc_at): the runtime's own
 * backends (cpu: the fast CPU kernels) and one per device backend the driver has linked (sim: the
 * Verilator model, ...). Callers ask a backend's capabilities, never its name: nothing above this
 * header knows which device runs the matmul.
 *
 * Integer contract (kernels_ref/kr_gemm.h): y[n*ldy + m] = sum_k W[m][k] * q[n*ldq + k].
 */
#ifndef RT_BACKEND_H
#define RT_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_fast/kr_pool.h"
#include "kernels_ref/kr_ternary.h"
#include "runtime/common/rt_log.h"

/* What a backend can do (rt_backend_desc.caps). */
#define RT_CAP_OFFLOADS 0x1u /* matmuls run on a (simulated) device: counted as offloaded, checked by --verify */
#define RT_CAP_CYCLES 0x2u   /* reports device cycles: modeled time, utilization, bus figures */
#define RT_CAP_CONFIGS 0x4u  /* has named hardware configurations (rt_backend_opts.config) */
#define RT_CAP_THREADS 0x8u  /* runs the matmuls on CPU threads (rt_backend_opts.threads) */
#define RT_CAP_ANY_CONFIG 0x10u /* also opens configurations given by parameters ("rows=32,cols=32,bus=512")
                                   or a .toml file, not only the named ones */
#define RT_CAP_HARDWARE 0x40u    /* a real device, which may be absent (opening then fails saying what to check) */
#define RT_CAP_TIMING_ONLY 0x20u /* can run timing-only (rt_backend_opts.timing_only): cycles, no results */

/* One entry of the registry. */
typedef struct {
    const char *name;        /* what users select (--backend NAME) */
    const char *description; /* one line */
    unsigned caps;           /* RT_CAP_* */
    /* RT_CAP_CONFIGS: the configurations by index, NULL past the end (the first is the default). */
    const char *(*config_name)(unsigned i);
} rt_backend_desc;

/* The registry, in order: 0 and *out filled, or -1 past the end / when no backend has that name. */
int rt_backend_desc_at(unsigned i, rt_backend_desc *out);
int rt_backend_desc_find(const char *name, rt_backend_desc *out);
/* Every backend's name, comma separated, for messages ("cpu, sim"). */
void rt_backend_names(char *buf, size_t len);

/* How the cpu backend stores prepared weights (kernels_fast/kr_fast.h, docs/kernels.md): auto =
 * the layout kr_fast_layout_auto picks for this CPU and thread count. */
typedef enum { RT_CPU_WEIGHTS_AUTO = 0, RT_CPU_WEIGHTS_2BIT, RT_CPU_WEIGHTS_BASE3 } rt_cpu_weights;
/* "auto", "2bit", "base3" -> *out: 0, or -1 for any other string. */
int rt_cpu_weights_parse(const char *s, rt_cpu_weights *out);
const char *rt_cpu_weights_name(rt_cpu_weights w);

typedef struct rt_backend rt_backend;
typedef struct rt_weights rt_weights; /* weights repacked once for one backend (device layout etc.) */

typedef struct {
    int verify;             /* also compute every matmul with kernels_ref and compare bit for bit */
    double freq_mhz;        /* modeled accelerator clock; 0 = RT_DEFAULT_FREQ_MHZ */
    int threads;            /* CPU threads; 0 = number of cores (ignored when pool is given) */
    kr_pool *pool;          /* borrowed: threads the caller already runs (so a model and its cpu
                               backend share one pool instead of oversubscribing the cores);
                               NULL = the backend starts its own; must outlive the backend */
    const char *config;     /* hardware configuration (RT_CAP_CONFIGS backends); NULL = default */
    const char *weights;    /* device weight-stream format: "2bit", "base3", or NULL = the densest the
                               device decodes (its CFG_WFORMATS); ignored by backends without a device */
    uint64_t timeout_cycles;/* per-command device timeout; 0 = derived from the shape */
    rt_log log;             /* where device errors and --verify mismatches are told; zero = dropped */
    rt_cpu_weights cpu_weights; /* cpu backend: weight layout (zero = auto) */
    int timing_only;        /* RT_CAP_TIMING_ONLY backends: every matmul is timed and counted, its result is
                               not computed (y is left as it was); for sweeps; not with verify */
    double fault_rate;      /* soak tests, device backends with a memory model (TDRV_CAP_FAULTS): the share
                               of commands that meet a random fault (an error response, a hung memory, a
                               flipped bit); 0 = none. Run with verify so that flipped bits are caught. */
    uint64_t fault_seed;    /* the faults' random sequence */
} rt_backend_opts;

#define RT_DEFAULT_FREQ_MHZ 200.0

/* Accumulated statistics (per call: take a difference of two snapshots). */
typedef struct {
    uint64_t calls;            /* matmuls run */
    uint64_t offloaded;        /* of which ran on the device */
    uint64_t macs;             /* sum of M*K*N */
    uint64_t weight_bytes;     /* device-layout weight bytes the calls needed */
    uint64_t cycles;           /* device cycles from command start to completion */
    uint64_t ideal_cycles;     /* max(compute-bound, bus-bound) lower bound */
    uint64_t compute_cycles;   /* array-active cycles */
    uint64_t dma_read_bytes, dma_write_bytes;
    uint64_t stall_weight, stall_act, stall_out;
    uint64_t ternary_ops;
    double modeled_seconds;    /* cycles / freq */
    double host_seconds;       /* wall time in the backend call (simulation or CPU kernel) */
    double cpu_ref_seconds;    /* wall time of kernels_ref during --verify */
    uint64_t mismatches;       /* verify: device result differed */
    uint64_t device_errors;    /* device error code or timeout */
    uint64_t fallbacks;        /* calls answered by the CPU after a mismatch or an error */
    uint64_t hard_resets;      /* recoveries from a device error that needed its reset input */
    uint64_t faults_injected;  /* faults armed in the device's memory model (fault_rate) */
    uint64_t faults_struck;    /* of which met the command (the rest fell outside what it touched) */
} rt_stats;

/* Opens the registry's backend `name`; NULL on failure with the reason in err. */
rt_backend *rt_backend_open(const char *name, const rt_backend_opts *opts, char *err, size_t errlen);
void rt_backend_close(rt_backend *b);
const char *rt_backend_name(const rt_backend *b);
/* The registry entry b was opened from (its name, description and capabilities). */
const rt_backend_desc *rt_backend_get_desc(const rt_backend *b);

/* Repacks w for this backend once; w must outlive the returned handle only if the backend says so
 * (both cpu and sim keep their own copy). Returns 0 or -1 with the reason in err. */
int rt_backend_prepare(rt_backend *b, const kr_tern *w, rt_weights **out, char *err, size_t errlen);
void rt_backend_release(rt_backend *b, rt_weights *w);

/* Runs one matmul of n activation rows. Returns 0, or -1 with the reason in err (with --verify a
 * device failure is not an error: the CPU result is returned and the event is counted/reported). */
int rt_backend_matmul(rt_backend *b, rt_weights *w, const int8_t *q, size_t n, size_t ldq,
                      int32_t *y, size_t ldy, char *err, size_t errlen);

const rt_stats *rt_backend_stats(const rt_backend *b);
void rt_backend_stats_reset(rt_backend *b);
/* Statistics of the most recent rt_backend_matmul alone (zero before the first call). */
const rt_stats *rt_backend_last(const rt_backend *b);
/* Adds every counter of d into acc. */
void rt_stats_add(rt_stats *acc, const rt_stats *d);

/* Writes a one-line description of the hardware the backend talks to (config, array, bus, clock). */
void rt_backend_describe(const rt_backend *b, char *buf, size_t len);

/* What the backend runs on (zeroed fields when the backend has no device). */
typedef struct {
    char backend[16];
    char config[128];  /* hardware configuration name */
    unsigned rows, cols, data_w, act_bytes, wgt_bytes, acc_words, addr_w, max_n;
    double freq_mhz;   /* modeled clock */
    int threads;       /* CPU threads (RT_CAP_THREADS backends) */
    char cpu_kernel[48];
    char weights[8];   /* device weight-stream format ("2bit", "base3"; "" without a device) */
} rt_hwinfo;

/* Fills hw for backend b. */
void rt_backend_hwinfo(const rt_backend *b, rt_hwinfo *hw);

#endif
