// iCE40 timing top: tritium_top with its bus inputs on pins and its ~200 output bits folded into
// OUT_PINS registered pins (pin p is the XOR of outputs p, p + OUT_PINS, ...), so that a small part's
// I/O (256 on an hx8k) holds it and nothing is optimized away. It is for place and route and timing
// (make fpga-ice40): the outputs are not usable as a bus. A board would put the AXI4 master on a
// memory controller inside the FPGA and the register port behind a host link instead.
module tritium_ice40 #(
  // tritium_top's parameters (hw/tritium.toml), set by the flow with chparam.
  parameter int ROWS      = 8,     // array rows
  parameter int COLS      = 4,     // array columns
  parameter int DATA_W    = 64,    // AXI4 master data width in bits
  parameter int ADDR_W    = 32,    // AXI4 master address width in bits
  parameter int ACT_BYTES = 1024,  // activation buffer bytes
  parameter int WGT_BYTES = 512,   // weight staging FIFO bytes
  parameter int ACC_WORDS = 64,    // int32 accumulator words
  parameter int RD_BURSTS = 2,     // AXI read bursts in flight
  parameter int WR_BURSTS = 2,     // AXI write bursts awaiting B
  parameter int WFORMATS  = 1,     // weight-stream formats decoded
  parameter int OUT_PINS  = 32     // pins the outputs are folded into
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [11:0]         s_axil_awaddr_i,
  input  logic                s_axil_awvalid_i,
  input  logic [31:0]         s_axil_wdata_i,
  input  logic [3:0]          s_axil_wstrb_i,
  input  logic                s_axil_wvalid_i,
  input  logic                s_axil_bready_i,
  input  logic [11:0]         s_axil_araddr_i,
  input  logic                s_axil_arvalid_i,
  input  logic                s_axil_rready_i,
  input  logic                m_axi_awready_i,
  input  logic                m_axi_wready_i,
  input  logic [1:0]          m_axi_bresp_i,
  input  logic                m_axi_bvalid_i,
  input  logic                m_axi_arready_i,
  input  logic [DATA_W-1:0]   m_axi_rdata_i,
  input  logic [1:0]          m_axi_rresp_i,
  input  logic                m_axi_rlast_i,
  input  logic                m_axi_rvalid_i,
  output logic [OUT_PINS-1:0] fold_o
);
  // Every output of tritium_top, in one vector (a miscount leaves bits undriven or out of range, which
  // the flow's verilator -Wall refuses).
  localparam int NOUT = 1 + 1 + 2 + 1 + 1 + 32 + 2 + 1                          // AXI4-Lite
                      + 2 * (ADDR_W + 8 + 3 + 2 + 1)                            // AW, AR
                      + DATA_W + DATA_W / 8 + 1 + 1 + 1 + 1                     // W, BREADY, RREADY
                      + 1;                                                      // irq
  logic [NOUT-1:0]     outs;
  logic [OUT_PINS-1:0] fold_d, fold_q;

  tritium_top #(
    .ROWS(ROWS), .COLS(COLS), .DATA_W(DATA_W), .ADDR_W(ADDR_W), .ACT_BYTES(ACT_BYTES),
    .WGT_BYTES(WGT_BYTES), .ACC_WORDS(ACC_WORDS), .RD_BURSTS(RD_BURSTS), .WR_BURSTS(WR_BURSTS),
    .WFORMATS(WFORMATS)
  ) u_top (
    .clk_i, .rst_ni,
    .s_axil_awaddr_i, .s_axil_awvalid_i, .s_axil_awready_o(outs[0]),
    .s_axil_wdata_i, .s_axil_wstrb_i, .s_axil_wvalid_i, .s_axil_wready_o(outs[1]),
    .s_axil_bresp_o(outs[3:2]), .s_axil_bvalid_o(outs[4]), .s_axil_bready_i,
    .s_axil_araddr_i, .s_axil_arvalid_i, .s_axil_arready_o(outs[5]),
    .s_axil_rdata_o(outs[37:6]), .s_axil_rresp_o(outs[39:38]), .s_axil_rvalid_o(outs[40]), .s_axil_rready_i,
    .m_axi_awaddr_o (outs[41 +: ADDR_W]),
    .m_axi_awlen_o  (outs[41 + ADDR_W +: 8]),
    .m_axi_awsize_o (outs[49 + ADDR_W +: 3]),
    .m_axi_awburst_o(outs[52 + ADDR_W +: 2]),
    .m_axi_awvalid_o(outs[54 + ADDR_W]),
    .m_axi_awready_i,
    .m_axi_wdata_o  (outs[55 + ADDR_W +: DATA_W]),
    .m_axi_wstrb_o  (outs[55 + ADDR_W + DATA_W +: DATA_W / 8]),
    .m_axi_wlast_o  (outs[55 + ADDR_W + DATA_W + DATA_W / 8]),
    .m_axi_wvalid_o (outs[56 + ADDR_W + DATA_W + DATA_W / 8]),
    .m_axi_wready_i,
    .m_axi_bresp_i, .m_axi_bvalid_i,
    .m_axi_bready_o (outs[57 + ADDR_W + DATA_W + DATA_W / 8]),
    .m_axi_araddr_o (outs[58 + ADDR_W + DATA_W + DATA_W / 8 +: ADDR_W]),
    .m_axi_arlen_o  (outs[58 + 2 * ADDR_W + DATA_W + DATA_W / 8 +: 8]),
    .m_axi_arsize_o (outs[66 + 2 * ADDR_W + DATA_W + DATA_W / 8 +: 3]),
    .m_axi_arburst_o(outs[69 + 2 * ADDR_W + DATA_W + DATA_W / 8 +: 2]),
    .m_axi_arvalid_o(outs[71 + 2 * ADDR_W + DATA_W + DATA_W / 8]),
    .m_axi_arready_i,
    .m_axi_rdata_i, .m_axi_rresp_i, .m_axi_rlast_i, .m_axi_rvalid_i,
    .m_axi_rready_o (outs[72 + 2 * ADDR_W + DATA_W + DATA_W / 8]),
    .irq_o          (outs[73 + 2 * ADDR_W + DATA_W + DATA_W / 8])
  );

  always_comb begin
    fold_d = '0;
    for (int i = 0; i < NOUT; i++) fold_d[i % OUT_PINS] = fold_d[i % OUT_PINS] ^ outs[i];
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) fold_q <= '0;
    else fold_q <= fold_d;
  end
  assign fold_o = fold_q;
endmodule
