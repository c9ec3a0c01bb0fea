// The accelerator module of the fast model (tlm_dev.h).
#include "sim/tlm/tlm_dev.h"
#include "sim/tlm/tlm_mem_target.h"
#include "sim/tlm/tlm_timing_cache.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace {
// Index of each PERF_* counter, from the generated table.
enum perf_idx {
#define TLM_DEV_PERF_IDX(field, NAME, doc) PERF_##field,
    TRITIUM_PERF_COUNTERS(TLM_DEV_PERF_IDX)
#undef TLM_DEV_PERF_IDX
};
} // namespace

tlm_dev::tlm_dev(sc_core::sc_module_name name, const tlm_mem_target *mem)
    : sc_core::sc_module(name), regs("regs"), dma("dma"), mem_(mem)
{
    regs.register_b_transport(this, &tlm_dev::regs_b_transport);
    cache_ = tlm_timing_cache_new();
    SC_HAS_PROCESS(tlm_dev);
    SC_THREAD(job);
}

tlm_dev::~tlm_dev() { tlm_timing_cache_free(cache_); }

void tlm_dev::configure(const tlm_hw &hw, uint32_t addr_w, uint32_t wformats, tlm_compute_fn fn, void *ctx)
{
    hw_ = hw;
    addr_w_ = addr_w;
    wformats_ = wformats;
    fn_ = fn;
    ctx_ = ctx;
    reset();
}

void tlm_dev::reset()
{
    if (busy_) { // a job in flight is abandoned, as on a soft reset
        job_gen_++;
        abort_ev_.notify(sc_core::SC_ZERO_TIME);
    }
    busy_ = start_pending_ = false;
    done_at_ = sc_core::SC_ZERO_TIME;
    for (uint32_t &r : reg_) r = 0;
    for (uint64_t &p : perf_) p = 0;
    cycles_base_ = (uint64_t)(sc_core::sc_time_stamp() / period_);
#define TLM_DEV_RESET(name, off, access, rst, doc) reg_[(off) / 4] = (rst);
    TRITIUM_REGS(TLM_DEV_RESET)
#undef TLM_DEV_RESET
    reg_[TRITIUM_REG_ID / 4] = TRITIUM_ID_VALUE;
    reg_[TRITIUM_REG_VERSION / 4] = TRITIUM_VERSION_VALUE;
    reg_[TRITIUM_REG_CFG_ROWS / 4] = hw_.rows;
    reg_[TRITIUM_REG_CFG_COLS / 4] = hw_.cols;
    reg_[TRITIUM_REG_CFG_DATA_W / 4] = hw_.data_w;
    reg_[TRITIUM_REG_CFG_ACT_BYTES / 4] = hw_.act_bytes;
    reg_[TRITIUM_REG_CFG_WGT_BYTES / 4] = hw_.wgt_bytes;
    reg_[TRITIUM_REG_CFG_ACC_WORDS / 4] = hw_.acc_words;
    reg_[TRITIUM_REG_CFG_ADDR_W / 4] = addr_w_;
    reg_[TRITIUM_REG_CFG_MAX_N / 4] = hw_.cols ? hw_.acc_words / hw_.cols : 0;
    reg_[TRITIUM_REG_CFG_RD_BURSTS / 4] = hw_.rd_bursts;
    reg_[TRITIUM_REG_CFG_WR_BURSTS / 4] = hw_.wr_bursts;
    reg_[TRITIUM_REG_CFG_WFORMATS / 4] = wformats_;
}

uint32_t tlm_dev::reg_read(uint32_t off)
{
    if (off >= TRITIUM_PERF_BASE && off < TRITIUM_PERF_BASE + 8 * TRITIUM_NPERF) {
        const unsigned i = (off - TRITIUM_PERF_BASE) / 8;
        uint64_t v = perf_[i];
        if (i == PERF_cycles) v = (uint64_t)(sc_core::sc_time_stamp() / period_) - cycles_base_;
        return (off & 4) ? (uint32_t)(v >> 32) : (uint32_t)v;
    }
    if (off == TRITIUM_REG_STATUS) return (reg_[off / 4] & ~TRITIUM_STATUS_BUSY) | (busy_ ? TRITIUM_STATUS_BUSY : 0);
    // Write-only registers read 0 (the model keeps the whole command words: its checks see them as tritium_csr's do).
#define TLM_DEV_WRITE_ONLY(name, o, access, rst, doc) \
    if (off == (o) && !std::strcmp(access, "wo")) return 0;
    TRITIUM_REGS(TLM_DEV_WRITE_ONLY)
#undef TLM_DEV_WRITE_ONLY
    return off / 4 < NREG ? reg_[off / 4] : 0;
}

