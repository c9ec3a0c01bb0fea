/* Check suite of the cycle-accurate model, reached through the driver: every result is compared with
 * kr_gemm_ref bit for bit. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/sim/sim_harness.h"
#include "tests/sim/suites.h"
#include "tritium_regs.h"

/* Raw register access for the cases that test the device's own checks, bypassing the driver's. */
#define WR(d, reg, v) ck_assert_int_eq(tdrv_reg_write((d), (reg), (v)), TDRV_OK)
#define RD(d, reg, p) ck_assert_int_eq(tdrv_reg_read((d), (reg), (p)), TDRV_OK)

static tdrv_dev *open_cfg(const char *name)
{
    char err[512];
    tdrv_dev *d = ts_open(name, 1, err, sizeof err); /* the checked models: every assertion on */
    ck_assert_msg(d != NULL, "sim %s: %s", name ? name : "(default)", err);
    return d;
}

/* Runs the clock n cycles (a wait that is expected to time out while a job runs). */
static void step(tdrv_dev *d, uint64_t n)
{
    uint64_t waited = 0;
    tdrv_wait(d, n, &waited, NULL, 0);
}

static void expect_ok(tdrv_dev *s, const ts_job *j, const char *what)
{
    ts_result r;
    ck_assert_int_eq(ts_run(s, j, &r), 0);
    ck_assert_msg(r.status == TRITIUM_STATUS_DONE && r.err_code == 0,
                  "%s M=%zu K=%zu N=%zu: status %#x err %u", what, j->m, j->k, j->n, r.status, r.err_code);
    ck_assert_msg(r.mismatches == 0, "%s M=%zu K=%zu N=%zu: %d mismatches, first at m=%zu n=%zu", what, j->m,
                  j->k, j->n, r.mismatches, r.first_bad_m, r.first_bad_n);
    ck_assert_msg(r.pad_clobbered == 0, "%s: %d bytes written past 4*M", what, r.pad_clobbered);
    ck_assert_msg(r.outside_changed == 0, "%s: %d bytes changed outside the results' window", what, r.outside_changed);
    ts_result_free(&r);
}

