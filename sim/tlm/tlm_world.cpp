// The fast model's module tree and its C interface (tlm_world.h).
#include "sim/tlm/tlm_world.h"
#include "sim/tlm/tlm_dev.h"
#include "sim/tlm/tlm_mem_target.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

// libsystemc.so wants the symbol; programs that embed the model keep their own main (TOOLCHAIN.md).
int sc_main(int, char **) { return 0; }

namespace {

// One device slot: the accelerator, its memory, and the host's port to its registers.
struct slot : sc_core::sc_module {
    tlm_mem_target mem;
    tlm_dev dev;
    tlm_utils::simple_initiator_socket<slot> host;
    bool used = false;

    explicit slot(sc_core::sc_module_name name) : sc_core::sc_module(name), mem("mem"), dev("dev", &mem), host("host")
    {
        dev.dma.bind(mem.socket);
        host.bind(dev.regs);
    }
};

std::vector<std::unique_ptr<slot>> &slots()
{
    static std::vector<std::unique_ptr<slot>> s;
    return s;
}

// Built once, before the first sc_start: the size of the tree is fixed from then on.
void build()
{
    if (!slots().empty()) return;
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); // libraries do not print
    const char *e = std::getenv("TRITIUM_TLM_SLOTS");
    long n = e ? std::strtol(e, nullptr, 10) : 4;
    if (n < 1 || n > 64) n = 4;
    for (long i = 0; i < n; i++) slots().push_back(std::make_unique<slot>(("tritium" + std::to_string(i)).c_str()));
}

int reg_access(slot *s, bool write, uint32_t off, uint32_t *v)
{
    tlm::tlm_generic_payload gp;
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(off);
    gp.set_data_ptr(reinterpret_cast<unsigned char *>(v));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    s->host->b_transport(gp, d);
    return gp.is_response_ok() ? 0 : -1;
}

} // namespace

struct tlm_world_dev {
    slot *s;
    tlm_hw hw;
    uint32_t addr_w, wformats;
    tlm_compute_fn fn;
    void *ctx;
    sc_core::sc_time opened;
};

extern "C" {

tlm_world_dev *tlm_world_open(const tlm_hw *hw, uint32_t addr_w, uint32_t wformats, tlm_compute_fn fn, void *ctx,
                              char *err, size_t errlen)
{
    build();
    for (auto &s : slots()) {
        if (s->used) continue;
        s->used = true;
        s->mem.detach_all();
        s->mem.set_speed(0, 0);
        s->dev.configure(*hw, addr_w, wformats, fn, ctx);
        return new tlm_world_dev{s.get(), *hw, addr_w, wformats, fn, ctx, sc_core::sc_time_stamp()};
    }
    if (err && errlen)
        std::snprintf(err, errlen, "all %zu devices of the tlm model are open (TRITIUM_TLM_SLOTS sets how many)",
                      slots().size());
    return nullptr;
}

void tlm_world_close(tlm_world_dev *d)
{
    if (!d) return;
    d->s->dev.configure(tlm_hw{}, 32, 1, nullptr, nullptr); // abandons a job in flight, as a reset does
    d->s->mem.detach_all();
    d->s->used = false;
    delete d;
}

unsigned tlm_world_slots(void) { return (unsigned)slots().size(); }

int tlm_world_reg_read(tlm_world_dev *d, uint32_t off, uint32_t *value) { return reg_access(d->s, false, off, value); }

int tlm_world_reg_write(tlm_world_dev *d, uint32_t off, uint32_t value) { return reg_access(d->s, true, off, &value); }

uint64_t tlm_world_wait(tlm_world_dev *d, uint64_t max_cycles)
{
    using namespace sc_core;
    const sc_time p = d->s->dev.period(), t0 = sc_time_stamp();
    const sc_time end = t0 + p * (double)max_cycles;
    // The kernel runs to the device's end of job (known once its thread has timed the command), then
    // the deltas there; other slots' jobs run meanwhile: they share the time.
    while (d->s->dev.busy() && sc_time_stamp() < end) {
        const sc_time now = sc_time_stamp(), done = d->s->dev.done_at();
        if (done > now) sc_start(std::min(done, end) - now);
        else if (sc_pending_activity_at_current_time()) sc_start(SC_ZERO_TIME);
        else if (sc_pending_activity()) sc_start(std::min(sc_time_to_pending_activity(), end - now));
        else break; // nothing will happen any more
    }
    return (uint64_t)((sc_time_stamp() - t0) / p);
}

uint64_t tlm_world_cycles(const tlm_world_dev *d)
{
    return (uint64_t)((sc_core::sc_time_stamp() - d->opened) / d->s->dev.period());
}

void tlm_world_reset(tlm_world_dev *d) { d->s->dev.configure(d->hw, d->addr_w, d->wformats, d->fn, d->ctx); }

int tlm_world_mem_attach(tlm_world_dev *d, uint64_t dev_addr, void *host, size_t bytes)
{
    return d->s->mem.attach(dev_addr, host, bytes);
}

int tlm_world_mem_detach(tlm_world_dev *d, uint64_t dev_addr) { return d->s->mem.detach(dev_addr); }

void tlm_world_mem_speed(tlm_world_dev *d, uint32_t bytes_per_cycle, uint32_t latency)
{
    d->s->mem.set_speed(bytes_per_cycle, latency);
}

void tlm_world_mem_inject_error(tlm_world_dev *d, uint64_t lo, uint64_t hi) { d->s->mem.inject_error(lo, hi); }

} // extern "C"
