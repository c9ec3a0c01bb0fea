// The accelerator as a SystemC module (issue 15): a TLM-2.0 target socket for its registers (the map
// of build/gen/tritium_regs.h), an initiator socket for its DMA, and a job thread that runs a command
// as one loosely-timed step: it reads W and X through the DMA socket (DMI where the memory grants
// it), has the backend's compute function (the CPU kernels) produce Y, asks the timing model for the
// command's PERF_* counters and how it ends (a fault, with the bursts the RTL would still have
// written), waits that many cycles, then writes Y through the socket as the RTL's write bursts would.
// Every hardware parameter is set by configure() at run time, so one elaborated module serves any
// configuration (docs/tlm.md).
#ifndef TLM_DEV_H
#define TLM_DEV_H

#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <vector>

#include "sim/tlm/tlm_timing.h"
#include "sim/tlm/tlm_timing_cache.h"
#include "sim/tlm/tlm_world.h"
#include "tritium_regs.h"

class tlm_mem_target;

class tlm_dev : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<tlm_dev> regs;
    tlm_utils::simple_initiator_socket<tlm_dev> dma;

    tlm_dev(sc_core::sc_module_name name, const tlm_mem_target *mem);
    ~tlm_dev() override;

    // A new configuration (or the same): the device as after reset. wformats: CFG_WFORMATS.
    void configure(const tlm_hw &hw, uint32_t addr_w, uint32_t wformats, tlm_compute_fn fn, void *ctx);
    bool busy() const { return busy_; }
    // When the running job ends, once its thread has timed it (SC_ZERO_TIME before: not known yet).
    sc_core::sc_time done_at() const { return done_at_; }
    sc_core::sc_time period() const { return period_; }

private:
    enum { NREG = TRITIUM_REG_BYTES / 4 };
    tlm_hw hw_{};
    uint32_t addr_w_ = 32, wformats_ = 1;
    tlm_compute_fn fn_ = nullptr;
    void *ctx_ = nullptr;
    const tlm_mem_target *mem_;
    uint32_t reg_[NREG] = {};
    uint64_t perf_[TRITIUM_NPERF] = {};
    uint64_t cycles_base_ = 0; // PERF_CYCLES counts from here
    bool busy_ = false, start_pending_ = false;
    uint64_t job_gen_ = 0; // a soft reset during a job moves it on: the job is abandoned
    sc_core::sc_event start_ev_, abort_ev_;
    sc_core::sc_time period_{5, sc_core::SC_NS}; // 200 MHz; cycles are what the model reports
    sc_core::sc_time done_at_ = sc_core::SC_ZERO_TIME;
    tlm_timing_cache *cache_;
    struct segment {
        uint32_t n, m, count;
    };
    std::vector<segment> wrote_; // the write bursts of the job, in order
    std::vector<uint8_t> wbuf_;  // W when it cannot be read in place
    std::vector<int32_t> ybuf_;

    void reset();
    void regs_b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    uint32_t reg_read(uint32_t off);
    // false when the RTL answers SLVERR: a read-only or unmapped offset, or a window under a running job
    bool reg_write(uint32_t off, uint32_t v);
    uint32_t check_cmd() const;
    tlm::tlm_response_status dma_access(bool write, uint64_t addr, void *data, uint32_t len);
    const uint8_t *dma_read(uint64_t addr, uint64_t len, std::vector<uint8_t> &copy);
    static int burst_err_cb(void *ctx, uint64_t addr, uint64_t len, int write);
    static void wrote_cb(void *ctx, uint32_t n, uint32_t m, uint32_t count);
    void job_outside(const tlm_cmd &c, tlm_faults &f, uint64_t gen);
    void add_perf(const tlm_perf &p);
    uint64_t stream_bytes(const tlm_cmd &c) const;
    void job();
    void finish(uint32_t err, uint64_t err_addr);
};

#endif