/* ---- configurations, register block ---- */
START_TEST(test_configs_and_ids)
{
    ck_assert_uint_ge(ts_config_count(), 4);
    for (unsigned i = 0; i < ts_config_count(); i++) {
        tdrv_dev *s = open_cfg(ts_config_name(i));
        uint32_t id = 0, ver = 0, bad = 0;
        RD(s, TRITIUM_REG_ID, &id);
        RD(s, TRITIUM_REG_VERSION, &ver);
        ck_assert_uint_eq(id, TRITIUM_ID_VALUE);
        ck_assert_uint_eq(ver, TRITIUM_VERSION_VALUE);
        const tdrv_hwcfg c = *ts_hw(s);
        ck_assert_msg(tdrv_hwcfg_valid(&c), "config %s invalid", ts_config_name(i));
        ck_assert_str_eq(tdrv_get_info(s)->config, ts_config_name(i));
        /* the model reports exactly the parameters its description entry gives */
        int found = 0;
#define CFG_MATCHES(name, doc, R_, C_, W_, A_, ACT_, WGT_, ACC_, RD_, WR_, WF_)                           \
        if (!strcmp(#name, ts_config_name(i))) {                                                                 \
            found = 1;                                                                                           \
            ck_assert_uint_eq(c.rows, R_);                                                                     \
            ck_assert_uint_eq(c.cols, C_);                                                                     \
            ck_assert_uint_eq(c.data_w, W_);                                                                 \
            ck_assert_uint_eq(c.addr_w, A_);                                                                 \
            ck_assert_uint_eq(c.act_bytes, ACT_);                                                                 \
            ck_assert_uint_eq(c.wgt_bytes, WGT_);                                                                 \
            ck_assert_uint_eq(c.acc_words, ACC_);                                                                 \
            ck_assert_uint_eq(c.rd_bursts, RD_);                                                                  \
            ck_assert_uint_eq(c.wr_bursts, WR_);                                                                  \
            ck_assert_uint_eq(c.wformats, WF_);                                                                   \
        }
        TRITIUM_CONFIGS(CFG_MATCHES)
#undef CFG_MATCHES
        ck_assert_msg(found, "config %s is not in the hardware description", ts_config_name(i));
        /* unmapped register answers SLVERR; command registers are write-only (read 0, OKAY) */
        ck_assert_int_eq(tdrv_reg_read(s, 0xFF0, &bad), TDRV_ERR_BUS);
        WR(s, TRITIUM_REG_CMD_M, 0x1234);
        RD(s, TRITIUM_REG_CMD_M, &bad);
        ck_assert_uint_eq(bad, 0);
        tdrv_close(s);
    }
    char err[512];
    tdrv_dev *d = NULL;
    ck_assert_int_eq(tdrv_open("sim", "nope", &d, err, sizeof err), TDRV_ERR_BACKEND);
    ck_assert_ptr_nonnull(strstr(err, "r16c16w256")); /* names what is linked */
    /* the fast builds have no tracing: asking for a waveform is refused with a reason */
    const tdrv_open_args traced = {.trace = "/nonexistent/never.fst"};
    ck_assert_int_eq(tdrv_open_with("sim", &traced, &d, err, sizeof err), TDRV_ERR_BACKEND);
    ck_assert_ptr_nonnull(strstr(err, "sim-debug"));
}
END_TEST

/* ---- randomized GEMMs on every configuration ---- */
static const size_t k_shapes[][3] = {
    {1, 1, 1},   {1, 37, 1},  {17, 1, 3},  {5, 7, 2},   {33, 65, 5}, {64, 64, 4},
    {31, 129, 9}, {100, 300, 1}, {48, 200, 17}, {7, 513, 3},
};

START_TEST(test_random_gemm)
{
    const char *cfg = ts_config_name((unsigned)_i);
    tdrv_dev *s = open_cfg(cfg);
    for (size_t i = 0; i < sizeof k_shapes / sizeof k_shapes[0]; i++) {
        ts_job j = {0};
        j.m = k_shapes[i][0], j.k = k_shapes[i][1], j.n = k_shapes[i][2];
        j.seed = 1000 * (uint64_t)_i + i;
        j.x_extra = (i & 1) ? 0 : tdrv_hwcfg_align(ts_hw(s)); /* padded strides stay bus-aligned */
        j.y_extra = (i & 2) ? 0 : tdrv_hwcfg_align(ts_hw(s));
        expect_ok(s, &j, cfg);
    }
    tdrv_close(s);
}
END_TEST

/* N larger than the accumulator's N tile: the device loops over N tiles itself. */
START_TEST(test_n_tiles)
{
    const char *cfg = ts_config_name((unsigned)_i);
    tdrv_dev *s = open_cfg(cfg);
    const tdrv_hwcfg c = *ts_hw(s);
    ts_job j = {0};
    j.m = 2 * c.cols + 3, j.k = 3 * c.rows + 1, j.n = 2 * c.max_n + 5, j.seed = 77 + (uint64_t)_i;
    expect_ok(s, &j, cfg);
    tdrv_close(s);
}
END_TEST

/* Extremes: every activation -128 or +127 with all-(+1) or all-(-1) weights, long K. */
START_TEST(test_extremes)
{
    tdrv_dev *s = open_cfg(NULL);
    for (int a = 1; a <= 2; a++)
        for (int w = 1; w <= 2; w++) {
            ts_job j = {0};
            j.m = 40, j.k = 6912, j.n = 2, j.act_mode = a, j.wgt_mode = w;
            expect_ok(s, &j, "extreme");
        }
    tdrv_close(s);
}
END_TEST

/* BitNet b1.58 2B4T projection shapes in decode (N = 1) on the default configuration. */
START_TEST(test_bitnet_decode)
{
    static const size_t shapes[][2] = {{2560, 2560}, {640, 2560}, {6912, 2560}, {2560, 6912}};
    tdrv_dev *s = open_cfg(NULL);
    for (size_t i = 0; i < 4; i++) {
        ts_job j = {0};
        j.m = shapes[i][0], j.k = shapes[i][1], j.n = 1, j.seed = 500 + i;
        expect_ok(s, &j, "bitnet");
    }
    tdrv_close(s);
}
END_TEST

/* ---- faults ---- */
/* Writes ctrl to CTRL, runs the clock, and reads STATUS and ERR_CODE. */
static void ctrl_run(tdrv_dev *s, uint32_t ctrl, uint64_t cycles, uint32_t *st, uint32_t *code)
{
    WR(s, TRITIUM_REG_CTRL, ctrl);
    step(s, cycles);
    RD(s, TRITIUM_REG_STATUS, st);
    RD(s, TRITIUM_REG_ERR_CODE, code);
}

static void soft_reset_and_check(tdrv_dev *s)
{
    uint32_t st = 0, code = 1;
    ctrl_run(s, TRITIUM_CTRL_SOFT_RESET, 100000, &st, &code);
    ck_assert_uint_eq(st, 0);
    ck_assert_uint_eq(code, 0);
    ts_job j = {0};
    j.m = 45, j.k = 100, j.n = 3, j.seed = 99;
    expect_ok(s, &j, "after soft reset");
}

START_TEST(test_fault_read_weights)
{
    tdrv_dev *s = open_cfg(NULL);
    WR(s, TRITIUM_REG_IRQ_ENABLE, 1);
    const tdrv_hwcfg c = *ts_hw(s);
    ts_job j = {0};
    /* 8 M tiles; the fault hits the weights of M tile 3, so tiles 3.. must never be written */
    j.m = 8 * c.cols, j.k = 4 * c.rows, j.n = 2, j.seed = 3;
    size_t tile_bytes = (size_t)c.rows * c.cols / 4;
    j.err_where = 1, j.err_lo = 3 * 4 * tile_bytes, j.err_hi = j.err_lo + 1;
    ts_result r;
    ck_assert_int_eq(ts_run(s, &j, &r), 0);
    ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(r.err_code, TRITIUM_ERR_AXI_READ);
    ck_assert_int_eq(tdrv_irq_level(s), 1);
    for (size_t t = 3; t < r.mtiles; t++)
        ck_assert_msg(!r.mtile_written[t], "M tile %zu written after the read fault", t);
    uint32_t lo = 0;
    RD(s, TRITIUM_REG_ERR_ADDR_LO, &lo);
    ck_assert_uint_le(lo, r.w_addr + j.err_lo);
    ck_assert_uint_gt(lo + 4096u, r.w_addr + j.err_lo);
    ts_result_free(&r);
    soft_reset_and_check(s);
    ck_assert_int_eq(tdrv_irq_level(s), 1); /* the good job completes and interrupts */
    tdrv_close(s);
}
END_TEST

START_TEST(test_fault_read_acts)
{
    tdrv_dev *s = open_cfg("r8c8w64");
    ts_job j = {0};
    j.m = 20, j.k = 30, j.n = 4, j.seed = 4;
    j.err_where = 2, j.err_lo = 0, j.err_hi = 8;
    ts_result r;
    ck_assert_int_eq(ts_run(s, &j, &r), 0);
    ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(r.err_code, TRITIUM_ERR_AXI_READ);
    ck_assert_int_eq(r.y_touched, 0);
    ts_result_free(&r);
    soft_reset_and_check(s);
    tdrv_close(s);
}
END_TEST

START_TEST(test_fault_write)
{
    tdrv_dev *s = open_cfg(NULL);
    const tdrv_hwcfg c = *ts_hw(s);
    ts_job j = {0};
    /* the first result burst (M tile 0, row 0) fails; later M tiles must never be written */
    j.m = 6 * c.cols, j.k = 8 * c.rows, j.n = 1, j.seed = 5;
    j.err_where = 3, j.err_lo = 0, j.err_hi = 4;
    ts_result r;
    ck_assert_int_eq(ts_run(s, &j, &r), 0);
    ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(r.err_code, TRITIUM_ERR_AXI_WRITE);
    uint32_t lo = 0;
    RD(s, TRITIUM_REG_ERR_ADDR_LO, &lo);
    ck_assert_uint_eq(lo, r.y_addr);
    for (size_t t = 0; t < r.mtiles; t++)
        ck_assert_msg(!r.mtile_written[t], "M tile %zu written after the write fault", t);
    ts_result_free(&r);
    soft_reset_and_check(s);
    tdrv_close(s);
}
END_TEST

/* Hostile commands on the checked model (the RTL's AXI assertions on): each is refused at the first
 * burst outside its window with ERR_DMA_WINDOW and the address of that burst; nothing outside the
 * results' window changes (the harness compares every guard, W and X); the next command runs exactly. */
START_TEST(test_dma_windows)
{
    tdrv_dev *s = open_cfg(NULL);
    const tdrv_hwcfg c = *ts_hw(s);
    const size_t al = tdrv_hwcfg_align(&c);
    ts_job j = {0};
    j.m = 3 * c.cols + 5, j.k = 2 * c.rows + 3, j.n = 3, j.seed = 9;
    const size_t xbytes = (j.k + al - 1) / al * al * j.n, ybytes = (4 * j.m + al - 1) / al * al * j.n;
    const size_t wbytes = tdrv_layout_bytes_fmt(&c, TDRV_WFMT_2BIT, j.m, j.k);
    const int modes[] = {TS_HOSTILE_Y_INTO_W, TS_HOSTILE_Y_STRIDE, TS_HOSTILE_X_STRIDE, TS_HOSTILE_Y_WRAP,
                         TS_HOSTILE_W_SHORT};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        j.hostile = modes[i];
        ts_result r;
        ck_assert_int_eq(ts_run(s, &j, &r), 0);
        ck_assert_uint_eq(r.status, TRITIUM_STATUS_ERROR);
        ck_assert_uint_eq(r.err_code, TRITIUM_ERR_DMA_WINDOW);
        ck_assert_msg(r.outside_changed == 0, "mode %d: %d bytes outside the results' window changed", modes[i],
                      r.outside_changed);
        uint64_t want = 0;
        switch (modes[i]) {
        case TS_HOSTILE_Y_INTO_W: want = r.w_addr; break;
        case TS_HOSTILE_Y_STRIDE: want = r.y_addr + ybytes; break;
        case TS_HOSTILE_X_STRIDE: want = r.x_addr + xbytes; break;
        case TS_HOSTILE_Y_WRAP: want = r.y_addr - TS_GUARD; break;
        default: want = 0; break;
        }
        if (want)
            ck_assert_msg(r.err_addr == want, "mode %d: refused at 0x%llx, not 0x%llx", modes[i],
                          (unsigned long long)r.err_addr, (unsigned long long)want);
        else /* the weights' burst that crosses the window's end, half way into the stream */
            ck_assert_msg(r.err_addr >= r.w_addr && r.err_addr <= r.w_addr + wbytes / 2,
                          "weights refused at 0x%llx", (unsigned long long)r.err_addr);
        /* the rows before the first refused burst were written; with Y into W, none */
        if (modes[i] == TS_HOSTILE_Y_INTO_W || modes[i] == TS_HOSTILE_X_STRIDE)
            ck_assert_int_eq(r.y_touched, 0);
        ts_result_free(&r);
    }
    j.hostile = TS_HOSTILE_NONE;
    expect_ok(s, &j, "after the hostile commands");
    tdrv_close(s);
}
END_TEST

