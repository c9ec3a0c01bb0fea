// tritium on the Kria KV260 (docs/fpga.md): tritium_top behind the Zynq UltraScale+ PS, as a Vivado IP
// integrator module reference (Verilog: module references take no SystemVerilog top). Ports follow
// the names Vivado infers interfaces from: s_axi_* (AXI4-Lite registers, from M_AXI_HPM0_FPD),
// m_axi_* (AXI4 DMA master, to S_AXI_HP0_FPD), aclk / aresetn, irq (to pl_ps_irq0).
// The configuration's parameters come from tritium_kv260_params.vh, generated from hw/tritium.toml by
// `make fpga-kv260 CONFIG=<name>` (fpga/kv260/kv260.mk): they are written once, in the description.
`include "tritium_kv260_params.vh"

module tritium_kv260 (
    (* X_INTERFACE_INFO = "xilinx.com:signal:clock:1.0 aclk CLK" *)
    (* X_INTERFACE_PARAMETER = "ASSOCIATED_BUSIF s_axi:m_axi, ASSOCIATED_RESET aresetn" *)
    input  wire                         aclk,
    (* X_INTERFACE_INFO = "xilinx.com:signal:reset:1.0 aresetn RST" *)
    (* X_INTERFACE_PARAMETER = "POLARITY ACTIVE_LOW" *)
    input  wire                         aresetn,
    // AXI4-Lite slave: the 4 KB register file
    input  wire [11:0]                  s_axi_awaddr,
    input  wire [2:0]                   s_axi_awprot,
    input  wire                         s_axi_awvalid,
    output wire                         s_axi_awready,
    input  wire [31:0]                  s_axi_wdata,
    input  wire [3:0]                   s_axi_wstrb,
    input  wire                         s_axi_wvalid,
    output wire                         s_axi_wready,
    output wire [1:0]                   s_axi_bresp,
    output wire                         s_axi_bvalid,
    input  wire                         s_axi_bready,
    input  wire [11:0]                  s_axi_araddr,
    input  wire [2:0]                   s_axi_arprot,
    input  wire                         s_axi_arvalid,
    output wire                         s_axi_arready,
    output wire [31:0]                  s_axi_rdata,
    output wire [1:0]                   s_axi_rresp,
    output wire                         s_axi_rvalid,
    input  wire                         s_axi_rready,
    // AXI4 master: DMA into the PS's DDR (one ID, incrementing bursts)
    output wire [`TK_ADDR_W-1:0]        m_axi_awaddr,
    output wire [7:0]                   m_axi_awlen,
    output wire [2:0]                   m_axi_awsize,
    output wire [1:0]                   m_axi_awburst,
    output wire [3:0]                   m_axi_awcache,
    output wire [2:0]                   m_axi_awprot,
    output wire                         m_axi_awlock,
    output wire [3:0]                   m_axi_awqos,
    output wire                         m_axi_awvalid,
    input  wire                         m_axi_awready,
    output wire [`TK_DATA_W-1:0]        m_axi_wdata,
    output wire [`TK_DATA_W/8-1:0]      m_axi_wstrb,
    output wire                         m_axi_wlast,
    output wire                         m_axi_wvalid,
    input  wire                         m_axi_wready,
    input  wire [1:0]                   m_axi_bresp,
    input  wire                         m_axi_bvalid,
    output wire                         m_axi_bready,
    output wire [`TK_ADDR_W-1:0]        m_axi_araddr,
    output wire [7:0]                   m_axi_arlen,
    output wire [2:0]                   m_axi_arsize,
    output wire [1:0]                   m_axi_arburst,
    output wire [3:0]                   m_axi_arcache,
    output wire [2:0]                   m_axi_arprot,
    output wire                         m_axi_arlock,
    output wire [3:0]                   m_axi_arqos,
    output wire                         m_axi_arvalid,
    input  wire                         m_axi_arready,
    input  wire [`TK_DATA_W-1:0]        m_axi_rdata,
    input  wire [1:0]                   m_axi_rresp,
    input  wire                         m_axi_rlast,
    input  wire                         m_axi_rvalid,
    output wire                         m_axi_rready,
    (* X_INTERFACE_INFO = "xilinx.com:signal:interrupt:1.0 irq INTERRUPT" *)
    (* X_INTERFACE_PARAMETER = "SENSITIVITY LEVEL_HIGH" *)
    output wire                         irq
);
  // Normal non-cacheable bufferable memory, unprivileged, no exclusive access, no QoS: the buffers live
  // in a u-dma-buf region that the driver synchronizes by hand (docs/fpga.md).
  assign m_axi_awcache = 4'b0011;
  assign m_axi_arcache = 4'b0011;
  assign m_axi_awprot  = 3'b000;
  assign m_axi_arprot  = 3'b000;
  assign m_axi_awlock  = 1'b0;
  assign m_axi_arlock  = 1'b0;
  assign m_axi_awqos   = 4'b0000;
  assign m_axi_arqos   = 4'b0000;

  // The register file ignores AXI protection bits.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [5:0] unused_prot = {s_axi_awprot, s_axi_arprot};
  /* verilator lint_on UNUSEDSIGNAL */

  tritium_top #(
    .ROWS      (`TK_ROWS),
    .COLS      (`TK_COLS),
    .DATA_W    (`TK_DATA_W),
    .ADDR_W    (`TK_ADDR_W),
    .ACT_BYTES (`TK_ACT_BYTES),
    .WGT_BYTES (`TK_WGT_BYTES),
    .ACC_WORDS (`TK_ACC_WORDS),
    .RD_BURSTS (`TK_RD_BURSTS),
    .WR_BURSTS (`TK_WR_BURSTS),
    .WFORMATS  (`TK_WFORMATS)
  ) u_tritium (
    .clk_i            (aclk),
    .rst_ni           (aresetn),
    .s_axil_awaddr_i  (s_axi_awaddr),
    .s_axil_awvalid_i (s_axi_awvalid),
    .s_axil_awready_o (s_axi_awready),
    .s_axil_wdata_i   (s_axi_wdata),
    .s_axil_wstrb_i   (s_axi_wstrb),
    .s_axil_wvalid_i  (s_axi_wvalid),
    .s_axil_wready_o  (s_axi_wready),
    .s_axil_bresp_o   (s_axi_bresp),
    .s_axil_bvalid_o  (s_axi_bvalid),
    .s_axil_bready_i  (s_axi_bready),
    .s_axil_araddr_i  (s_axi_araddr),
    .s_axil_arvalid_i (s_axi_arvalid),
    .s_axil_arready_o (s_axi_arready),
    .s_axil_rdata_o   (s_axi_rdata),
    .s_axil_rresp_o   (s_axi_rresp),
    .s_axil_rvalid_o  (s_axi_rvalid),
    .s_axil_rready_i  (s_axi_rready),
    .m_axi_awaddr_o   (m_axi_awaddr),
    .m_axi_awlen_o    (m_axi_awlen),
    .m_axi_awsize_o   (m_axi_awsize),
    .m_axi_awburst_o  (m_axi_awburst),
    .m_axi_awvalid_o  (m_axi_awvalid),
    .m_axi_awready_i  (m_axi_awready),
    .m_axi_wdata_o    (m_axi_wdata),
    .m_axi_wstrb_o    (m_axi_wstrb),
    .m_axi_wlast_o    (m_axi_wlast),
    .m_axi_wvalid_o   (m_axi_wvalid),
    .m_axi_wready_i   (m_axi_wready),
    .m_axi_bresp_i    (m_axi_bresp),
    .m_axi_bvalid_i   (m_axi_bvalid),
    .m_axi_bready_o   (m_axi_bready),
    .m_axi_araddr_o   (m_axi_araddr),
    .m_axi_arlen_o    (m_axi_arlen),
    .m_axi_arsize_o   (m_axi_arsize),
    .m_axi_arburst_o  (m_axi_arburst),
    .m_axi_arvalid_o  (m_axi_arvalid),
    .m_axi_arready_i  (m_axi_arready),
    .m_axi_rdata_i    (m_axi_rdata),
    .m_axi_rresp_i    (m_axi_rresp),
    .m_axi_rlast_i    (m_axi_rlast),
    .m_axi_rvalid_i   (m_axi_rvalid),
    .m_axi_rready_o   (m_axi_rready),
    .irq_o            (irq)
  );
endmodule
