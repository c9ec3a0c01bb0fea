/* Driver core: identity check at open, buffers, commands, completion, reset, counters. */
#include "driver/tdrv.h"
#include "tritium_regs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tdrv_dev {
    const tdrv_ops *ops;
    void *ctx;
    tdrv_info info;
    size_t buf_align;
    unsigned hard_resets; /* recoveries that needed the reset input */
};

struct tdrv_buf {
    void *host;
    uint64_t addr;
    size_t bytes;
};

static tdrv_status fail(char *err, size_t errlen, tdrv_status st, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

tdrv_status tdrv_reg_read(tdrv_dev *d, uint32_t off, uint32_t *v)
{
    if (!d || !v || (off & 3u))
        return TDRV_ERR_ARG;
    return d->ops->reg_read(d->ctx, off, v) ? TDRV_ERR_BUS : TDRV_OK;
}

tdrv_status tdrv_reg_write(tdrv_dev *d, uint32_t off, uint32_t v)
{
    if (!d || (off & 3u))
        return TDRV_ERR_ARG;
    return d->ops->reg_write(d->ctx, off, v) ? TDRV_ERR_BUS : TDRV_OK;
}

/* Reads ID, VERSION and CFG_*, and refuses values the rest of the driver could not handle: every
 * range and rule of the hardware description (tdrv_hwcfg_check). */
static tdrv_status discover(tdrv_dev *d, char *err, size_t errlen)
{
    static const struct {
        uint32_t off;
        const char *name;
        size_t field;
    } regs[] = {
        {TRITIUM_REG_ID, "ID", offsetof(tdrv_info, id)},
        {TRITIUM_REG_VERSION, "VERSION", offsetof(tdrv_info, version)},
#define TDRV_CFG_REG(f, reg) {TRITIUM_REG_##reg, #reg, offsetof(tdrv_info, hw.f)},
        TRITIUM_CFG_FIELDS(TDRV_CFG_REG)
#undef TDRV_CFG_REG
    };
    tdrv_info *info = &d->info;
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        uint32_t v;
        if (tdrv_reg_read(d, regs[i].off, &v))
            return fail(err, errlen, TDRV_ERR_BUS, "%s: reading register %s (offset 0x%03x) failed with a bus error",
                        d->ops->name, regs[i].name, (unsigned)regs[i].off);
        memcpy((char *)info + regs[i].field, &v, sizeof v);
        /* Checked before the CFG registers are trusted: a foreign device may fault on them. */
        if (regs[i].off == TRITIUM_REG_ID && v != TRITIUM_ID_VALUE)
            return fail(err, errlen, TDRV_ERR_ID,
                        "%s: ID register reads 0x%08x, expected 0x%08x (\"TRIT\"): not a tritium accelerator",
                        d->ops->name, (unsigned)v, (unsigned)TRITIUM_ID_VALUE);
        if (regs[i].off == TRITIUM_REG_VERSION && (v >> 16) != TDRV_VERSION_MAJOR)
            return fail(err, errlen, TDRV_ERR_VERSION,
                        "%s: device version %u.%u, this driver speaks major version %u only",
                        d->ops->name, (unsigned)(v >> 16), (unsigned)(v & 0xffffu), TDRV_VERSION_MAJOR);
    }
    char why[256];
    if (tdrv_hwcfg_check(&info->hw, why, sizeof why))
        return fail(err, errlen, TDRV_ERR_CONFIG, "%s: unsupported configuration: %s", d->ops->name, why);
    return TDRV_OK;
}