/* Device addresses for commands the device must refuse before any DMA: never backed by a buffer. */
#define BAD_W 0x10000000u
#define BAD_X 0x40000000u
#define BAD_Y 0x80000000u

static uint32_t start_bad(tdrv_dev *s, uint32_t m, uint32_t k, uint32_t n, uint32_t w, uint32_t xs, uint32_t ys,
                          uint32_t flags)
{
    WR(s, TRITIUM_REG_CMD_W_LO, w);
    WR(s, TRITIUM_REG_CMD_X_LO, BAD_X);
    WR(s, TRITIUM_REG_CMD_Y_LO, BAD_Y);
    WR(s, TRITIUM_REG_CMD_M, m);
    WR(s, TRITIUM_REG_CMD_K, k);
    WR(s, TRITIUM_REG_CMD_N, n);
    WR(s, TRITIUM_REG_CMD_X_STRIDE, xs);
    WR(s, TRITIUM_REG_CMD_Y_STRIDE, ys);
    WR(s, TRITIUM_REG_CMD_FLAGS, flags);
    uint32_t st = 0, code = 0;
    ctrl_run(s, TRITIUM_CTRL_START, 1000, &st, &code);
    ck_assert_uint_eq(st, TRITIUM_STATUS_ERROR);
    return code;
}

