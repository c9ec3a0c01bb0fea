#include "tests/sim/sim_harness.h"

#include <stdlib.h>
#include <string.h>

#include "driver/tdrv_layout.h"
#include "kernels_ref/kr_gemm.h"
#include "tritium_regs.h"

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

int ts_read_cfg(tsim *s, tdrv_hwcfg *c)
{
    int e = 0;
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_ROWS, &c->rows);
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_COLS, &c->cols);
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_DATA_W, &c->data_w);
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_ACT_BYTES, &c->act_bytes);
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_WGT_BYTES, &c->wgt_bytes);
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_ACC_WORDS, &c->acc_words);
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_ADDR_W, &c->addr_w);
    e |= tsim_reg_read(s, TRITIUM_REG_CFG_MAX_N, &c->max_n);
    return e ? -1 : 0;
}

uint64_t ts_perf(tsim *s, uint32_t reg)
{
    uint32_t lo = 0, hi = 0;
    tsim_reg_read(s, reg, &lo);
    tsim_reg_read(s, reg + 4u, &hi);
    return (uint64_t)hi << 32 | lo;
}

static size_t round_up(size_t v, size_t a) { return (v + a - 1) / a * a; }

int ts_run(tsim *s, const ts_job *j, ts_result *r)
{
    memset(r, 0, sizeof *r);
    tdrv_hwcfg c;
    if (ts_read_cfg(s, &c) || !tdrv_hwcfg_valid(&c))
        return -1;
    const size_t al = tdrv_hwcfg_align(&c);
    const size_t xs = round_up(j->k, al) + j->x_extra;
    const size_t ys = round_up(4 * j->m, al) + j->y_extra;
    const size_t wbytes = tdrv_layout_bytes(&c, j->m, j->k);
    const size_t xbytes = xs * j->n, ybytes = ys * j->n;
    kr_tern w;
    if (kr_tern_alloc(&w, j->m, j->k) != KR_OK)
        return -1;
    uint64_t seed = j->seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t m = 0; m < j->m; m++)
        for (size_t k = 0; k < j->k; k++) {
            int v = j->wgt_mode == 1 ? 1 : j->wgt_mode == 2 ? -1 : (int)(rng_next(&seed) % 3) - 1;
            kr_tern_set(&w, m, k, v);
        }
    uint8_t *wp = aligned_alloc(64, round_up(wbytes, 64));
    int8_t *x = aligned_alloc(64, round_up(xbytes, 64));
    uint8_t *y = aligned_alloc(64, round_up(ybytes, 64));
    int32_t *ref = malloc(j->n * j->m * sizeof *ref);
    if (!wp || !x || !y || !ref || tdrv_layout_pack(&c, &w, wp, wbytes)) {
        free(wp), free(x), free(y), free(ref), kr_tern_free(&w);
        return -1;
    }
    for (size_t i = 0; i < xbytes; i++) {
        int v = j->act_mode == 1 ? -128 : j->act_mode == 2 ? 127 : (int)(rng_next(&seed) & 0xFF) - 128;
        x[i] = (int8_t)v;
    }
    memset(y, TS_Y_FILL, ybytes);
    kr_gemm_ref(&w, x, j->n, xs, ref, j->m);

    tsim_mem_attach(s, TS_W_BASE, wp, wbytes);
    tsim_mem_attach(s, TS_X_BASE, x, xbytes);
    tsim_mem_attach(s, TS_Y_BASE, y, ybytes);
    uint64_t base = j->err_where == 1 ? TS_W_BASE : j->err_where == 2 ? TS_X_BASE : TS_Y_BASE;
    if (j->err_where)
        tsim_mem_inject_error(s, base + j->err_lo, base + j->err_hi);

    tsim_reg_write(s, TRITIUM_REG_CMD_W_LO, TS_W_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_W_HI, 0);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_LO, TS_X_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_HI, 0);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_LO, TS_Y_BASE);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_HI, 0);
    tsim_reg_write(s, TRITIUM_REG_CMD_M, (uint32_t)j->m);
    tsim_reg_write(s, TRITIUM_REG_CMD_K, (uint32_t)j->k);
    tsim_reg_write(s, TRITIUM_REG_CMD_N, (uint32_t)j->n);
    tsim_reg_write(s, TRITIUM_REG_CMD_X_STRIDE, (uint32_t)xs);
    tsim_reg_write(s, TRITIUM_REG_CMD_Y_STRIDE, (uint32_t)ys);
    tsim_reg_write(s, TRITIUM_REG_CMD_FLAGS, 0);
    tsim_reg_write(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_CLEAR_PERF);
    tsim_reg_write(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    uint64_t budget = 64 * (uint64_t)(wbytes + xbytes + ybytes) + 100000;
    tsim_run_until_idle(s, budget);
    tsim_reg_read(s, TRITIUM_REG_STATUS, &r->status);
    tsim_reg_read(s, TRITIUM_REG_ERR_CODE, &r->err_code);
    tsim_reg_read(s, TRITIUM_REG_DONE_COUNT, &r->done_count);
    r->busy_cycles = ts_perf(s, TRITIUM_REG_PERF_BUSY);
    tsim_mem_inject_error(s, 0, 0);
    tsim_mem_detach(s, TS_W_BASE);
    tsim_mem_detach(s, TS_X_BASE);
    tsim_mem_detach(s, TS_Y_BASE);

    r->mtiles = (j->m + c.cols - 1) / c.cols;
    r->mtile_written = calloc(r->mtiles, 1);
    r->first_bad_m = r->first_bad_n = (size_t)-1;
    for (size_t n = 0; n < j->n; n++) {
        const uint8_t *row = y + n * ys;
        for (size_t b = 0; b < ys; b++) {
            if (row[b] == TS_Y_FILL)
                continue;
            r->y_touched++;
            if (b >= 4 * j->m)
                r->pad_clobbered++;
            else
                r->mtile_written[b / 4 / c.cols] = 1;
        }
        for (size_t m = 0; m < j->m; m++) {
            int32_t v;
            memcpy(&v, row + 4 * m, 4);
            if (v != ref[n * j->m + m]) {
                if (!r->mismatches)
                    r->first_bad_m = m, r->first_bad_n = n;
                r->mismatches++;
            }
        }
    }
    free(wp), free(x), free(y), free(ref), kr_tern_free(&w);
    return 0;
}

void ts_result_free(ts_result *r)
{
    free(r->mtile_written);
    r->mtile_written = NULL;
}