tdrv_status tdrv_open_ops(const tdrv_ops *ops, const tdrv_open_args *a, tdrv_dev **out, char *err, size_t errlen)
{
    const tdrv_open_args none = {0};
    if (!a)
        a = &none;
    const char *config = a->config;
    if (!ops || !out || !ops->open || !ops->reg_read || !ops->reg_write || !ops->buf_alloc || !ops->buf_free ||
        !ops->wait_idle || !ops->now)
        return fail(err, errlen, TDRV_ERR_ARG, "tdrv_open: NULL argument or an ops table missing a required op");
    *out = NULL;
    tdrv_dev *d = calloc(1, sizeof *d);
    if (!d)
        return fail(err, errlen, TDRV_ERR_NOMEM, "tdrv_open: out of memory");
    d->ops = ops;
    char why[256] = "";
    if (a->checked && !(ops->caps & TDRV_CAP_CHECKED)) {
        free(d);
        return fail(err, errlen, TDRV_ERR_UNSUPPORTED, "backend '%s' has no checked (assertion) models", ops->name);
    }
    if (a->timing_only && !(ops->caps & TDRV_CAP_TIMING_ONLY)) {
        free(d);
        return fail(err, errlen, TDRV_ERR_UNSUPPORTED, "backend '%s' always computes results (no timing-only mode)",
                    ops->name);
    }
    if (a->trace && !(ops->caps & TDRV_CAP_TRACE)) {
        free(d);
        return fail(err, errlen, TDRV_ERR_UNSUPPORTED, "backend '%s' cannot write a waveform (asked for %s)",
                    ops->name, a->trace);
    }
    if (ops->open(a, &d->ctx, d->info.config, sizeof d->info.config, why, sizeof why)) {
        free(d);
        return fail(err, errlen, TDRV_ERR_BACKEND, "backend '%s' failed to open configuration '%s': %s", ops->name,
                    config ? config : "(default)", why);
    }
    tdrv_status st = discover(d, err, errlen);
    if (st) {
        ops->close(d->ctx);
        free(d);
        return st;
    }
    d->buf_align = d->info.hw.data_w / 8 > 64 ? d->info.hw.data_w / 8 : 64;
    *out = d;
    return TDRV_OK;
}

tdrv_status tdrv_open(const char *backend, const char *config, tdrv_dev **out, char *err, size_t errlen)
{
    const tdrv_open_args a = {.config = config};
    return tdrv_open_with(backend, &a, out, err, errlen);
}

