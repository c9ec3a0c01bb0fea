// The fast model's memory target (tlm_mem_target.h).
#include "sim/tlm/tlm_mem_target.h"

#include <cstring>

tlm_mem_target::tlm_mem_target(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket")
{
    socket.register_b_transport(this, &tlm_mem_target::b_transport);
    socket.register_get_direct_mem_ptr(this, &tlm_mem_target::get_direct_mem_ptr);
}

const tlm_mem_target::region *tlm_mem_target::find(uint64_t addr, uint64_t len) const
{
    for (const region &r : regions_)
        if (addr >= r.dev && addr + len <= r.dev + r.bytes) return &r;
    return nullptr;
}

int tlm_mem_target::burst_err(uint64_t addr, uint64_t len) const
{
    if (err_lo_ < err_hi_ && addr < err_hi_ && addr + len > err_lo_) return 2;
    return find(addr, len) ? 0 : 3;
}

bool tlm_mem_target::get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
{
    const uint64_t a = gp.get_address();
    for (const region &r : regions_) {
        if (a < r.dev || a >= r.dev + r.bytes) continue;
        if (err_lo_ < err_hi_ && r.dev < err_hi_ && r.dev + r.bytes > err_lo_) break; // errors need b_transport
        dmi.set_dmi_ptr(r.host);
        dmi.set_start_address(r.dev);
        dmi.set_end_address(r.dev + r.bytes - 1);
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ_WRITE);
        dmi.set_read_latency(sc_core::SC_ZERO_TIME);
        dmi.set_write_latency(sc_core::SC_ZERO_TIME);
        return true;
    }
    return false;
}

int tlm_mem_target::attach(uint64_t dev, void *host, size_t bytes)
{
    if (!host || !bytes) return -1;
    for (const region &r : regions_)
        if (dev < r.dev + r.bytes && dev + bytes > r.dev) return -1;
    regions_.push_back({dev, static_cast<uint8_t *>(host), bytes});
    return 0;
}

int tlm_mem_target::detach(uint64_t dev)
{
    for (size_t i = 0; i < regions_.size(); i++)
        if (regions_[i].dev == dev) {
            regions_.erase(regions_.begin() + static_cast<long>(i));
            return 0;
        }
    return -1;
}

void tlm_mem_target::detach_all()
{
    regions_.clear();
    err_lo_ = err_hi_ = 0;
}

void tlm_mem_target::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
{
    (void)delay; // cycles are the timing model's
    const uint64_t a = gp.get_address(), len = gp.get_data_length();
    if (err_lo_ < err_hi_ && a < err_hi_ && a + len > err_lo_) {
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    if (const region *rp = find(a, len)) {
        const region &r = *rp;
        uint8_t *h = r.host + (a - r.dev);
        unsigned char *d = gp.get_data_ptr();
        const unsigned char *be = gp.get_byte_enable_ptr();
        const unsigned bel = gp.get_byte_enable_length();
        if (gp.is_read()) {
            std::memcpy(d, h, len);
        } else if (gp.is_write()) {
            for (uint64_t i = 0; i < len; i++)
                if (!be || be[i % bel] == TLM_BYTE_ENABLED) h[i] = d[i];
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
}
