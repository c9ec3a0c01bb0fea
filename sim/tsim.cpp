/*
 * C API of the cycle-accurate tritium model (tsim.h): clocking, AXI4-Lite register accesses and an
 * AXI4 slave memory model with bandwidth, latency and error injection.
 *
 * Cycle protocol: inputs for the coming edge are applied with the clock low, the model settles, the
 * harness samples which handshakes complete (valid && ready), then the edge is taken and the harness
 * updates its own state from those handshakes. The memory model therefore sees exactly what an AXI
 * slave sampling at the rising edge sees.
 */
#include "sim/tsim.h"
#include "sim/tsim_model.h"
#include "sim/tsim_cfg.h"
#include "sim/tsim_load.h"
#include "tritium_regs.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace {

struct region {
    uint64_t dev;
    uint8_t *base;
    size_t bytes;
};

struct rd_burst {
    uint64_t addr;
    unsigned beats, sent;
    uint64_t ready_at; /* cycle of the first beat */
    uint8_t resp;
};

struct wr_burst {
    uint64_t addr;
    unsigned beats, got;
    uint8_t resp;
};

struct b_resp {
    uint64_t ready_at;
    uint8_t resp;
};

} // namespace

struct tsim {
    tsim_model *m = nullptr;
    std::string key; /* the configuration's name or parameter key */
    tsim_pins p;
    uint64_t cycles = 0;
    double wall = 0.0;
    unsigned bus_bytes = 8;
    tsim_mem_cfg mem{0, 0};
    uint64_t err_lo = 0, err_hi = 0;
    tsim_fault_kind fault = TSIM_FAULT_NONE; /* armed misbehaviour (tsim_mem_fault) */
    uint64_t fault_after = 0;                /* beats of its kind still to pass */
    uint32_t fault_bit = 0;
    bool hung = false, struck = false;
    std::vector<region> regions;
    std::deque<rd_burst> rq;
    std::deque<wr_burst> wq;
    std::deque<b_resp> bq;
    double tokens = 0.0;
};

