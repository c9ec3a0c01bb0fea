#include "tests/sim/sim_harness.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

unsigned ts_config_count(void)
{
    unsigned n = 0;
    while (ts_config_name(n))
        n++;
    return n;
}

const char *ts_config_name(unsigned i)
{
    const tdrv_ops *o = tdrv_backend_find("sim");
    return o && o->config_name ? o->config_name(i) : NULL;
}

tdrv_dev *ts_open(const char *config, int checked, char *err, size_t errlen)
{
    return ts_open_backend("sim", config, checked, err, errlen);
}

tdrv_dev *ts_open_backend(const char *backend, const char *config, int checked, char *err, size_t errlen)
{
    tdrv_dev *d = NULL;
    const tdrv_open_args a = {.config = config, .checked = checked};
    return tdrv_open_with(backend, &a, &d, err, errlen) == TDRV_OK ? d : NULL;
}

const tdrv_hwcfg *ts_hw(tdrv_dev *d) { return &tdrv_get_info(d)->hw; }

static size_t round_up(size_t v, size_t a) { return (v + a - 1) / a * a; }

/* The two guards of a buffer holding `bytes` after its first guard. */
static int fill_guards(tdrv_dev *d, tdrv_buf *b, size_t bytes)
{
    unsigned char g[TS_GUARD];
    memset(g, TS_GUARD_FILL, sizeof g);
    return tdrv_buf_write(d, b, 0, g, sizeof g, NULL, 0) || tdrv_buf_write(d, b, TS_GUARD + bytes, g, sizeof g, NULL, 0);
}

/* Bytes of [off, off + n) that differ from `want` (-1 when the buffer cannot be read). */
static int count_changes(tdrv_dev *d, tdrv_buf *b, size_t off, const void *want, size_t n)
{
    unsigned char *now = malloc(n ? n : 1);
    if (!now || tdrv_buf_read(d, b, off, now, n, NULL, 0)) {
        free(now);
        return -1;
    }
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += now[i] != ((const unsigned char *)want)[i];
    free(now);
    return c;
}

static int count_guard_changes(tdrv_dev *d, tdrv_buf *b, size_t bytes)
{
    unsigned char g[TS_GUARD];
    memset(g, TS_GUARD_FILL, sizeof g);
    int lo = count_changes(d, b, 0, g, sizeof g), hi = count_changes(d, b, TS_GUARD + bytes, g, sizeof g);
    return lo < 0 || hi < 0 ? -1 : lo + hi;
}