bool tlm_dev::reg_write(uint32_t off, uint32_t v)
{
    // tritium_csr: the DMA windows cannot move under a running job
    if (busy_ && off >= TRITIUM_REG_CMD_WIN_W_BASE_LO && off <= TRITIUM_REG_CMD_WIN_Y_END_HI) return false;
    switch (off) {
    case TRITIUM_REG_CTRL:
        if (v & TRITIUM_CTRL_SOFT_RESET) {
            // A job in flight is abandoned: it writes nothing more and reports nothing (the RTL drains
            // its bursts in flight first; here the device is idle at once).
            if (busy_) {
                busy_ = false;
                done_at_ = sc_core::SC_ZERO_TIME;
                job_gen_++;
                abort_ev_.notify(sc_core::SC_ZERO_TIME);
            }
            start_pending_ = false;
            reg_[TRITIUM_REG_STATUS / 4] = 0;
            reg_[TRITIUM_REG_ERR_CODE / 4] = 0;
        }
        if (v & TRITIUM_CTRL_CLEAR_PERF) {
            for (uint64_t &p : perf_) p = 0;
            cycles_base_ = (uint64_t)(sc_core::sc_time_stamp() / period_);
        }
        if (v & TRITIUM_CTRL_START) {
            if (busy_) {
                reg_[TRITIUM_REG_ERR_CODE / 4] = TRITIUM_ERR_START_BUSY;
                reg_[TRITIUM_REG_STATUS / 4] |= TRITIUM_STATUS_ERROR;
            } else {
                busy_ = true;
                done_at_ = sc_core::SC_ZERO_TIME; // not timed yet
                start_pending_ = true; // seen by the job thread even before the kernel first runs
                reg_[TRITIUM_REG_STATUS / 4] = 0;
                start_ev_.notify(sc_core::SC_ZERO_TIME);
            }
        }
        return true;
    case TRITIUM_REG_IRQ_STATUS:
        reg_[off / 4] &= ~v;
        return true;
    default:
        break;
    }
    bool ok = false;
#define TLM_DEV_WRITABLE(name, o, access, rst, doc) \
    if (off == (o) && (!std::strcmp(access, "rw") || !std::strcmp(access, "wo"))) reg_[off / 4] = v, ok = true;
    TRITIUM_REGS(TLM_DEV_WRITABLE)
#undef TLM_DEV_WRITABLE
    return ok;
}