tdrv_status tdrv_open_with(const char *backend, const tdrv_open_args *a, tdrv_dev **out, char *err, size_t errlen)
{
    if (out)
        *out = NULL;
    const tdrv_ops *ops = tdrv_backend_find(backend);
    if (!ops) {
        char names[128] = "";
        for (unsigned i = 0; tdrv_backend(i); i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", tdrv_backend(i)->name);
        return fail(err, errlen, TDRV_ERR_BACKEND, "unknown device backend '%s' (linked: %s)",
                    backend ? backend : "(null)", names[0] ? names : "none");
    }
    return tdrv_open_ops(ops, a, out, err, errlen);
}

void tdrv_close(tdrv_dev *d)
{
    if (!d)
        return;
    d->ops->close(d->ctx);
    free(d);
}

const tdrv_info *tdrv_get_info(const tdrv_dev *d) { return d ? &d->info : NULL; }
const char *tdrv_backend_name(const tdrv_dev *d) { return d ? d->ops->name : "(none)"; }
uint64_t tdrv_now(tdrv_dev *d) { return d ? d->ops->now(d->ctx) : 0; }

int tdrv_irq_level(tdrv_dev *d)
{
    if (!d)
        return TDRV_ERR_ARG;
    return d->ops->irq_level ? d->ops->irq_level(d->ctx) : TDRV_ERR_UNSUPPORTED;
}

tdrv_status tdrv_buf_alloc(tdrv_dev *d, size_t bytes, tdrv_buf **out, char *err, size_t errlen)
{
    if (!d || !out || bytes == 0)
        return fail(err, errlen, TDRV_ERR_ARG, "tdrv_buf_alloc: NULL device/output or zero size");
    *out = NULL;
    /* Round up so whole bus beats of the last row never touch a neighbour buffer. */
    size_t rounded = (bytes + d->buf_align - 1) / d->buf_align * d->buf_align;
    if (rounded < bytes)
        return fail(err, errlen, TDRV_ERR_ARG, "tdrv_buf_alloc: size %zu overflows", bytes);
    tdrv_buf *b = calloc(1, sizeof *b);
    if (!b)
        return fail(err, errlen, TDRV_ERR_NOMEM, "tdrv_buf_alloc: out of host memory");
    char why[200] = "";
    if (d->ops->buf_alloc(d->ctx, rounded, d->buf_align, &b->host, &b->addr, why, sizeof why)) {
        free(b);
        return fail(err, errlen, TDRV_ERR_NOMEM, "%s: cannot allocate a %zu-byte device buffer: %s", d->ops->name,
                    bytes, why);
    }
    uint64_t end = b->addr + rounded;
    if (d->info.hw.addr_w < 64 && end > (1ull << d->info.hw.addr_w)) {
        d->ops->buf_free(d->ctx, b->host, b->addr, rounded);
        free(b);
        return fail(err, errlen, TDRV_ERR_NOMEM, "%s: buffer ends at 0x%llx, beyond the device's %u-bit address space",
                    d->ops->name, (unsigned long long)end, (unsigned)d->info.hw.addr_w);
    }
    b->bytes = rounded;
    *out = b;
    return TDRV_OK;
}

void tdrv_buf_free(tdrv_dev *d, tdrv_buf *b)
{
    if (!d || !b)
        return;
    d->ops->buf_free(d->ctx, b->host, b->addr, b->bytes);
    free(b);
}

uint64_t tdrv_buf_addr(const tdrv_buf *b) { return b ? b->addr : 0; }
tdrv_win tdrv_buf_win(const tdrv_buf *b) { return b ? (tdrv_win){b->addr, b->addr + b->bytes} : (tdrv_win){0, 0}; }
size_t tdrv_buf_size(const tdrv_buf *b) { return b ? b->bytes : 0; }
void *tdrv_buf_map(tdrv_buf *b) { return b ? b->host : NULL; }

static tdrv_status check_range(const tdrv_buf *b, size_t off, size_t n, const void *p, const char *what, char *err,
                               size_t errlen)
{
    if (!b || !p)
        return fail(err, errlen, TDRV_ERR_ARG, "%s: NULL buffer or host pointer", what);
    if (off > b->bytes || n > b->bytes - off)
        return fail(err, errlen, TDRV_ERR_BOUNDS,
                    "%s: bytes [%zu, %zu) fall outside the %zu-byte buffer at device address 0x%llx", what, off,
                    off + n, b->bytes, (unsigned long long)b->addr);
    return TDRV_OK;
}

tdrv_status tdrv_buf_write(tdrv_dev *d, tdrv_buf *b, size_t off, const void *src, size_t n, char *err, size_t errlen)
{
    tdrv_status st = d ? check_range(b, off, n, src, "tdrv_buf_write", err, errlen) : TDRV_ERR_ARG;
    if (st)
        return st;
    memcpy((char *)b->host + off, src, n);
    if (d->ops->sync)
        d->ops->sync(d->ctx, (char *)b->host + off, n, 1);
    return TDRV_OK;
}

tdrv_status tdrv_buf_read(tdrv_dev *d, tdrv_buf *b, size_t off, void *dst, size_t n, char *err, size_t errlen)
{
    tdrv_status st = d ? check_range(b, off, n, dst, "tdrv_buf_read", err, errlen) : TDRV_ERR_ARG;
    if (st)
        return st;
    if (d->ops->sync)
        d->ops->sync(d->ctx, (char *)b->host + off, n, 0);
    memcpy(dst, (char *)b->host + off, n);
    return TDRV_OK;
}

tdrv_status tdrv_submit(tdrv_dev *d, const tdrv_cmd *c, char *err, size_t errlen)
{
    if (!d || !c)
        return fail(err, errlen, TDRV_ERR_ARG, "tdrv_submit: NULL device or command");
    if (c->m == 0 || c->k == 0 || c->n == 0)
        return fail(err, errlen, TDRV_ERR_ARG, "tdrv_submit: zero dimension (M=%u K=%u N=%u)", (unsigned)c->m,
                    (unsigned)c->k, (unsigned)c->n);
    const tdrv_win *win[3] = {&c->w_win, &c->x_win, &c->y_win};
    for (int i = 0; i < 3; i++)
        if (win[i]->end <= win[i]->base)
            return fail(err, errlen, TDRV_ERR_ARG,
                        "tdrv_submit: the %s window [0x%llx, 0x%llx) is empty: a command names the memory each "
                        "operand may reach (tdrv_buf_win of its buffer)",
                        i == 0 ? "weights'" : i == 1 ? "activations'" : "results'", (unsigned long long)win[i]->base,
                        (unsigned long long)win[i]->end);
    uint32_t status;
    if (tdrv_reg_read(d, TRITIUM_REG_STATUS, &status))
        return fail(err, errlen, TDRV_ERR_BUS, "%s: reading STATUS before submit failed", d->ops->name);
    if (status & TRITIUM_STATUS_BUSY)
        return fail(err, errlen, TDRV_ERR_BUSY, "%s: cannot submit, the previous job is still running", d->ops->name);
    const struct {
        uint32_t off, v;
    } w[] = {
        {TRITIUM_REG_CMD_W_LO, (uint32_t)c->w_addr}, {TRITIUM_REG_CMD_W_HI, (uint32_t)(c->w_addr >> 32)},
        {TRITIUM_REG_CMD_X_LO, (uint32_t)c->x_addr}, {TRITIUM_REG_CMD_X_HI, (uint32_t)(c->x_addr >> 32)},
        {TRITIUM_REG_CMD_Y_LO, (uint32_t)c->y_addr}, {TRITIUM_REG_CMD_Y_HI, (uint32_t)(c->y_addr >> 32)},
        {TRITIUM_REG_CMD_M, c->m},                   {TRITIUM_REG_CMD_K, c->k},
        {TRITIUM_REG_CMD_N, c->n},                   {TRITIUM_REG_CMD_X_STRIDE, c->x_stride},
        {TRITIUM_REG_CMD_Y_STRIDE, c->y_stride},     {TRITIUM_REG_CMD_FLAGS, c->flags},
        {TRITIUM_REG_CMD_WIN_W_BASE_LO, (uint32_t)c->w_win.base}, {TRITIUM_REG_CMD_WIN_W_BASE_HI, (uint32_t)(c->w_win.base >> 32)},
        {TRITIUM_REG_CMD_WIN_W_END_LO, (uint32_t)c->w_win.end},   {TRITIUM_REG_CMD_WIN_W_END_HI, (uint32_t)(c->w_win.end >> 32)},
        {TRITIUM_REG_CMD_WIN_X_BASE_LO, (uint32_t)c->x_win.base}, {TRITIUM_REG_CMD_WIN_X_BASE_HI, (uint32_t)(c->x_win.base >> 32)},
        {TRITIUM_REG_CMD_WIN_X_END_LO, (uint32_t)c->x_win.end},   {TRITIUM_REG_CMD_WIN_X_END_HI, (uint32_t)(c->x_win.end >> 32)},
        {TRITIUM_REG_CMD_WIN_Y_BASE_LO, (uint32_t)c->y_win.base}, {TRITIUM_REG_CMD_WIN_Y_BASE_HI, (uint32_t)(c->y_win.base >> 32)},
        {TRITIUM_REG_CMD_WIN_Y_END_LO, (uint32_t)c->y_win.end},   {TRITIUM_REG_CMD_WIN_Y_END_HI, (uint32_t)(c->y_win.end >> 32)},
        {TRITIUM_REG_CTRL, TRITIUM_CTRL_START},
    };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (tdrv_reg_write(d, w[i].off, w[i].v))
            return fail(err, errlen, TDRV_ERR_BUS, "%s: writing command register 0x%03x failed with a bus error",
                        d->ops->name, (unsigned)w[i].off);
    return TDRV_OK;
}

tdrv_status tdrv_wait(tdrv_dev *d, uint64_t timeout_cycles, uint64_t *cycles, char *err, size_t errlen)
{
    if (!d || timeout_cycles == 0)
        return fail(err, errlen, TDRV_ERR_ARG, "tdrv_wait: NULL device or zero timeout");
    uint64_t waited = 0;
    int idle = d->ops->wait_idle(d->ctx, timeout_cycles, &waited) == 0;
    if (cycles)
        *cycles = waited;
    uint32_t status = 0, code = 0, lo = 0, hi = 0;
    if (tdrv_reg_read(d, TRITIUM_REG_STATUS, &status))
        return fail(err, errlen, TDRV_ERR_BUS, "%s: reading STATUS after the job failed", d->ops->name);
    if (!idle || (status & TRITIUM_STATUS_BUSY))
        return fail(err, errlen, TDRV_ERR_TIMEOUT, "%s: job still running after %llu cycles (timeout %llu)",
                    d->ops->name, (unsigned long long)waited, (unsigned long long)timeout_cycles);
    if (status & TRITIUM_STATUS_ERROR) {
        if (tdrv_reg_read(d, TRITIUM_REG_ERR_CODE, &code) || tdrv_reg_read(d, TRITIUM_REG_ERR_ADDR_LO, &lo) ||
            tdrv_reg_read(d, TRITIUM_REG_ERR_ADDR_HI, &hi))
            return fail(err, errlen, TDRV_ERR_BUS, "%s: job failed and reading ERR_CODE/ERR_ADDR failed too",
                        d->ops->name);
        uint64_t addr = (uint64_t)hi << 32 | lo;
        if (code == TRITIUM_ERR_AXI_READ || code == TRITIUM_ERR_AXI_WRITE || code == TRITIUM_ERR_DMA_WINDOW)
            return fail(err, errlen, TDRV_ERR_DEVICE, "%s: device error %s (%u): %s, burst at device address 0x%llx",
                        d->ops->name, tdrv_dev_err_name(code), (unsigned)code, tdrv_dev_err_msg(code),
                        (unsigned long long)addr);
        return fail(err, errlen, TDRV_ERR_DEVICE, "%s: device error %s (%u): %s", d->ops->name,
                    tdrv_dev_err_name(code), (unsigned)code, tdrv_dev_err_msg(code));
    }
    if (!(status & TRITIUM_STATUS_DONE))
        return fail(err, errlen, TDRV_ERR_DEVICE, "%s: device idle but STATUS (0x%x) shows neither DONE nor ERROR",
                    d->ops->name, (unsigned)status);
    return TDRV_OK;
}

tdrv_status tdrv_reset(tdrv_dev *d, char *err, size_t errlen)
{
    if (!d)
        return fail(err, errlen, TDRV_ERR_ARG, "tdrv_reset: NULL device");
    uint64_t waited;
    if (tdrv_reg_write(d, TRITIUM_REG_CTRL, TRITIUM_CTRL_SOFT_RESET) == TDRV_OK &&
        d->ops->wait_idle(d->ctx, 100000, &waited) == 0)
        return TDRV_OK;
    if (!d->ops->hard_reset)
        return fail(err, errlen, TDRV_ERR_TIMEOUT, "%s: device still busy after a soft reset and no hard reset exists",
                    d->ops->name);
    d->hard_resets++;
    d->ops->hard_reset(d->ctx);
    uint32_t status;
    if (tdrv_reg_read(d, TRITIUM_REG_STATUS, &status) || (status & TRITIUM_STATUS_BUSY))
        return fail(err, errlen, TDRV_ERR_TIMEOUT, "%s: device still busy after a hard reset", d->ops->name);
    return TDRV_OK;
}

unsigned tdrv_hard_resets(const tdrv_dev *d) { return d ? d->hard_resets : 0; }

static tdrv_status read64(tdrv_dev *d, uint32_t off, uint64_t *v)
{
    uint32_t lo, hi;
    /* LO first: reading it latches HI, so the pair is one consistent value. */
    if (tdrv_reg_read(d, off, &lo) || tdrv_reg_read(d, off + 4, &hi))
        return TDRV_ERR_BUS;
    *v = (uint64_t)hi << 32 | lo;
    return TDRV_OK;
}

tdrv_status tdrv_perf_read(tdrv_dev *d, tdrv_perf *p)
{
    if (!d || !p)
        return TDRV_ERR_ARG;
#define TDRV_PERF_READ(f, NAME, doc)                                                                             \
    if (read64(d, TRITIUM_REG_PERF_##NAME, &p->f))                                                              \
        return TDRV_ERR_BUS;
    TRITIUM_PERF_COUNTERS(TDRV_PERF_READ)
#undef TDRV_PERF_READ
    return TDRV_OK;
}

tdrv_perf tdrv_perf_diff(const tdrv_perf *a, const tdrv_perf *b)
{
    tdrv_perf r;
#define TDRV_PERF_DIFF(f, NAME, doc) r.f = a->f - b->f;
    TRITIUM_PERF_COUNTERS(TDRV_PERF_DIFF)
#undef TDRV_PERF_DIFF
    return r;
}

tdrv_status tdrv_inject_error(tdrv_dev *d, uint64_t lo, uint64_t hi)
{
    if (!d || hi < lo)
        return TDRV_ERR_ARG;
    if (!d->ops->inject_error)
        return TDRV_ERR_UNSUPPORTED;
    return d->ops->inject_error(d->ctx, lo, hi) ? TDRV_ERR_ARG : TDRV_OK;
}

tdrv_status tdrv_inject_fault(tdrv_dev *d, tdrv_fault kind, uint64_t after, uint32_t bit)
{
    if (!d || kind < TDRV_FAULT_NONE || kind > TDRV_FAULT_FLIP_WRITE)
        return TDRV_ERR_ARG;
    if (!d->ops->inject_fault)
        return TDRV_ERR_UNSUPPORTED;
    return d->ops->inject_fault(d->ctx, (int)kind, after, bit) ? TDRV_ERR_ARG : TDRV_OK;
}

int tdrv_fault_struck(tdrv_dev *d) { return d && d->ops->fault_struck ? d->ops->fault_struck(d->ctx) : -1; }

tdrv_status tdrv_buf_inject_error(tdrv_dev *d, const tdrv_buf *b)
{
    if (!b)
        return TDRV_ERR_ARG;
    return tdrv_inject_error(d, b->addr, b->addr + b->bytes);
}

tdrv_status tdrv_mem_speed(tdrv_dev *d, uint32_t bytes_per_cycle, uint32_t latency)
{
    if (!d)
        return TDRV_ERR_ARG;
    if (!d->ops->mem_speed)
        return TDRV_ERR_UNSUPPORTED;
    if (d->ops->mem_speed(d->ctx, bytes_per_cycle, latency))
        return TDRV_ERR_ARG;
    d->info.mem_bytes_per_cycle = bytes_per_cycle;
    d->info.mem_latency = latency;
    return TDRV_OK;
}