START_TEST(test_bad_commands)
{
    tdrv_dev *s = open_cfg(NULL);
    const tdrv_hwcfg c = *ts_hw(s);
    uint32_t al = c.data_w / 8;
    ck_assert_uint_eq(start_bad(s, 0, 16, 1, BAD_W, al, al, 0), TRITIUM_ERR_CMD_ZERO_DIM);
    ck_assert_uint_eq(start_bad(s, 16, 0, 1, BAD_W, al, al, 0), TRITIUM_ERR_CMD_ZERO_DIM);
    ck_assert_uint_eq(start_bad(s, 16, 16, 0, BAD_W, al, al, 0), TRITIUM_ERR_CMD_ZERO_DIM);
    ck_assert_uint_eq(start_bad(s, 16, 16, 1, BAD_W + 4, al, al, 0), TRITIUM_ERR_CMD_ALIGN);
    ck_assert_uint_eq(start_bad(s, 16, 16, 2, BAD_W, al + 4, 64, 0), TRITIUM_ERR_CMD_ALIGN);
    ck_assert_uint_eq(start_bad(s, 16, c.act_bytes + 1, 1, BAD_W, 2 * c.act_bytes, al, 0),
                      TRITIUM_ERR_CMD_TOO_LARGE);
    ck_assert_uint_eq(start_bad(s, 16, 16, 1, BAD_W, al, al, 2), TRITIUM_ERR_CMD_FLAGS); /* reserved bit */
    ck_assert_uint_eq(start_bad(s, 64, 16, 2, BAD_W, al, al, 0), TRITIUM_ERR_CMD_STRIDE);
    uint32_t done = 5;
    RD(s, TRITIUM_REG_DONE_COUNT, &done);
    ck_assert_uint_eq(done, 0);
    soft_reset_and_check(s);
    tdrv_close(s);
}
END_TEST