void tlm_dev::regs_b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
{
    (void)delay;
    const uint64_t a = gp.get_address();
    if (gp.get_data_length() != 4 || (a & 3) || a >= TRITIUM_REG_BYTES) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    uint32_t v;
    if (gp.is_read()) {
        v = reg_read((uint32_t)a);
        std::memcpy(gp.get_data_ptr(), &v, 4);
    } else if (gp.is_write()) {
        std::memcpy(&v, gp.get_data_ptr(), 4);
        if (!reg_write((uint32_t)a, v)) {
            gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

static uint64_t reg64(const uint32_t *r, uint32_t lo) { return (uint64_t)r[lo / 4 + 1] << 32 | r[lo / 4]; }

// tritium_cmd_check's rules, in its order.
uint32_t tlm_dev::check_cmd() const
{
    const uint32_t bus = hw_.data_w / 8, k = reg_[TRITIUM_REG_CMD_K / 4], m = reg_[TRITIUM_REG_CMD_M / 4],
                   n = reg_[TRITIUM_REG_CMD_N / 4], xs = reg_[TRITIUM_REG_CMD_X_STRIDE / 4],
                   ys = reg_[TRITIUM_REG_CMD_Y_STRIDE / 4], fl = reg_[TRITIUM_REG_CMD_FLAGS / 4];
    const uint64_t w = reg64(reg_, TRITIUM_REG_CMD_W_LO), x = reg64(reg_, TRITIUM_REG_CMD_X_LO),
                   y = reg64(reg_, TRITIUM_REG_CMD_Y_LO);
    if ((fl & ~TRITIUM_CMD_FLAGS_WFMT_BASE3) || ((fl & TRITIUM_CMD_FLAGS_WFMT_BASE3) && !(wformats_ & 2)))
        return TRITIUM_ERR_CMD_FLAGS;
    if (!m || !k || !n) return TRITIUM_ERR_CMD_ZERO_DIM;
    if ((w | x | y | xs | ys) % bus) return TRITIUM_ERR_CMD_ALIGN;
    const uint64_t hi = addr_w_ < 64 ? ~0ull << addr_w_ : 0;
    const uint32_t ktb = (k + bus - 1) / bus;
    if (((w | x | y) & hi) || ktb > hw_.act_bytes / bus || (m >> TRITIUM_CMD_M_BITS) || (n >> TRITIUM_CMD_N_BITS))
        return TRITIUM_ERR_CMD_TOO_LARGE;
    if (n > 1 && (xs < k || ys / 4 < m)) return TRITIUM_ERR_CMD_STRIDE;
    return TRITIUM_ERR_NONE;
}

tlm::tlm_response_status tlm_dev::dma_access(bool write, uint64_t addr, void *data, uint32_t len)
{
    tlm::tlm_generic_payload gp;
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(addr);
    gp.set_data_ptr(static_cast<unsigned char *>(data));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    dma->b_transport(gp, d);
    return gp.get_response_status();
}

// W or X as one span: in place when the memory grants DMI over all of it, else a copy read through
// b_transport in 4 KB pieces, beat by beat where a piece meets an error, with zeros in the beats the
// memory refuses. A job stops on its first error response, so only data read before it reach a
// result the device writes, and those are read exactly.
const uint8_t *tlm_dev::dma_read(uint64_t addr, uint64_t len, std::vector<uint8_t> &copy)
{
    tlm::tlm_generic_payload gp;
    tlm::tlm_dmi dmi;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(addr);
    if (dma->get_direct_mem_ptr(gp, dmi) && dmi.is_read_allowed() && dmi.get_start_address() <= addr &&
        addr + len - 1 <= dmi.get_end_address())
        return dmi.get_dmi_ptr() + (addr - dmi.get_start_address());
    copy.assign(len, 0);
    const uint64_t beat = hw_.data_w / 8;
    for (uint64_t o = 0; o < len;) {
        const uint64_t piece = std::min<uint64_t>(len - o, 4096 - ((addr + o) & 4095));
        if (dma_access(false, addr + o, copy.data() + o, (uint32_t)piece) != tlm::TLM_OK_RESPONSE)
            for (uint64_t b = 0; b < piece; b += beat) // the beats that answer, for the results made before
                if (dma_access(false, addr + o + b, copy.data() + o + b, (uint32_t)std::min(beat, piece - b)) !=
                    tlm::TLM_OK_RESPONSE)
                    std::memset(copy.data() + o + b, 0, std::min(beat, piece - b));
        o += piece;
    }
    return copy.data();
}

int tlm_dev::burst_err_cb(void *ctx, uint64_t addr, uint64_t len, int write)
{
    (void)write;
    return static_cast<tlm_dev *>(ctx)->mem_->burst_err(addr, len) != 0;
}

void tlm_dev::wrote_cb(void *ctx, uint32_t n, uint32_t m, uint32_t count)
{
    static_cast<tlm_dev *>(ctx)->wrote_.push_back({n, m, count});
}

void tlm_dev::finish(uint32_t err, uint64_t err_addr)
{
    busy_ = false;
    if (err) {
        reg_[TRITIUM_REG_ERR_CODE / 4] = err;
        reg_[TRITIUM_REG_ERR_ADDR_LO / 4] = (uint32_t)err_addr;
        reg_[TRITIUM_REG_ERR_ADDR_HI / 4] = (uint32_t)(err_addr >> 32);
        reg_[TRITIUM_REG_STATUS / 4] = TRITIUM_STATUS_ERROR;
    } else {
        reg_[TRITIUM_REG_STATUS / 4] = TRITIUM_STATUS_DONE;
        reg_[TRITIUM_REG_DONE_COUNT / 4]++;
    }
    if (reg_[TRITIUM_REG_IRQ_ENABLE / 4] & 1u) reg_[TRITIUM_REG_IRQ_STATUS / 4] |= 1u;
}

// Bytes of the weight stream of command c: whole tiles, 2-bit codes or five base-3 weights a byte,
// rounded up to whole beats (tdrv_layout_bytes_fmt's rule, as the device reads it).
uint64_t tlm_dev::stream_bytes(const tlm_cmd &c) const
{
    const uint64_t tiles = (uint64_t)((c.m + hw_.cols - 1) / hw_.cols) * ((c.k + hw_.rows - 1) / hw_.rows);
    const uint64_t tb = 2ull * hw_.rows * hw_.cols / hw_.data_w;
    return (c.base3 ? (tiles * 4 * tb + 4) / 5 : tiles * tb) * (hw_.data_w / 8);
}

void tlm_dev::add_perf(const tlm_perf &p)
{
    perf_[PERF_busy] += p.busy;
    perf_[PERF_compute] += p.compute;
    perf_[PERF_rd_bytes] += p.rd_bytes;
    perf_[PERF_wr_bytes] += p.wr_bytes;
    perf_[PERF_stall_wgt] += p.stall_wgt;
    perf_[PERF_stall_act] += p.stall_act;
    perf_[PERF_stall_out] += p.stall_out;
    perf_[PERF_ternary_ops] += p.compute * hw_.rows * hw_.cols;
}

// A command that leaves its windows (or wraps at ADDR_W) stops on the first burst that does: the
// timing runs first, then the results of the segments written before the stop are computed from
// the weights and activation rows those segments used (all inside the windows), so nothing outside
// them is read or written, however far a hostile stride points.
void tlm_dev::job_outside(const tlm_cmd &c, tlm_faults &f, uint64_t gen)
{
    tlm_perf p;
    wrote_.clear();
    f.bad_beat = UINT64_MAX;
    if (tlm_timing_run_faults(&hw_, &mem_->speed(), &c, &f, &p) != 0) {
        finish(TRITIUM_ERR_CMD_TOO_LARGE, 0);
        return;
    }
    const uint32_t bus = hw_.data_w / 8;
    const uint64_t mask = f.addr_mask ? f.addr_mask : UINT64_MAX;
    tlm_cmd s = c;
    if (fn_ && !wrote_.empty()) {
        s.m = s.n = 0;
        for (const segment &sg : wrote_) {
            s.m = std::max(s.m, sg.m + sg.count);
            s.n = std::max(s.n, sg.n + 1);
        }
        s.m = std::min(c.m, (s.m + hw_.cols - 1) / hw_.cols * hw_.cols);
        const uint64_t wbytes = stream_bytes(s), rowb = (c.k + bus - 1) / bus * bus;
        const uint8_t *w = dma_read(c.w, wbytes, wbuf_);
        std::vector<uint8_t> xb(s.n * rowb), row;
        for (uint32_t r = 0; r < s.n; r++)
            std::memcpy(xb.data() + r * rowb, dma_read((c.x + (uint64_t)r * c.x_stride) & mask, rowb, row), rowb);
        s.x_stride = (uint32_t)rowb;
        ybuf_.resize((size_t)s.m * s.n);
        uint64_t bad = 0;
        const int frc = fn_(ctx_, &hw_, &s, w, wbytes, reinterpret_cast<const int8_t *>(xb.data()), ybuf_.data(), &bad);
        if (frc == -1) { // a bad base-3 byte among the weights used: the decoder stops on it first
            f.bad_beat = bad / bus;
            wrote_.clear();
            if (tlm_timing_run_faults(&hw_, &mem_->speed(), &c, &f, &p) != 0) {
                finish(TRITIUM_ERR_CMD_TOO_LARGE, 0);
                return;
            }
        } else if (frc != 0) {
            finish(TRITIUM_ERR_CMD_TOO_LARGE, 0);
            return;
        }
    }
    done_at_ = sc_core::sc_time_stamp() + period_ * (double)p.busy;
    sc_core::wait(period_ * (double)p.busy, abort_ev_);
    if (gen != job_gen_) return;
    if (fn_)
        for (const segment &sg : wrote_)
            dma_access(true, ((c.y + (uint64_t)sg.n * c.y_stride) & mask) + 4ull * sg.m,
                       ybuf_.data() + (size_t)sg.n * s.m + sg.m, 4 * sg.count);
    add_perf(p);
    finish(p.err, p.err_addr);
}

// One command: checked, its inputs read and its result computed at the start, timed by the timing
// model, then the thread waits its busy cycles and writes the result bursts the RTL would have written
// (all of them, or on a fault those before it; none after a soft reset).
void tlm_dev::job()
{
    for (;;) {
        while (!start_pending_) sc_core::wait(start_ev_);
        start_pending_ = false;
        const uint64_t gen = job_gen_;
        const uint32_t err = check_cmd();
        if (err) {
            finish(err, 0);
            continue;
        }
        perf_[PERF_jobs]++;
        // an accepted command starts with no error (tritium_job_ctrl)
        reg_[TRITIUM_REG_ERR_CODE / 4] = TRITIUM_ERR_NONE;
        reg_[TRITIUM_REG_ERR_ADDR_LO / 4] = reg_[TRITIUM_REG_ERR_ADDR_HI / 4] = 0;
        tlm_cmd c;
        c.w = reg64(reg_, TRITIUM_REG_CMD_W_LO);
        c.x = reg64(reg_, TRITIUM_REG_CMD_X_LO);
        c.y = reg64(reg_, TRITIUM_REG_CMD_Y_LO);
        c.m = reg_[TRITIUM_REG_CMD_M / 4], c.k = reg_[TRITIUM_REG_CMD_K / 4], c.n = reg_[TRITIUM_REG_CMD_N / 4];
        c.x_stride = reg_[TRITIUM_REG_CMD_X_STRIDE / 4], c.y_stride = reg_[TRITIUM_REG_CMD_Y_STRIDE / 4];
        c.base3 = (reg_[TRITIUM_REG_CMD_FLAGS / 4] & TRITIUM_CMD_FLAGS_WFMT_BASE3) != 0;
        const uint32_t bus = hw_.data_w / 8;
        const uint64_t wbytes = stream_bytes(c);
        const uint64_t rowb = (c.k + bus - 1) / bus * bus, xbytes = (uint64_t)c.x_stride * (c.n - 1) + rowb;

        // Does any burst of this command meet an error or leave its window (or wrap at ADDR_W)? Only
        // then is the fault-aware (uncached) timing needed. The checks cover whole rows: the bursts of
        // a row stay inside it.
        tlm_faults f = {burst_err_cb, wrote_cb, this, UINT64_MAX, 1, {}, addr_w_ < 64 ? (1ull << addr_w_) - 1 : 0};
        for (int i = 0; i < 3; i++)
            for (int e = 0; e < 2; e++)
                f.win[i][e] = reg64(reg_, TRITIUM_REG_CMD_WIN_W_BASE_LO + 16 * i + 8 * e);
        const uint64_t top = f.addr_mask ? f.addr_mask : UINT64_MAX;
        auto fits = [&](int which, uint64_t a, uint64_t len) {
            return a <= top && len - 1 <= top - a && a >= f.win[which][0] && f.win[which][1] >= a &&
                   f.win[which][1] - a >= len;
        };
        const uint64_t ybytes = (4ull * c.m + bus - 1) / bus * bus;
        bool clean = mem_->burst_err(c.w, wbytes) == 0, inside = fits(TLM_WIN_W, c.w, wbytes);
        for (uint32_t r = 0; (clean || inside) && r < c.n; r++) {
            const uint64_t xr = c.x + (uint64_t)r * c.x_stride, yr = c.y + (uint64_t)r * c.y_stride;
            clean = clean && mem_->burst_err(xr, rowb) == 0 && mem_->burst_err(yr, ybytes) == 0;
            inside = inside && fits(TLM_WIN_X, xr, rowb) && fits(TLM_WIN_Y, yr, ybytes);
        }
        if (!inside) {
            job_outside(c, f, gen);
            continue;
        }
        f.windows = 0, f.addr_mask = 0; // inside its windows: the command runs as if it had none
        bool computed = false;
        if (fn_) {
            const uint8_t *w = dma_read(c.w, wbytes, wbuf_);
            std::vector<uint8_t> xb;
            const int8_t *x = reinterpret_cast<const int8_t *>(dma_read(c.x, xbytes, xb));
            ybuf_.resize((size_t)c.m * c.n);
            uint64_t bad = 0;
            const int frc = fn_(ctx_, &hw_, &c, w, wbytes, x, ybuf_.data(), &bad);
            if (frc == -1) {
                f.bad_beat = bad / bus;
                clean = false;
            } else if (frc != 0) {
                finish(TRITIUM_ERR_CMD_TOO_LARGE, 0);
                continue;
            }
            computed = true;
        }
        tlm_perf p;
        wrote_.clear();
        const int rc = clean ? tlm_timing_cached(cache_, &hw_, &mem_->speed(), &c, &p, nullptr)
                             : tlm_timing_run_faults(&hw_, &mem_->speed(), &c, &f, &p);
        if (rc != 0) {
            finish(TRITIUM_ERR_CMD_TOO_LARGE, 0);
            continue;
        }
        done_at_ = sc_core::sc_time_stamp() + period_ * (double)p.busy;
        sc_core::wait(period_ * (double)p.busy, abort_ev_);
        if (gen != job_gen_) continue; // abandoned by a soft reset: nothing written, nothing reported
        if (computed) {
            if (clean) {
                for (uint32_t r = 0; r < c.n; r++)
                    dma_access(true, c.y + (uint64_t)r * c.y_stride, ybuf_.data() + (size_t)r * c.m, 4 * c.m);
            } else {
                for (const segment &sg : wrote_)
                    dma_access(true, c.y + (uint64_t)sg.n * c.y_stride + 4ull * sg.m,
                               ybuf_.data() + (size_t)sg.n * c.m + sg.m, 4 * sg.count);
            }
        }
        add_perf(p);
        finish(p.err, p.err_addr);
    }
}
