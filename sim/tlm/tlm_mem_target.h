// The memory / interconnect target of the fast model: host regions attached at device addresses,
// DECERR (TLM_ADDRESS_ERROR_RESPONSE) for an access outside every region, SLVERR
// (TLM_GENERIC_ERROR_RESPONSE) for one touching the injected range, as sim/tsim.cpp's memory. Its
// speed is the harness's tsim_mem_cfg (bytes per cycle, latency); the cycles it costs are counted by
// the timing model (tlm_timing.h), which asks burst_err() how the memory answers each burst:
// b_transport moves data and adds no delay. Direct memory interface (DMI) pointers are granted for a
// region the injected range does not touch.
#ifndef TLM_MEM_TARGET_H
#define TLM_MEM_TARGET_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/tlm/tlm_timing.h"

class tlm_mem_target : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<tlm_mem_target> socket;

    explicit tlm_mem_target(sc_core::sc_module_name name);

    int attach(uint64_t dev, void *host, size_t bytes);
    // 0 OKAY, 2 SLVERR (touches the injected range), 3 DECERR (not inside one region): sim/tsim.cpp's
    // classify() for a burst of len bytes at addr.
    int burst_err(uint64_t addr, uint64_t len) const;
    int detach(uint64_t dev);
    void detach_all();
    void inject_error(uint64_t lo, uint64_t hi) { err_lo_ = lo, err_hi_ = hi; }
    void set_speed(uint32_t bytes_per_cycle, uint32_t latency) { speed_ = {bytes_per_cycle, latency, 0}; }
    const tlm_mem &speed() const { return speed_; }

private:
    struct region {
        uint64_t dev;
        uint8_t *host;
        size_t bytes;
    };
    std::vector<region> regions_;
    uint64_t err_lo_ = 0, err_hi_ = 0;
    tlm_mem speed_ = {0, 0, 0};

    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi);
    const region *find(uint64_t addr, uint64_t len) const;
};

#endif