int ts_run(tdrv_dev *d, const ts_job *j, ts_result *r)
{
    memset(r, 0, sizeof *r);
    const tdrv_hwcfg c = *ts_hw(d);
    const size_t al = tdrv_hwcfg_align(&c);
    const size_t xs = round_up(j->k, al) + j->x_extra;
    const size_t ys = round_up(4 * j->m, al) + j->y_extra;
    const size_t wbytes = tdrv_layout_bytes_fmt(&c, j->wfmt, j->m, j->k);
    const size_t xbytes = xs * j->n, ybytes = ys * j->n;
    kr_tern w;
    if (wbytes == 0 || kr_tern_alloc(&w, j->m, j->k) != KR_OK)
        return -1;
    uint64_t seed = j->seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t m = 0; m < j->m; m++)
        for (size_t k = 0; k < j->k; k++) {
            int v = j->wgt_mode == 1 ? 1 : j->wgt_mode == 2 ? -1 : (int)(rng_next(&seed) % 3) - 1;
            kr_tern_set(&w, m, k, v);
        }
    uint8_t *wp = malloc(wbytes);
    int8_t *x = malloc(xbytes);
    uint8_t *y = malloc(ybytes);
    int32_t *ref = malloc(j->n * j->m * sizeof *ref);
    tdrv_buf *bw = NULL, *bx = NULL, *by = NULL;
    int rc = -1;
    if (!wp || !x || !y || !ref ||
        tdrv_layout_pack_fmt(&c, j->wfmt, &(tdrv_codes){w.codes, w.rows, w.cols, w.stride}, wp, wbytes))
        goto out;
    if (j->bad_byte) {
        if (j->bad_byte > wbytes)
            goto out;
        wp[j->bad_byte - 1] = 243;
    }
    for (size_t i = 0; i < xbytes; i++) {
        int v = j->act_mode == 1 ? -128 : j->act_mode == 2 ? 127 : (int)(rng_next(&seed) & 0xFF) - 128;
        x[i] = (int8_t)v;
    }
    memset(y, TS_Y_FILL, ybytes);
    kr_gemm_ref(&w, x, j->n, xs, ref, j->m);

    /* each operand between two guards: [guard | operand | guard] */
    const size_t G = TS_GUARD;
    if (tdrv_buf_alloc(d, wbytes + 2 * G, &bw, NULL, 0) || tdrv_buf_alloc(d, xbytes + 2 * G, &bx, NULL, 0) ||
        tdrv_buf_alloc(d, ybytes + 2 * G, &by, NULL, 0) || fill_guards(d, bw, wbytes) || fill_guards(d, bx, xbytes) ||
        fill_guards(d, by, ybytes) || tdrv_buf_write(d, bw, G, wp, wbytes, NULL, 0) ||
        tdrv_buf_write(d, bx, G, x, xbytes, NULL, 0) || tdrv_buf_write(d, by, G, y, ybytes, NULL, 0))
        goto out;
    r->w_addr = tdrv_buf_addr(bw) + G;
    r->x_addr = tdrv_buf_addr(bx) + G;
    r->y_addr = tdrv_buf_addr(by) + G;
    uint64_t base = j->err_where == 1 ? r->w_addr : j->err_where == 2 ? r->x_addr : r->y_addr;
    if (j->err_where && tdrv_inject_error(d, base + j->err_lo, base + j->err_hi))
        goto out;

    tdrv_perf p0, p1;
    uint32_t elo = 0, ehi = 0;
    tdrv_cmd cmd = {.w_addr = r->w_addr, .x_addr = r->x_addr, .y_addr = r->y_addr,
                    .m = (uint32_t)j->m, .k = (uint32_t)j->k, .n = (uint32_t)j->n,
                    .x_stride = (uint32_t)xs, .y_stride = (uint32_t)ys,
                    .flags = tdrv_wfmt_flags(j->wfmt) | j->flags,
                    .w_win = {r->w_addr, r->w_addr + wbytes}, .x_win = {r->x_addr, r->x_addr + xbytes},
                    .y_win = {r->y_addr, r->y_addr + ybytes}};
    switch (j->hostile) {
    case TS_HOSTILE_Y_INTO_W: cmd.y_addr = r->w_addr; break;
    case TS_HOSTILE_Y_STRIDE: cmd.y_stride = (uint32_t)ybytes; break;
    case TS_HOSTILE_X_STRIDE: cmd.x_stride = (uint32_t)xbytes; break;
    case TS_HOSTILE_Y_WRAP:
        if (c.addr_w > 32)
            goto out;
        cmd.y_stride = (uint32_t)((c.addr_w == 32 ? 0x100000000ull : 1ull << c.addr_w) - G);
        break;
    case TS_HOSTILE_W_SHORT: cmd.w_win.end = r->w_addr + wbytes / 2; break;
    default: break;
    }
    if (tdrv_perf_read(d, &p0) || tdrv_submit(d, &cmd, NULL, 0))
        goto out;
    uint64_t budget = 64 * (uint64_t)(wbytes + xbytes + ybytes) + 100000;
    double t0 = now_s();
    tdrv_wait(d, budget, &r->waited, NULL, 0); /* the outcome is read from the registers below */
    r->wait_seconds = now_s() - t0;
    if (tdrv_reg_read(d, TRITIUM_REG_STATUS, &r->status) || tdrv_reg_read(d, TRITIUM_REG_ERR_CODE, &r->err_code) ||
        tdrv_reg_read(d, TRITIUM_REG_DONE_COUNT, &r->done_count) || tdrv_perf_read(d, &p1) ||
        tdrv_reg_read(d, TRITIUM_REG_ERR_ADDR_LO, &elo) || tdrv_reg_read(d, TRITIUM_REG_ERR_ADDR_HI, &ehi) ||
        (j->err_where && tdrv_inject_error(d, 0, 0)) || tdrv_buf_read(d, by, G, y, ybytes, NULL, 0))
        goto out;
    /* nothing outside the results' window changed: every guard, the weights, the activations */
    const int changed[5] = {count_guard_changes(d, by, ybytes), count_guard_changes(d, bw, wbytes),
                            count_guard_changes(d, bx, xbytes), count_changes(d, bw, G, wp, wbytes),
                            count_changes(d, bx, G, x, xbytes)};
    for (int i = 0; i < 5; i++) {
        if (changed[i] < 0)
            goto out;
        r->outside_changed += changed[i];
    }
    r->perf = tdrv_perf_diff(&p1, &p0);
    r->err_addr = (uint64_t)ehi << 32 | elo;

    r->y_hash = 14695981039346656037ull;
    for (size_t i = 0; i < ybytes; i++)
        r->y_hash = (r->y_hash ^ y[i]) * 1099511628211ull;
    r->mtiles = (j->m + c.cols - 1) / c.cols;
    r->mtile_written = calloc(r->mtiles, 1);
    if (!r->mtile_written)
        goto out;
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
    rc = 0;
out:
    tdrv_buf_free(d, bw);
    tdrv_buf_free(d, bx);
    tdrv_buf_free(d, by);
    free(wp), free(x), free(y), free(ref), kr_tern_free(&w);
    return rc;
}

void ts_result_free(ts_result *r)
{
    free(r->mtile_written);
    r->mtile_written = NULL;
}
