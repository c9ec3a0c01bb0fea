/*
 * One verilated configuration behind the tsim_model interface. Compiled once per configuration with
 * -DTSIM_CFG=<name> and the include path of build/sim/<name>/ (model class V<name>).
 */
#include "sim/tsim_model.h"

#include <cstring>
#include <verilated.h>
#ifdef TSIM_TRACE
#include <verilated_fst_c.h>
#endif

#define TSIM_CAT2(a, b) a##b
#define TSIM_CAT(a, b) TSIM_CAT2(a, b)
#define TSIM_STR2(a) #a
#define TSIM_STR(a) TSIM_STR2(a)
#define TSIM_CLASS TSIM_CAT(V, TSIM_CFG)
#include TSIM_STR(TSIM_CAT(V, TSIM_CFG).h)

namespace {

/* Wide ports are VlWide<words>, 64-bit ports plain integers: two overloads cover both. */
/* Verilator stores a wide port as 32-bit words, least significant first: on a little-endian host
   that is the bus's byte order, so a port is copied whole. */
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "wide ports are copied as bytes");
template <std::size_t N> void put_bytes(VlWide<N> &port, const uint8_t *src, unsigned bytes)
{
    std::memcpy(port.data(), src, bytes);
}
inline void put_bytes(QData &port, const uint8_t *src, unsigned bytes)
{
    uint64_t v = 0;
    std::memcpy(&v, src, bytes < 8 ? bytes : 8);
    port = v;
}
template <std::size_t N> void get_bytes(const VlWide<N> &port, uint8_t *dst, unsigned bytes)
{
    std::memcpy(dst, port.data(), bytes);
}
/* Narrow ports (CData, SData, IData, QData) arrive widened. */
inline void get_bytes(uint64_t port, uint8_t *dst, unsigned bytes)
{
    std::memcpy(dst, &port, bytes < 8 ? bytes : 8);
}

class model final : public tsim_model {
public:
    model() : ctx_(new VerilatedContext), top_(new TSIM_CLASS(ctx_, "top"))
    {
        data_w_ = (unsigned)(sizeof(top_->m_axi_rdata_i) * 8);
    }
    ~model() override
    {
#ifdef TSIM_TRACE
        if (tfp_) {
            tfp_->close();
            delete tfp_;
        }
#endif
        top_->final();
        delete top_;
        delete ctx_;
    }
    unsigned data_w() const override { return data_w_; }

    bool open_trace(const char *path, std::string &err) override
    {
#ifdef TSIM_TRACE
        (void)err;
        ctx_->traceEverOn(true);
        tfp_ = new VerilatedFstC;
        top_->trace(tfp_, 99);
        tfp_->open(path);
        return true;
#else
        (void)path;
        err = "configuration " TSIM_STR(TSIM_CFG) " was built without tracing (use make sim-debug)";
        return false;
#endif
    }

    void eval_low(tsim_pins &p) override
    {
        top_->clk_i = 0;
        apply(p);
        top_->eval();
        fetch(p);
    }

    /* The falling edge is left to the next eval_low, which also applies the new inputs: two model
       evaluations per cycle instead of three. */
    void clock(tsim_pins &p) override
    {
        ctx_->timeInc(1);
        dump();
        top_->clk_i = 1;
        top_->eval();
        ctx_->timeInc(1);
        dump();
        fetch(p);
    }

private:
    void dump()
    {
#ifdef TSIM_TRACE
        if (tfp_) tfp_->dump(ctx_->time());
#endif
    }
    void apply(const tsim_pins &p)
    {
        top_->rst_ni = p.rst_n;
        top_->s_axil_awaddr_i = p.s_awaddr;
        top_->s_axil_awvalid_i = p.s_awvalid;
        top_->s_axil_wdata_i = p.s_wdata;
        top_->s_axil_wstrb_i = p.s_wstrb;
        top_->s_axil_wvalid_i = p.s_wvalid;
        top_->s_axil_bready_i = p.s_bready;
        top_->s_axil_araddr_i = p.s_araddr;
        top_->s_axil_arvalid_i = p.s_arvalid;
        top_->s_axil_rready_i = p.s_rready;
        top_->m_axi_awready_i = p.m_awready;
        top_->m_axi_wready_i = p.m_wready;
        top_->m_axi_bresp_i = p.m_bresp;
        top_->m_axi_bvalid_i = p.m_bvalid;
        top_->m_axi_arready_i = p.m_arready;
        /* Data is copied only with its VALID: the device ignores it otherwise, and it is the widest pin. */
        if (p.m_rvalid) put_bytes(top_->m_axi_rdata_i, p.m_rdata, data_w_ / 8);
        top_->m_axi_rresp_i = p.m_rresp;
        top_->m_axi_rlast_i = p.m_rlast;
        top_->m_axi_rvalid_i = p.m_rvalid;
    }
    void fetch(tsim_pins &p)
    {
        p.s_awready = top_->s_axil_awready_o;
        p.s_wready = top_->s_axil_wready_o;
        p.s_bresp = top_->s_axil_bresp_o;
        p.s_bvalid = top_->s_axil_bvalid_o;
        p.s_arready = top_->s_axil_arready_o;
        p.s_rdata = top_->s_axil_rdata_o;
        p.s_rresp = top_->s_axil_rresp_o;
        p.s_rvalid = top_->s_axil_rvalid_o;
        p.m_awaddr = top_->m_axi_awaddr_o;
        p.m_awlen = top_->m_axi_awlen_o;
        p.m_awsize = top_->m_axi_awsize_o;
        p.m_awvalid = top_->m_axi_awvalid_o;
        p.m_wlast = top_->m_axi_wlast_o;
        p.m_wvalid = top_->m_axi_wvalid_o;
        if (p.m_wvalid) {
            get_bytes(top_->m_axi_wdata_o, p.m_wdata, data_w_ / 8);
            get_bytes(top_->m_axi_wstrb_o, p.m_wstrb, (data_w_ / 8 + 7) / 8);
        }
        p.m_bready = top_->m_axi_bready_o;
        p.m_araddr = top_->m_axi_araddr_o;
        p.m_arlen = top_->m_axi_arlen_o;
        p.m_arsize = top_->m_axi_arsize_o;
        p.m_arvalid = top_->m_axi_arvalid_o;
        p.m_rready = top_->m_axi_rready_o;
        p.irq = top_->irq_o;
    }

    VerilatedContext *ctx_;
    TSIM_CLASS *top_;
    unsigned data_w_ = 0;
#ifdef TSIM_TRACE
    VerilatedFstC *tfp_ = nullptr;
#endif
};

} // namespace

/* The shared object's entry points (found with dlsym by sim/tsim.cpp). */
extern "C" {
tsim_model *tsim_model_new(void) { return new model; }
/* What this model was built from; the loader rebuilds a model whose stamp differs from its own. */
const char *tsim_model_stamp(void) { return TSIM_STAMP; }
}
