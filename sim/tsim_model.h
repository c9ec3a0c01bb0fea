/*
 * Internal interface between the generic simulator shim (tsim.cpp) and one verilated configuration
 * (tsim_model.cpp compiled once per configuration with its own Verilator prefix). Pins are copied
 * in before and out after every evaluation so the generic code never sees Verilator port types.
 */
#ifndef TSIM_MODEL_H
#define TSIM_MODEL_H

#include <cstdint>
#include <string>

#include "tritium_regs.h"

/* Bytes of the widest AXI data bus the description allows: the pins below hold any configuration. */
#define TSIM_MAX_BUS_BYTES (TRITIUM_PARAM_DATA_W_MAX / 8u)

struct tsim_pins {
    /* inputs to tritium_top */
    uint8_t rst_n = 0;
    uint32_t s_awaddr = 0, s_wdata = 0, s_araddr = 0;
    uint8_t s_awvalid = 0, s_wvalid = 0, s_wstrb = 0, s_bready = 0, s_arvalid = 0, s_rready = 0;
    uint8_t m_awready = 0, m_wready = 0, m_bresp = 0, m_bvalid = 0, m_arready = 0;
    uint8_t m_rresp = 0, m_rlast = 0, m_rvalid = 0;
    uint8_t m_rdata[TSIM_MAX_BUS_BYTES] = {0};
    /* outputs of tritium_top */
    uint8_t s_awready = 0, s_wready = 0, s_bresp = 0, s_bvalid = 0, s_arready = 0, s_rresp = 0, s_rvalid = 0;
    uint32_t s_rdata = 0;
    uint64_t m_awaddr = 0, m_araddr = 0;
    uint8_t m_wstrb[TSIM_MAX_BUS_BYTES / 8] = {0}; /* bit i of byte i / 8: byte lane i */
    uint8_t m_awlen = 0, m_awsize = 0, m_awvalid = 0, m_wlast = 0, m_wvalid = 0, m_bready = 0;
    uint8_t m_arlen = 0, m_arsize = 0, m_arvalid = 0, m_rready = 0, irq = 0;
    uint8_t m_wdata[TSIM_MAX_BUS_BYTES] = {0};
};

class tsim_model {
public:
    virtual ~tsim_model() {}
    /* Applies inputs and settles combinational logic with the clock low, then copies outputs. */
    virtual void eval_low(tsim_pins &p) = 0;
    /* Rising clock edge (the clock returns low in the next eval_low); copies the outputs after it. */
    virtual void clock(tsim_pins &p) = 0;
    virtual unsigned data_w() const = 0;
    virtual bool open_trace(const char *path, std::string &err) = 0;
};

/* Entry points of a model's shared object. The stamp (TSIM_STAMP, set by sim/sim.mk) names the RTL,
 * the description and this interface the model was built from: the loader and the model must agree. */
typedef tsim_model *(*tsim_model_new_fn)(void);
typedef const char *(*tsim_model_stamp_fn)(void);

#endif
