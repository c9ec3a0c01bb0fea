/*
 * The "sim" device backend: the Verilator model in this process (sim/tsim.h). It is not part of
 * libtdrv: programs that offer it link this object and the models ($(DRV_SIM_LINK), driver.mk).
 */
#include "driver/tdrv_heap_impl.h"
#include "driver/tdrv.h"
#include "driver/tdrv_ops.h"
#include "sim/tsim.h"
#include "tritium_regs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    tsim *s;
    tdrv_heap heap;
} sim_ctx;

static int sim_open(const tdrv_open_args *a, void **ctx, char *cfg_name, size_t cfg_len, char *err, size_t errlen)
{
    sim_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const tsim_open_args o = {a->config, a->trace, a->checked, a->progress, a->progress_ctx};
    c->s = tsim_open(&o, err, errlen);
    if (!c->s) {
        free(c);
        return -1;
    }
    uint32_t addr_w = 0;
    uint64_t base, limit;
    if (tsim_reg_read(c->s, TRITIUM_REG_CFG_ADDR_W, &addr_w)) {
        snprintf(err, errlen, "the model did not answer a read of CFG_ADDR_W");
        tsim_destroy(c->s);
        free(c);
        return -1;
    }
    tdrv_sim_window(addr_w, &base, &limit);
    tdrv_heap_init(&c->heap, base, limit);
    snprintf(cfg_name, cfg_len, "%s", tsim_config(c->s));
    *ctx = c;
    return 0;
}

static void sim_close(void *ctx)
{
    sim_ctx *c = ctx;
    for (size_t i = 0; i < c->heap.n; i++)
        tsim_mem_detach(c->s, c->heap.blk[i].addr);
    tsim_destroy(c->s);
    tdrv_heap_fini(&c->heap);
    free(c);
}

static const char *sim_config_name(unsigned i) { return i < tsim_config_count() ? tsim_config_name(i) : NULL; }
static int sim_reg_read(void *ctx, uint32_t off, uint32_t *v) { return tsim_reg_read(((sim_ctx *)ctx)->s, off, v); }
static int sim_reg_write(void *ctx, uint32_t off, uint32_t v) { return tsim_reg_write(((sim_ctx *)ctx)->s, off, v); }

static int sim_attach(void *ctx, uint64_t dev_addr, void *host, size_t bytes)
{
    return tsim_mem_attach(((sim_ctx *)ctx)->s, dev_addr, host, bytes);
}

static int sim_buf_alloc(void *ctx, size_t bytes, size_t align, void **host, uint64_t *dev_addr, char *err,
                         size_t errlen)
{
    return tdrv_heap_host_alloc(&((sim_ctx *)ctx)->heap, bytes, align, sim_attach, ctx, host, dev_addr, err, errlen);
}

static void sim_buf_free(void *ctx, void *host, uint64_t dev_addr, size_t bytes)
{
    sim_ctx *c = ctx;
    (void)bytes;
    tsim_mem_detach(c->s, dev_addr);
    tdrv_heap_free(&c->heap, dev_addr);
    free(host);
}

static int sim_wait_idle(void *ctx, uint64_t timeout_cycles, uint64_t *waited)
{
    sim_ctx *c = ctx;
    *waited = tsim_run_until_idle(c->s, timeout_cycles);
    uint32_t st;
    if (tsim_reg_read(c->s, TRITIUM_REG_STATUS, &st))
        return -1;
    return (st & TRITIUM_STATUS_BUSY) ? -1 : 0;
}

static uint64_t sim_now(void *ctx) { return tsim_cycles(((sim_ctx *)ctx)->s); }
static void sim_hard_reset(void *ctx) { tsim_reset(((sim_ctx *)ctx)->s); }
static int sim_irq_level(void *ctx) { return tsim_irq(((sim_ctx *)ctx)->s); }

static int sim_inject_error(void *ctx, uint64_t lo, uint64_t hi)
{
    tsim_mem_inject_error(((sim_ctx *)ctx)->s, lo, hi);
    return 0;
}

static int sim_inject_fault(void *ctx, int kind, uint64_t after, uint32_t bit)
{
    _Static_assert(TDRV_FAULT_HANG == (int)TSIM_FAULT_HANG && TDRV_FAULT_FLIP_READ == (int)TSIM_FAULT_FLIP_READ &&
                       TDRV_FAULT_FLIP_WRITE == (int)TSIM_FAULT_FLIP_WRITE,
                   "tdrv_fault and tsim_fault_kind name the same faults");
    tsim_mem_fault(((sim_ctx *)ctx)->s, (tsim_fault_kind)kind, after, bit);
    return 0;
}

static int sim_fault_struck(void *ctx) { return tsim_mem_fault_struck(((sim_ctx *)ctx)->s); }

static int sim_mem_speed(void *ctx, uint32_t bytes_per_cycle, uint32_t latency)
{
    tsim_mem_cfg cfg = {bytes_per_cycle, latency};
    tsim_mem_config(((sim_ctx *)ctx)->s, &cfg);
    return 0;
}

const tdrv_ops tdrv_sim_ops = {
    .name = "sim",
    .description = "cycle-accurate Verilator model of rtl/ in this process",
    .caps = TDRV_CAP_CONFIGS | TDRV_CAP_CYCLES | TDRV_CAP_TRACE | TDRV_CAP_FAULTS | TDRV_CAP_ANY_CONFIG |
            TDRV_CAP_CHECKED,
    .open = sim_open,
    .close = sim_close,
    .config_name = sim_config_name,
    .reg_read = sim_reg_read,
    .reg_write = sim_reg_write,
    .buf_alloc = sim_buf_alloc,
    .buf_free = sim_buf_free,
    .sync = NULL,
    .wait_idle = sim_wait_idle,
    .now = sim_now,
    .hard_reset = sim_hard_reset,
    .irq_level = sim_irq_level,
    .inject_error = sim_inject_error,
    .mem_speed = sim_mem_speed,
    .inject_fault = sim_inject_fault,
    .fault_struck = sim_fault_struck,
};
