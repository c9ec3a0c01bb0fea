/*
 * The SystemC skeleton of the fast model (sim/tlm/tlm_world.h) in one process: devices of two
 * configurations opened, used and closed one after the other and side by side on one elaboration;
 * identity and CFG_* registers; a command's PERF_BUSY and stalls equal to the timing model's, and to
 * the RTL's figure for 2B4T's 2560x2560 GEMV (docs/hardware.md); results written through the DMA
 * socket at the Y stride; a command error; the slot limit. Exits 1 on the first failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/tlm/tlm_world.h"
#include "tritium_regs.h"

#define CHECK(c)                                                           \
    do {                                                                   \
        if (!(c)) {                                                        \
            fprintf(stderr, "tlm_smoke: %s:%d: %s\n", __FILE__, __LINE__, #c); \
            exit(1);                                                       \
        }                                                                  \
    } while (0)

typedef struct {
    const char *name;
    tlm_hw hw;
    uint32_t addr_w, wformats;
} named_cfg;
#define CFG_ROW(name, doc, rows, cols, data_w, addr_w, act, wgt, acc, rdb, wrb, wf) \
    {#name, {rows, cols, data_w, act, wgt, acc, rdb, wrb}, addr_w, wf},
static const named_cfg cfgs[] = {TRITIUM_CONFIGS(CFG_ROW)};
#undef CFG_ROW

static uint32_t rd(tlm_world_dev *d, uint32_t off)
{
    uint32_t v = 0;
    CHECK(tlm_world_reg_read(d, off, &v) == 0);
    return v;
}

static uint64_t rd64(tlm_world_dev *d, uint32_t off) { return (uint64_t)rd(d, off + 4) << 32 | rd(d, off); }

static void wr(tlm_world_dev *d, uint32_t off, uint32_t v) { CHECK(tlm_world_reg_write(d, off, v) == 0); }

/* The compute hook: y[n][m] = 1000 n + m, to see where the device writes it. */
static int marker(void *ctx, const tlm_hw *hw, const tlm_cmd *c, const uint8_t *w, uint64_t wbytes, const int8_t *x,
                  int32_t *y, uint64_t *bad)
{
    (void)ctx, (void)hw, (void)w, (void)wbytes, (void)x, (void)bad;
    for (uint32_t n = 0; n < c->n; n++)
        for (uint32_t m = 0; m < c->m; m++) y[(size_t)n * c->m + m] = (int32_t)(1000 * n + m);
    return 0;
}

