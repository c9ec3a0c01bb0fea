/*
 * The "tlm" device backend: the SystemC TLM-2.0 model of sim/tlm/ in this process (tlm_world.h),
 * timed by the RTL's rules (docs/tlm.md) and computing with the fast CPU kernels
 * (tdrv_tlm_compute.h). Any configuration the description allows opens without a build: its
 * parameters are run-time data of the one elaborated model. Like the sim backend it is not part of
 * libtdrv: programs that offer it link this object and the model ($(DRV_SIM_LINK), driver.mk).
 *
 * Opened timing-only (tdrv_open_args.timing_only), its device times commands and writes no results.
 * TRITIUM_TLM_THREADS (environment): threads of the functional GEMM (default: one per core);
 * TRITIUM_TLM_CACHE_MB: prepared weights kept across commands (default 8192).
 */
#include "driver/tdrv_heap_impl.h"
#include "driver/tdrv_ops.h"
#include "driver/tlm/tdrv_tlm_compute.h"
#include "sim/tlm/tlm_world.h"
#include "sim/tsim_cfg.h"
#include "tritium_regs.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    tlm_world_dev *d;
    tdrv_tlm_compute *gemm;
    tdrv_heap heap;
} tlm_ctx;

static long env_long(const char *name, long dflt, long lo, long hi)
{
    const char *e = getenv(name);
    char *end;
    long v = e ? strtol(e, &end, 10) : dflt;
    return e && (*end || v < lo || v > hi) ? dflt : v;
}

static int tlm_open(const tdrv_open_args *a, void **ctx, char *cfg_name, size_t cfg_len, char *err, size_t errlen)
{
    tritium_params p;
    char key[128];
    if (tsim_cfg_resolve(a->config, &p, key, sizeof key, err, errlen))
        return -1;
    tlm_ctx *c = calloc(1, sizeof *c);
    if (c)
        c->gemm = tdrv_tlm_compute_new((int)env_long("TRITIUM_TLM_THREADS", 0, 0, 1024),
                                       (size_t)env_long("TRITIUM_TLM_CACHE_MB", 8192, 0, 1L << 30) << 20);
    if (!c || !c->gemm) {
        free(c);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const tlm_hw hw = {p.rows, p.cols, p.data_w, p.act_bytes, p.wgt_bytes, p.acc_words, p.rd_bursts, p.wr_bursts};
    c->d = tlm_world_open(&hw, p.addr_w, p.wformats, a->timing_only ? NULL : tdrv_tlm_compute_gemm, c->gemm, err,
                          errlen);
    if (!c->d) {
        tdrv_tlm_compute_free(c->gemm);
        free(c);
        return -1;
    }
    uint64_t base, limit;
    tdrv_sim_window(p.addr_w, &base, &limit);
    tdrv_heap_init(&c->heap, base, limit);
    snprintf(cfg_name, cfg_len, "%s", key);
    *ctx = c;
    return 0;
}

static void tlm_close(void *ctx)
{
    tlm_ctx *c = ctx;
    tlm_world_close(c->d); /* detaches every region */
    tdrv_heap_fini(&c->heap);
    tdrv_tlm_compute_free(c->gemm);
    free(c);
}

static const char *tlm_config_name(unsigned i) { return tsim_cfg_name(i); }
static int tlm_reg_read(void *ctx, uint32_t off, uint32_t *v) { return tlm_world_reg_read(((tlm_ctx *)ctx)->d, off, v); }
static int tlm_reg_write(void *ctx, uint32_t off, uint32_t v)
{
    return tlm_world_reg_write(((tlm_ctx *)ctx)->d, off, v);
}

static int tlm_attach(void *ctx, uint64_t dev_addr, void *host, size_t bytes)
{
    return tlm_world_mem_attach(((tlm_ctx *)ctx)->d, dev_addr, host, bytes);
}

static int tlm_buf_alloc(void *ctx, size_t bytes, size_t align, void **host, uint64_t *dev_addr, char *err,
                         size_t errlen)
{
    return tdrv_heap_host_alloc(&((tlm_ctx *)ctx)->heap, bytes, align, tlm_attach, ctx, host, dev_addr, err, errlen);
}

static void tlm_buf_free(void *ctx, void *host, uint64_t dev_addr, size_t bytes)
{
    tlm_ctx *c = ctx;
    (void)bytes;
    tlm_world_mem_detach(c->d, dev_addr);
    tdrv_heap_free(&c->heap, dev_addr);
    free(host);
}

static int tlm_wait_idle(void *ctx, uint64_t timeout_cycles, uint64_t *waited)
{
    tlm_ctx *c = ctx;
    *waited = tlm_world_wait(c->d, timeout_cycles);
    uint32_t st;
    if (tlm_world_reg_read(c->d, TRITIUM_REG_STATUS, &st))
        return -1;
    return (st & TRITIUM_STATUS_BUSY) ? -1 : 0;
}

static uint64_t tlm_now(void *ctx) { return tlm_world_cycles(((tlm_ctx *)ctx)->d); }
static void tlm_hard_reset(void *ctx) { tlm_world_reset(((tlm_ctx *)ctx)->d); }

static int tlm_irq_level(void *ctx)
{
    uint32_t v = 0;
    return tlm_world_reg_read(((tlm_ctx *)ctx)->d, TRITIUM_REG_IRQ_STATUS, &v) == 0 && (v & 1u);
}

static int tlm_inject_error(void *ctx, uint64_t lo, uint64_t hi)
{
    tlm_world_mem_inject_error(((tlm_ctx *)ctx)->d, lo, hi);
    return 0;
}

static int tlm_mem_speed(void *ctx, uint32_t bytes_per_cycle, uint32_t latency)
{
    tlm_world_mem_speed(((tlm_ctx *)ctx)->d, bytes_per_cycle, latency);
    return 0;
}

const tdrv_ops tdrv_tlm_ops = {
    .name = "tlm",
    .description = "SystemC TLM-2.0 model of rtl/: the RTL's cycle counts (calibrated, docs/tlm.md), CPU-kernel results",
    .caps = TDRV_CAP_CONFIGS | TDRV_CAP_CYCLES | TDRV_CAP_FAULTS | TDRV_CAP_ANY_CONFIG | TDRV_CAP_TIMING_ONLY,
    .open = tlm_open,
    .close = tlm_close,
    .config_name = tlm_config_name,
    .reg_read = tlm_reg_read,
    .reg_write = tlm_reg_write,
    .buf_alloc = tlm_buf_alloc,
    .buf_free = tlm_buf_free,
    .sync = NULL,
    .wait_idle = tlm_wait_idle,
    .now = tlm_now,
    .hard_reset = tlm_hard_reset,
    .irq_level = tlm_irq_level,
    .inject_error = tlm_inject_error,
    .mem_speed = tlm_mem_speed,
};