namespace {

const unsigned k_max_queue = 16; /* AR/AW requests the memory accepts before back-pressuring */

/* OKAY, SLVERR for the injected range, DECERR when the burst is not inside one attached region. */
uint8_t classify(const tsim *s, uint64_t addr, uint64_t len, uint8_t **host)
{
    *host = nullptr;
    if (s->err_lo < s->err_hi && addr < s->err_hi && addr + len > s->err_lo) return 2;
    for (const region &r : s->regions) {
        if (addr >= r.dev && addr + len <= r.dev + r.bytes) {
            *host = r.base + (addr - r.dev);
            return 0;
        }
    }
    return 3;
}

bool take_token(tsim *s)
{
    if (s->mem.bytes_per_cycle == 0) return true;
    if (s->tokens + 1e-9 < (double)s->bus_bytes) return false;
    s->tokens -= (double)s->bus_bytes;
    return true;
}

/* One full clock cycle of model + memory. */
void cycle(tsim *s)
{
    tsim_pins &p = s->p;
    const uint64_t now = s->cycles;
    if (s->mem.bytes_per_cycle) {
        s->tokens += (double)s->mem.bytes_per_cycle;
        double cap = 2.0 * (double)s->bus_bytes + (double)s->mem.bytes_per_cycle;
        if (s->tokens > cap) s->tokens = cap;
    }

    /* Drive the slave side from the memory state. */
    p.m_arready = s->rq.size() < k_max_queue;
    p.m_awready = s->wq.size() < k_max_queue;
    p.m_rvalid = 0;
    p.m_rlast = 0;
    p.m_rresp = 0;
    if (!s->hung && !s->rq.empty() && s->rq.front().ready_at <= now) {
        rd_burst &b = s->rq.front();
        uint8_t *host = nullptr;
        /* Bandwidth is checked when a beat is offered; an offered beat stays until taken. */
        if (take_token(s)) {
            p.m_rvalid = 1;
            p.m_rlast = (b.sent + 1 == b.beats);
            p.m_rresp = b.resp;
            uint64_t a = b.addr + (uint64_t)b.sent * s->bus_bytes;
            if (b.resp == 0 && classify(s, a, s->bus_bytes, &host) == 0)
                std::memcpy(p.m_rdata, host, s->bus_bytes);
            else
                std::memset(p.m_rdata, 0, sizeof p.m_rdata);
            if (s->fault == TSIM_FAULT_HANG && s->fault_after == 0) {
                /* from this beat on the memory answers nothing */
                s->hung = s->struck = true;
                s->fault = TSIM_FAULT_NONE;
                p.m_rvalid = 0;
                p.m_rlast = 0;
                if (s->mem.bytes_per_cycle) s->tokens += (double)s->bus_bytes;
            } else if (s->fault == TSIM_FAULT_FLIP_READ && s->fault_after == 0) {
                const uint32_t bit = s->fault_bit % (8 * s->bus_bytes);
                p.m_rdata[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                s->struck = true;
                s->fault = TSIM_FAULT_NONE;
            }
        }
    }
    /* W beats are accepted only for a burst whose address was already accepted. */
    bool w_burst_open = false;
    for (const wr_burst &w : s->wq)
        if (w.got < w.beats) { w_burst_open = true; break; }
    p.m_wready = w_burst_open ? 1 : 0;
    p.m_bvalid = 0;
    p.m_bresp = 0;
    if (!s->hung && !s->bq.empty() && s->bq.front().ready_at <= now) {
        p.m_bvalid = 1;
        p.m_bresp = s->bq.front().resp;
    }

    s->m->eval_low(p);

    const bool ar_hs = p.m_arvalid && p.m_arready;
    const bool r_hs = p.m_rvalid && p.m_rready;
    const bool aw_hs = p.m_awvalid && p.m_awready;
    const bool w_hs = p.m_wvalid && p.m_wready;
    const bool b_hs = p.m_bvalid && p.m_bready;
    const uint64_t araddr = p.m_araddr, awaddr = p.m_awaddr;
    const unsigned arlen = p.m_arlen, awlen = p.m_awlen;
    /* The beat taken at this edge, kept before clock() fetches the next one. */
    uint8_t wstrb[TSIM_MAX_BUS_BYTES / 8], wdata[TSIM_MAX_BUS_BYTES];
    if (w_hs) {
        std::memcpy(wstrb, p.m_wstrb, (s->bus_bytes + 7) / 8);
        std::memcpy(wdata, p.m_wdata, s->bus_bytes);
    }
    /* An offered read beat that was not taken returns its bandwidth token. */
    if (p.m_rvalid && !r_hs && s->mem.bytes_per_cycle) s->tokens += (double)s->bus_bytes;

    s->m->clock(p);
    s->cycles++;

    if (r_hs) {
        rd_burst &b = s->rq.front();
        if (++b.sent == b.beats) s->rq.pop_front();
        if ((s->fault == TSIM_FAULT_HANG || s->fault == TSIM_FAULT_FLIP_READ) && s->fault_after) s->fault_after--;
    }
    if (w_hs && s->fault == TSIM_FAULT_FLIP_WRITE) {
        if (s->fault_after == 0) {
            const uint32_t bit = s->fault_bit % (8 * s->bus_bytes);
            wdata[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            s->struck = true;
            s->fault = TSIM_FAULT_NONE;
        } else {
            s->fault_after--;
        }
    }
    if (ar_hs) {
        rd_burst b;
        b.addr = araddr;
        b.beats = arlen + 1;
        b.sent = 0;
        b.ready_at = now + 1 + s->mem.latency;
        uint8_t *host;
        b.resp = classify(s, araddr, (uint64_t)b.beats * s->bus_bytes, &host);
        s->rq.push_back(b);
    }
    if (w_hs) {
        for (wr_burst &w : s->wq) {
            if (w.got == w.beats) continue;
            uint64_t a = w.addr + (uint64_t)w.got * s->bus_bytes;
            uint8_t *host = nullptr;
            if (w.resp == 0 && classify(s, a, s->bus_bytes, &host) == 0) {
                for (unsigned i = 0; i < s->bus_bytes; i++)
                    if ((wstrb[i / 8] >> (i % 8)) & 1u) host[i] = wdata[i];
            }
            if (++w.got == w.beats) s->bq.push_back({now + 1 + s->mem.latency, w.resp});
            break;
        }
        (void)take_token; /* writes share no bandwidth budget: the write path is a small fraction */
    }
    while (!s->wq.empty() && s->wq.front().got == s->wq.front().beats) s->wq.pop_front();
    if (aw_hs) {
        wr_burst w;
        w.addr = awaddr;
        w.beats = awlen + 1;
        w.got = 0;
        uint8_t *host;
        w.resp = classify(s, awaddr, (uint64_t)w.beats * s->bus_bytes, &host);
        s->wq.push_back(w);
    }
    if (b_hs) s->bq.pop_front();
}

struct wall_timer {
    tsim *s;
    std::chrono::steady_clock::time_point t0;
    explicit wall_timer(tsim *sim) : s(sim), t0(std::chrono::steady_clock::now()) {}
    ~wall_timer()
    {
        s->wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
};

const uint64_t k_axil_timeout = 10000;

} // namespace

extern "C" {

unsigned tsim_config_count(void) { return tsim_cfg_count(); }

const char *tsim_config_name(unsigned i) { return tsim_cfg_name(i); }

const char *tsim_config(const tsim *s) { return s ? s->key.c_str() : ""; }

tsim *tsim_create(const char *config, const char *trace_fst, char *err, size_t errlen)
{
    tsim_open_args a = {config, trace_fst, 0, nullptr, nullptr};
    return tsim_open(&a, err, errlen);
}

tsim *tsim_open(const tsim_open_args *a, char *err, size_t errlen)
{
    std::string key, why;
    tsim_model *m = tsim_load(a, key, why);
    if (!m) {
        if (err && errlen) std::snprintf(err, errlen, "%s", why.c_str());
        return nullptr;
    }
    tsim *s = new tsim;
    s->m = m;
    s->key = key;
    s->bus_bytes = s->m->data_w() / 8;
    if (s->bus_bytes > TSIM_MAX_BUS_BYTES) {
        if (err && errlen)
            std::snprintf(err, errlen, "configuration '%s' has a %u-bit bus, wider than the harness's %u bits",
                          key.c_str(), s->m->data_w(), 8u * TSIM_MAX_BUS_BYTES);
        delete s->m;
        delete s;
        return nullptr;
    }
    if (a->trace_fst) {
        if (!s->m->open_trace(a->trace_fst, why)) {
            if (err && errlen) std::snprintf(err, errlen, "%s", why.c_str());
            delete s->m;
            delete s;
            return nullptr;
        }
    }
    tsim_reset(s);
    return s;
}

void tsim_destroy(tsim *s)
{
    if (!s) return;
    delete s->m;
    delete s;
}

void tsim_reset(tsim *s)
{
    wall_timer t(s);
    s->hung = false;
    s->rq.clear();
    s->wq.clear();
    s->bq.clear();
    s->tokens = 0.0;
    s->p.s_awvalid = s->p.s_wvalid = s->p.s_arvalid = 0;
    s->p.s_bready = s->p.s_rready = 0;
    s->p.rst_n = 0;
    for (int i = 0; i < 4; i++) cycle(s);
    s->p.rst_n = 1;
    cycle(s);
}

int tsim_reg_write(tsim *s, uint32_t addr, uint32_t value)
{
    wall_timer t(s);
    tsim_pins &p = s->p;
    p.s_awaddr = addr & 0xFFFu;
    p.s_wdata = value;
    p.s_wstrb = 0xF;
    p.s_awvalid = p.s_wvalid = 1;
    p.s_bready = 0;
    uint64_t n = 0;
    for (;;) {
        /* ready depends combinationally on valid: settle, then decide whether this edge handshakes */
        s->m->eval_low(p);
        bool hs = p.s_awready && p.s_wready;
        cycle(s);
        if (hs) break;
        if (++n > k_axil_timeout) {
            p.s_awvalid = p.s_wvalid = 0;
            return -1;
        }
    }
    p.s_awvalid = p.s_wvalid = 0;
    p.s_bready = 1;
    for (n = 0; !p.s_bvalid; n++) {
        if (n > k_axil_timeout) return -1;
        cycle(s);
    }
    int rc = (p.s_bresp & 2u) ? -1 : 0;
    cycle(s); /* bready high with bvalid: response consumed at this edge */
    p.s_bready = 0;
    return rc;
}

int tsim_reg_read(tsim *s, uint32_t addr, uint32_t *value)
{
    wall_timer t(s);
    tsim_pins &p = s->p;
    p.s_araddr = addr & 0xFFFu;
    p.s_arvalid = 1;
    p.s_rready = 0;
    uint64_t n = 0;
    for (;;) {
        s->m->eval_low(p);
        bool hs = p.s_arready;
        cycle(s);
        if (hs) break;
        if (++n > k_axil_timeout) {
            p.s_arvalid = 0;
            return -1;
        }
    }
    p.s_arvalid = 0;
    p.s_rready = 1;
    for (n = 0; !p.s_rvalid; n++) {
        if (n > k_axil_timeout) return -1;
        cycle(s);
    }
    uint32_t v = p.s_rdata;
    int rc = (p.s_rresp & 2u) ? -1 : 0;
    cycle(s);
    p.s_rready = 0;
    if (value) *value = v;
    return rc;
}

void tsim_step(tsim *s, uint64_t n)
{
    wall_timer t(s);
    for (uint64_t i = 0; i < n; i++) cycle(s);
}

uint64_t tsim_run_until_idle(tsim *s, uint64_t max_cycles)
{
    const uint64_t start = s->cycles;
    /* Polls STATUS through the register port like a driver would; the poll period bounds overshoot. */
    for (;;) {
        uint32_t st = 0;
        if (tsim_reg_read(s, TRITIUM_REG_STATUS, &st) != 0) break;
        if (!(st & TRITIUM_STATUS_BUSY)) break;
        if (s->cycles - start >= max_cycles) break;
        tsim_step(s, 16);
    }
    return s->cycles - start;
}

uint64_t tsim_cycles(const tsim *s) { return s->cycles; }

int tsim_irq(const tsim *s) { return s->p.irq; }

int tsim_mem_attach(tsim *s, uint64_t dev_addr, void *base, size_t bytes)
{
    if (!s || !base || bytes == 0) return -1;
    for (const region &r : s->regions)
        if (dev_addr < r.dev + r.bytes && dev_addr + bytes > r.dev) return -1;
    s->regions.push_back({dev_addr, static_cast<uint8_t *>(base), bytes});
    return 0;
}

int tsim_mem_detach(tsim *s, uint64_t dev_addr)
{
    for (size_t i = 0; i < s->regions.size(); i++)
        if (s->regions[i].dev == dev_addr) {
            s->regions.erase(s->regions.begin() + (long)i);
            return 0;
        }
    return -1;
}

void tsim_mem_config(tsim *s, const tsim_mem_cfg *cfg)
{
    if (cfg) s->mem = *cfg;
    s->tokens = 0.0;
}

void tsim_mem_inject_error(tsim *s, uint64_t lo, uint64_t hi)
{
    s->err_lo = lo;
    s->err_hi = hi;
}

void tsim_mem_fault(tsim *s, tsim_fault_kind kind, uint64_t after, uint32_t bit)
{
    s->fault = kind;
    s->fault_after = after;
    s->fault_bit = bit;
    s->struck = s->hung;
}

int tsim_mem_fault_struck(const tsim *s) { return s->struck ? 1 : 0; }

double tsim_wall_seconds(const tsim *s) { return s->wall; }

} /* extern "C" */
