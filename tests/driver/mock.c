/* The register-file mock device (see mock.h). */
#include "tests/driver/mock.h"
#include "driver/tdrv_heap_impl.h"
#include "tritium_regs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mock_dev *mock_next;

typedef struct {
    mock_dev *m;
    tdrv_heap heap;
} mock_ctx;

void mock_init(mock_dev *m)
{
    memset(m, 0, sizeof *m);
    *mock_reg(m, TRITIUM_REG_ID) = TRITIUM_ID_VALUE;
    *mock_reg(m, TRITIUM_REG_VERSION) = TRITIUM_VERSION_VALUE;
#define MOCK_DEFAULT(field, NAME, lo, hi, doc) .field = TRITIUM_PARAM_##NAME##_DEFAULT,
    const tritium_params dflt = {TRITIUM_PARAMS(MOCK_DEFAULT)};
#undef MOCK_DEFAULT
    mock_set_params(m, &dflt);
}

/* The offset of the CFG_* register that reports member `field` of the driver's configuration. */
static uint32_t mock_cfg_offset(const char *field)
{
#define MOCK_CFG_OFF(f, REG)                                                                                     \
    if (!strcmp(field, #f))                                                                                      \
        return TRITIUM_REG_##REG;
    TRITIUM_CFG_FIELDS(MOCK_CFG_OFF)
#undef MOCK_CFG_OFF
    return 0;
}

void mock_set_params(mock_dev *m, const tritium_params *p)
{
#define MOCK_PARAM_REG(field, NAME, lo, hi, doc) *mock_reg(m, TRITIUM_REG_CFG_##NAME) = p->field;
    TRITIUM_PARAMS(MOCK_PARAM_REG)
#undef MOCK_PARAM_REG
#define P(f) (p->f)
#define MOCK_DERIVED_REG(field, expr) *mock_reg(m, mock_cfg_offset(#field)) = (uint32_t)(expr);
    TRITIUM_CFG_DERIVED(MOCK_DERIVED_REG)
#undef MOCK_DERIVED_REG
#undef P
}

static int m_open(const tdrv_open_args *a, void **ctx, char *cfg_name, size_t cfg_len, char *err, size_t errlen)
{
    if (!mock_next) {
        snprintf(err, errlen, "mock: no device prepared");
        return -1;
    }
    mock_ctx *c = calloc(1, sizeof *c);
    c->m = mock_next;
    tdrv_heap_init(&c->heap, 0x1000, 0x100000);
    snprintf(cfg_name, cfg_len, "%s", a->config ? a->config : "mock");
    *ctx = c;
    return 0;
}

static void m_close(void *ctx)
{
    mock_ctx *c = ctx;
    tdrv_heap_fini(&c->heap);
    free(c);
}

static int m_reg_read(void *ctx, uint32_t off, uint32_t *v)
{
    mock_ctx *c = ctx;
    if (c->m->fail_reads || off / 4 >= MOCK_REGS)
        return -1;
    *v = c->m->reg[off / 4];
    return 0;
}

static int m_reg_write(void *ctx, uint32_t off, uint32_t v)
{
    mock_ctx *c = ctx;
    if (off / 4 >= MOCK_REGS)
        return -1;
    if (c->m->nwrites < 64) {
        c->m->writes[c->m->nwrites][0] = off;
        c->m->writes[c->m->nwrites][1] = v;
        c->m->nwrites++;
    }
    /* CTRL is write-only with self-clearing bits; keep the others as written. */
    if (off != TRITIUM_REG_CTRL)
        c->m->reg[off / 4] = v;
    return 0;
}

static int m_buf_alloc(void *ctx, size_t bytes, size_t align, void **host, uint64_t *dev_addr, char *err,
                       size_t errlen)
{
    mock_ctx *c = ctx;
    if (tdrv_heap_alloc(&c->heap, bytes, align, dev_addr)) {
        snprintf(err, errlen, "mock window full");
        return -1;
    }
    *host = calloc(1, bytes);
    c->m->live_bufs++;
    return 0;
}

static void m_buf_free(void *ctx, void *host, uint64_t dev_addr, size_t bytes)
{
    mock_ctx *c = ctx;
    (void)bytes;
    tdrv_heap_free(&c->heap, dev_addr);
    free(host);
    c->m->live_bufs--;
}

static int m_wait_idle(void *ctx, uint64_t timeout, uint64_t *waited)
{
    mock_ctx *c = ctx;
    if (c->m->never_idle) {
        c->m->clock += timeout;
        *waited = timeout;
        return -1;
    }
    *waited = 10;
    c->m->clock += 10;
    return 0;
}

static uint64_t m_now(void *ctx) { return ((mock_ctx *)ctx)->m->clock; }

const tdrv_ops mock_ops = {
    .name = "mock",
    .description = "register-file mock for tests",
    .open = m_open,
    .close = m_close,
    .reg_read = m_reg_read,
    .reg_write = m_reg_write,
    .buf_alloc = m_buf_alloc,
    .buf_free = m_buf_free,
    .wait_idle = m_wait_idle,
    .now = m_now,
};