/* W, X and Y of an M x K x 1 job in device buffers; the command registers written, START not. */
typedef struct {
    tdrv_buf *w, *x, *y;
} bufs;

static void stage_job(tdrv_dev *s, bufs *b, uint32_t m, uint32_t k, uint8_t wfill, const uint8_t *x)
{
    const size_t wbytes = (size_t)m * k / 4;
    char err[256];
    ck_assert_msg(tdrv_buf_alloc(s, wbytes, &b->w, err, sizeof err) == TDRV_OK, "%s", err);
    ck_assert_msg(tdrv_buf_alloc(s, k, &b->x, err, sizeof err) == TDRV_OK, "%s", err);
    ck_assert_msg(tdrv_buf_alloc(s, (size_t)m * 4, &b->y, err, sizeof err) == TDRV_OK, "%s", err);
    memset(tdrv_buf_map(b->w), wfill, wbytes);
    if (x)
        ck_assert_int_eq(tdrv_buf_write(s, b->x, 0, x, k, err, sizeof err), TDRV_OK);
    const uint32_t al = ts_hw(s)->data_w / 8;
    WR(s, TRITIUM_REG_CMD_W_LO, (uint32_t)tdrv_buf_addr(b->w));
    WR(s, TRITIUM_REG_CMD_X_LO, (uint32_t)tdrv_buf_addr(b->x));
    WR(s, TRITIUM_REG_CMD_Y_LO, (uint32_t)tdrv_buf_addr(b->y));
    WR(s, TRITIUM_REG_CMD_M, m);
    WR(s, TRITIUM_REG_CMD_K, k);
    WR(s, TRITIUM_REG_CMD_N, 1);
    WR(s, TRITIUM_REG_CMD_X_STRIDE, al);
    WR(s, TRITIUM_REG_CMD_Y_STRIDE, al);
    const tdrv_buf *win[3] = {b->w, b->x, b->y};
    for (int i = 0; i < 3; i++) {
        WR(s, TRITIUM_REG_CMD_WIN_W_BASE_LO + 16 * i, (uint32_t)tdrv_buf_win(win[i]).base);
        WR(s, TRITIUM_REG_CMD_WIN_W_END_LO + 16 * i, (uint32_t)tdrv_buf_win(win[i]).end);
    }
}

/* Every one of the m results of a job staged by stage_job with all-(+1) weights is sum; frees its buffers
 * when done is set. */
static void expect_sums(tdrv_dev *s, bufs *b, uint32_t m, int32_t sum, int done)
{
    int32_t y[256];
    char err[256];
    ck_assert_uint_le(m, 256);
    ck_assert_int_eq(tdrv_buf_read(s, b->y, 0, y, m * sizeof *y, err, sizeof err), TDRV_OK);
    for (uint32_t i = 0; i < m; i++)
        ck_assert_int_eq(y[i], sum);
    if (done)
        tdrv_buf_free(s, b->w), tdrv_buf_free(s, b->x), tdrv_buf_free(s, b->y);
}

/* START, run to the end; 0 when the job completed, else its ERR_CODE. */
static uint32_t run_raw(tdrv_dev *s)
{
    uint32_t st = 0, code = 0;
    ctrl_run(s, TRITIUM_CTRL_START, 200000, &st, &code);
    ck_assert_msg(st == TRITIUM_STATUS_DONE || st == TRITIUM_STATUS_ERROR, "status %#x after the job", st);
    return st == TRITIUM_STATUS_DONE ? 0 : code;
}

/* A device with fewer than 32 address bits (an iCE40 board's 1 MB), whose buffers the simulator
 * backends place below 2^ADDR_W. */
#define CFG_A20 "rows=4,cols=8,bus=64,addr_w=20,act_bytes=2048,wgt_bytes=512,acc_words=128,rd_bursts=4"