static uint64_t up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/* One command on a fresh device; returns its PERF_BUSY after checking it against the timing model. */
static uint64_t run(const named_cfg *c, uint32_t m, uint32_t k, uint32_t n, int compute)
{
    char err[256];
    tlm_world_dev *d = tlm_world_open(&c->hw, c->addr_w, c->wformats, compute ? marker : NULL, NULL, err, sizeof err);
    CHECK(d != NULL);
    CHECK(rd(d, TRITIUM_REG_ID) == TRITIUM_ID_VALUE);
    CHECK(rd(d, TRITIUM_REG_CFG_ROWS) == c->hw.rows && rd(d, TRITIUM_REG_CFG_DATA_W) == c->hw.data_w);
    CHECK(rd(d, TRITIUM_REG_CFG_MAX_N) == c->hw.acc_words / c->hw.cols);
    const uint64_t bus = c->hw.data_w / 8, al = bus > 64 ? bus : 64, base = 0x100000;
    const uint64_t wbytes = (uint64_t)((m + c->hw.cols - 1) / c->hw.cols) * ((k + c->hw.rows - 1) / c->hw.rows) *
                            c->hw.rows * c->hw.cols / 4;
    const uint64_t xs = up(k, al), ys = up(4ull * m, al);
    tlm_cmd cmd = {base, 0, 0, m, k, n, (uint32_t)xs, (uint32_t)ys, 0};
    cmd.x = up(cmd.w + up(wbytes, al), al);
    cmd.y = up(cmd.x + up(xs * n, al), al);
    const size_t bytes = (size_t)(cmd.y + ys * n - base);
    uint8_t *mem = calloc(bytes, 1);
    CHECK(mem && tlm_world_mem_attach(d, base, mem, bytes) == 0);
    tlm_world_mem_speed(d, 0, 40);
    wr(d, TRITIUM_REG_CMD_W_LO, (uint32_t)cmd.w);
    wr(d, TRITIUM_REG_CMD_X_LO, (uint32_t)cmd.x);
    wr(d, TRITIUM_REG_CMD_Y_LO, (uint32_t)cmd.y);
    wr(d, TRITIUM_REG_CMD_M, m);
    wr(d, TRITIUM_REG_CMD_K, k);
    wr(d, TRITIUM_REG_CMD_N, n);
    wr(d, TRITIUM_REG_CMD_X_STRIDE, (uint32_t)xs);
    wr(d, TRITIUM_REG_CMD_Y_STRIDE, (uint32_t)ys);
    /* the windows: the whole attached memory */
    for (uint32_t o = TRITIUM_REG_CMD_WIN_W_BASE_LO; o <= TRITIUM_REG_CMD_WIN_Y_END_LO; o += 16) {
        wr(d, o, (uint32_t)base);
        wr(d, o + 8, (uint32_t)(base + bytes));
    }
    wr(d, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    CHECK(rd(d, TRITIUM_REG_STATUS) & TRITIUM_STATUS_BUSY);
    /* the windows cannot move under the running job */
    CHECK(tlm_world_reg_write(d, TRITIUM_REG_CMD_WIN_Y_END_LO, 0) != 0);
    tlm_world_wait(d, 100000000);
    CHECK(rd(d, TRITIUM_REG_STATUS) == TRITIUM_STATUS_DONE);
    tlm_mem speed = {0, 40, 0};
    tlm_perf p;
    CHECK(tlm_timing_run(&c->hw, &speed, &cmd, &p) == 0);
    const uint64_t busy = rd64(d, TRITIUM_REG_PERF_BUSY);
    CHECK(busy == p.busy && rd64(d, TRITIUM_REG_PERF_STALL_WGT) == p.stall_wgt);
    CHECK(rd64(d, TRITIUM_REG_PERF_STALL_ACT) == p.stall_act && rd64(d, TRITIUM_REG_PERF_JOBS) == 1);
    CHECK(rd64(d, TRITIUM_REG_PERF_CYCLES) >= busy);
    if (compute) {
        for (uint32_t r = 0; r < n; r++) {
            int32_t v[2];
            memcpy(v, mem + (cmd.y - base) + r * ys + 4 * (m - 2), 8);
            CHECK(v[0] == (int32_t)(1000 * r + m - 2) && v[1] == (int32_t)(1000 * r + m - 1));
        }
    }
    /* a malformed command: the error and no job */
    wr(d, TRITIUM_REG_CMD_M, 0);
    wr(d, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    tlm_world_wait(d, 1000);
    CHECK(rd(d, TRITIUM_REG_STATUS) == TRITIUM_STATUS_ERROR && rd(d, TRITIUM_REG_ERR_CODE) == TRITIUM_ERR_CMD_ZERO_DIM);
    tlm_world_close(d);
    free(mem);
    return busy;
}

int main(void)
{
    const named_cfg *def = &cfgs[0], *small = NULL;
    for (size_t i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++)
        if (!strcmp(cfgs[i].name, "r8c8w64")) small = &cfgs[i];
    CHECK(small != NULL);
    /* the RTL's figures (docs/hardware.md, bench-sim, latency 40): 2560x2560 GEMV */
    CHECK(run(def, 2560, 2560, 1, 0) == 51402);
    CHECK(run(small, 2560, 2560, 1, 0) == 205235);
    CHECK(run(def, 100, 300, 7, 1) > 0);
    CHECK(run(small, 33, 8, 70, 1) > 0);
    /* every slot open at once, then one more refused */
    tlm_world_dev *d[64];
    unsigned n = tlm_world_slots();
    char err[256];
    for (unsigned i = 0; i < n; i++) CHECK((d[i] = tlm_world_open(&def->hw, 32, 3, NULL, NULL, err, sizeof err)));
    CHECK(tlm_world_open(&def->hw, 32, 3, NULL, NULL, err, sizeof err) == NULL && strstr(err, "TRITIUM_TLM_SLOTS"));
    for (unsigned i = 0; i < n; i++) tlm_world_close(d[i]);
    printf("tlm_smoke: %u slots, two configurations, one elaboration: ok\n", n);
    return 0;
}