/* The command registers keep only the bits the device acts on, plus whether a higher bit was written
 * 1: every verdict must still be that of the whole value. Run on the RTL and the tlm model alike. */
START_TEST(test_cmd_high_bits)
{
    static const char *const backends[] = {"sim", "tlm"};
#if defined(__SANITIZE_ADDRESS__)
    /* The SystemC model runs under ASan only in an unforked runner (tests/ck_systemc.h), which this
       one is not: the tlm half runs in the plain build (make test), the RTL half in both. */
    const int nb = 1;
#else
    const int nb = 2;
#endif
    for (int bi = 0; bi < nb; bi++) {
        char err[512];
        /* the RTL with its assertions, then the tlm model */
        tdrv_dev *s = ts_open_backend(backends[bi], CFG_A20, bi == 0, err, sizeof err);
        ck_assert_msg(s != NULL, "%s: %s", backends[bi], err);
        ck_assert_uint_eq(ts_hw(s)->addr_w, 20);
        const uint32_t m = 16, k = 32;
        uint8_t x[32];
        int32_t sum = 0, y[16];
        for (uint32_t i = 0; i < k; i++) {
            x[i] = (uint8_t)(i * 5 % 11);
            sum += x[i];
        }
        bufs b;
        stage_job(s, &b, m, k, 0x55 /* all +1 */, x);
        const uint32_t w = (uint32_t)tdrv_buf_addr(b.w), xb = (uint32_t)tdrv_buf_win(b.x).base;
        ck_assert_uint_lt(tdrv_buf_win(b.y).end, 1u << 20);
        /* a window end with a bit above ADDR_W allows the rest of the space */
        WR(s, TRITIUM_REG_CMD_WIN_Y_END_HI, 1);
        WR(s, TRITIUM_REG_CMD_WIN_W_END_LO, 0xFFFFFFFFu);
        ck_assert_uint_eq(run_raw(s), 0);
        expect_sums(s, &b, m, sum, 0);
        /* each bad value alone, then put back */
        const struct {
            uint32_t reg, bad, good, err;
        } cases[] = {
            {TRITIUM_REG_CMD_WIN_X_BASE_HI, 1, 0, TRITIUM_ERR_DMA_WINDOW},
            {TRITIUM_REG_CMD_WIN_X_BASE_LO, xb | 1u << 20, xb, TRITIUM_ERR_DMA_WINDOW},
            {TRITIUM_REG_CMD_W_LO, w | 1u << 20, w, TRITIUM_ERR_CMD_TOO_LARGE},
            {TRITIUM_REG_CMD_Y_HI, 0x80000000u, 0, TRITIUM_ERR_CMD_TOO_LARGE},
            {TRITIUM_REG_CMD_M, 1u << 24, m, TRITIUM_ERR_CMD_TOO_LARGE}, /* not zero: only high bits */
            {TRITIUM_REG_CMD_K, 1u << 20, k, TRITIUM_ERR_CMD_TOO_LARGE},
            {TRITIUM_REG_CMD_N, 1u << 31, 1, TRITIUM_ERR_CMD_TOO_LARGE},
            {TRITIUM_REG_CMD_FLAGS, 1u << 31, 0, TRITIUM_ERR_CMD_FLAGS},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            WR(s, cases[i].reg, cases[i].bad);
            const uint32_t got = run_raw(s);
            ck_assert_msg(got == cases[i].err, "%s: register 0x%03x = %#x: error %u, not %u", backends[bi],
                          cases[i].reg, cases[i].bad, got, cases[i].err);
            WR(s, cases[i].reg, cases[i].good);
            uint32_t rd = 1;
            RD(s, cases[i].reg, &rd);
            ck_assert_uint_eq(rd, 0); /* write-only */
        }
        memset(y, 0, sizeof y);
        ck_assert_int_eq(tdrv_buf_write(s, b.y, 0, y, sizeof y, err, sizeof err), TDRV_OK);
        ck_assert_uint_eq(run_raw(s), 0);
        expect_sums(s, &b, m, sum, 1);
        tdrv_close(s);
    }
}
END_TEST

/* START while a job runs is refused with ERR_START_BUSY; the running job still completes exactly. */
START_TEST(test_start_busy)
{
    tdrv_dev *s = open_cfg(NULL);
    const uint32_t m = 256, k = 512;
    uint8_t x[512];
    int32_t sum = 0;
    for (uint32_t i = 0; i < k; i++) {
        x[i] = (uint8_t)(i % 7);
        sum += (int32_t)(i % 7);
    }
    bufs b;
    stage_job(s, &b, m, k, 0x55 /* all +1 */, x);
    WR(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    WR(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    uint32_t st = 0, code = 0, done = 0;
    RD(s, TRITIUM_REG_STATUS, &st);
    RD(s, TRITIUM_REG_ERR_CODE, &code);
    ck_assert_uint_eq(st, TRITIUM_STATUS_BUSY | TRITIUM_STATUS_ERROR);
    ck_assert_uint_eq(code, TRITIUM_ERR_START_BUSY);
    /* the windows cannot move under the running job: SLVERR, and the job still completes exactly */
    ck_assert_int_ne(tdrv_reg_write(s, TRITIUM_REG_CMD_WIN_Y_BASE_LO, 0), TDRV_OK);
    ck_assert_int_ne(tdrv_reg_write(s, TRITIUM_REG_CMD_WIN_Y_END_HI, 1), TDRV_OK);
    step(s, 1000000);
    RD(s, TRITIUM_REG_DONE_COUNT, &done);
    ck_assert_uint_eq(done, 1);
    expect_sums(s, &b, m, sum, 1);
    tdrv_close(s);
}
END_TEST

/* SOFT_RESET in the middle of a job aborts it cleanly; IRQ_STATUS is write-1-to-clear. */
START_TEST(test_abort_midway)
{
    tdrv_dev *s = open_cfg("r8c32w128");
    WR(s, TRITIUM_REG_IRQ_ENABLE, 1);
    bufs b;
    stage_job(s, &b, 512, 1024, 0, NULL);
    WR(s, TRITIUM_REG_CTRL, TRITIUM_CTRL_START);
    step(s, 3000);
    uint32_t st = 0, done = 7;
    RD(s, TRITIUM_REG_STATUS, &st);
    ck_assert_uint_eq(st, TRITIUM_STATUS_BUSY);
    /* the memory goes away under the running job */
    tdrv_buf_free(s, b.w), tdrv_buf_free(s, b.x), tdrv_buf_free(s, b.y);
    ck_assert_int_eq(tdrv_irq_level(s), 0);
    soft_reset_and_check(s); /* aborts (bursts in flight hit no memory: they drain as DECERR) */
    ck_assert_int_eq(tdrv_irq_level(s), 1);
    RD(s, TRITIUM_REG_DONE_COUNT, &done);
    ck_assert_uint_eq(done, 1);
    WR(s, TRITIUM_REG_IRQ_STATUS, 1);
    ck_assert_int_eq(tdrv_irq_level(s), 0);
    tdrv_close(s);
}
END_TEST

/* ---- configurations given by parameters ---- */
static void progress(void *ctx, const char *msg)
{
    int *n = ctx;
    (*n)++;
    printf("sim: %s\n", msg);
}

/* A parameter list or a TOML file that equals a named configuration opens that model (no build). */
START_TEST(test_params_resolve_to_named_models)
{
    char err[512];
    tdrv_dev *d = NULL;
    int told = 0;
    tdrv_open_args a = {.config = "rows=8,cols=32,bus=128,act_bytes=16384,wgt_bytes=4096,acc_words=2048",
                        .checked = 1, .progress = progress, .progress_ctx = &told};
    ck_assert_msg(tdrv_open_with("sim", &a, &d, err, sizeof err) == TDRV_OK, "%s", err);
    ck_assert_str_eq(tdrv_get_info(d)->config, "r8c32w128");
    tdrv_close(d);
    char path[] = "/tmp/tritium-cfg-XXXXXX.toml";
    int fd = mkstemps(path, 5);
    ck_assert_int_ge(fd, 0);
    const char toml[] = "# the lean configuration\n[params]\nROWS = 8\nCOLS = 32\nbus = 128\nACT_BYTES = 8192\n"
                        "WGT_BYTES = 2048\nACC_WORDS = 1024\nRD_BURSTS = 2\nWR_BURSTS = 2\nWFORMATS = 1\n";
    ck_assert_int_eq(write(fd, toml, sizeof toml - 1), (int)(sizeof toml - 1));
    close(fd);
    a.config = path;
    ck_assert_msg(tdrv_open_with("sim", &a, &d, err, sizeof err) == TDRV_OK, "%s", err);
    ck_assert_str_eq(tdrv_get_info(d)->config, "r8c32w128_lean");
    ck_assert_uint_eq(tdrv_get_info(d)->hw.rd_bursts, 2);
    tdrv_close(d);
    unlink(path);
    ck_assert_int_eq(told, 0); /* both models existed */
}
END_TEST

/* Illegal sets are refused before anything is built, naming the rule; unknown names are explained. */
START_TEST(test_bad_params_are_refused)
{
    char err[512];
    tdrv_dev *d = NULL;
    ck_assert_int_eq(tdrv_open("sim", "rows=16,cols=24", &d, err, sizeof err), TDRV_ERR_BACKEND);
    ck_assert_msg(strstr(err, "rule cols_pow2"), "%s", err);
    ck_assert_int_eq(tdrv_open("sim", "rows=16,bus=2048", &d, err, sizeof err), TDRV_ERR_BACKEND);
    ck_assert_msg(strstr(err, "DATA_W = 2048 is outside 64..1024"), "%s", err);
    ck_assert_int_eq(tdrv_open("sim", "rows=16,width=8", &d, err, sizeof err), TDRV_ERR_BACKEND);
    ck_assert_msg(strstr(err, "unknown parameter 'width'") && strstr(err, "bus"), "%s", err);
    ck_assert_int_eq(tdrv_open("sim", "rows=sixteen", &d, err, sizeof err), TDRV_ERR_BACKEND);
    ck_assert_msg(strstr(err, "not NAME=VALUE"), "%s", err);
    ck_assert_int_eq(tdrv_open("sim", "/nonexistent/cfg.toml", &d, err, sizeof err), TDRV_ERR_BACKEND);
    ck_assert_msg(strstr(err, "/nonexistent/cfg.toml"), "%s", err);
}
END_TEST

/* A configuration no one named: its model is built once (told through the progress callback), cached,
 * and computes exactly. The smallest legal array keeps the build short. */
START_TEST(test_new_configuration_on_demand)
{
    char err[512];
    tdrv_dev *d = NULL;
    int told = 0;
    tdrv_open_args a = {.config = CFG_A20, .checked = 1, .progress = progress, .progress_ctx = &told};
    ck_assert_msg(tdrv_open_with("sim", &a, &d, err, sizeof err) == TDRV_OK, "%s", err);
    ck_assert_str_eq(tdrv_get_info(d)->config, "hw_r4_c8_w64_a20_act2048_wgt512_acc128_rb4");
    const tdrv_hwcfg c = *ts_hw(d);
    ck_assert_uint_eq(c.rows, 4);
    ck_assert_uint_eq(c.cols, 8);
    ck_assert_uint_eq(c.rd_bursts, 4);
    ck_assert_uint_eq(c.max_n, 16);
    for (size_t i = 0; i < sizeof k_shapes / sizeof k_shapes[0]; i++) {
        ts_job j = {0};
        j.m = k_shapes[i][0], j.k = k_shapes[i][1], j.n = k_shapes[i][2];
        j.seed = 4000 + i;
        expect_ok(d, &j, "on demand");
    }
    tdrv_close(d);
    /* the second open loads the cached model without building */
    int before = told;
    ck_assert_msg(tdrv_open_with("sim", &a, &d, err, sizeof err) == TDRV_OK, "%s", err);
    tdrv_close(d);
    ck_assert_int_eq(told, before);
}
END_TEST

Suite *suite_sim(void)
{
    Suite *su = suite_create("sim");
    TCase *tc = tcase_create("regs");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_configs_and_ids);
    suite_add_tcase(su, tc);

    tc = tcase_create("configs");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_params_resolve_to_named_models);
    tcase_add_test(tc, test_bad_params_are_refused);
    tcase_add_test(tc, test_new_configuration_on_demand);
    tcase_add_test(tc, test_cmd_high_bits); /* on the model the test above built */
    suite_add_tcase(su, tc);

    tc = tcase_create("gemm");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_random_gemm, 0, (int)ts_config_count());
    tcase_add_loop_test(tc, test_n_tiles, 0, (int)ts_config_count());
    tcase_add_test(tc, test_extremes);
    suite_add_tcase(su, tc);

    tc = tcase_create("bitnet");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_bitnet_decode);
    suite_add_tcase(su, tc);

    tc = tcase_create("faults");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fault_read_weights);
    tcase_add_test(tc, test_fault_read_acts);
    tcase_add_test(tc, test_fault_write);
    tcase_add_test(tc, test_bad_commands);
    tcase_add_test(tc, test_dma_windows);
    tcase_add_test(tc, test_start_busy);
    tcase_add_test(tc, test_abort_midway);
    suite_add_tcase(su, tc);
    return su;
}
