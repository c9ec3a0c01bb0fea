// tritium accelerator top: AXI4-Lite control slave, AXI4 master for weights, activations and results,
// and a completion/error interrupt. See docs/hardware.md for the block diagram and the rules a
// command must follow.
module tritium_top #(
  // The parameters, their ranges and the rules tying them together are described once, in
  // hw/tritium.toml; an illegal set stops elaboration naming the rule (tritium_cfg_check.svh below).
  parameter int ROWS      = 16,     // array rows: the K extent of a weight tile
  parameter int COLS      = 16,     // array columns: the M extent of a weight tile
  parameter int DATA_W    = 256,    // AXI4 master data width in bits
  parameter int ADDR_W    = 32,     // AXI4 master address width in bits
  parameter int ACT_BYTES = 32768,  // activation buffer bytes; the largest K is ACT_BYTES
  parameter int WGT_BYTES = 8192,   // weight staging FIFO bytes; bounds the weight bytes in flight
  parameter int ACC_WORDS = 1024,   // int32 accumulator words; the largest N tile is ACC_WORDS / COLS
  parameter int RD_BURSTS = 8,      // AXI read bursts in flight
  parameter int WR_BURSTS = 8,      // AXI write bursts awaiting their B response
  parameter int WFORMATS  = 3       // weight-stream formats decoded: bit 0 2-bit codes, bit 1 base-3 bytes
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  input  logic [11:0]         s_axil_awaddr_i,
  input  logic                s_axil_awvalid_i,
  output logic                s_axil_awready_o,
  input  logic [31:0]         s_axil_wdata_i,
  input  logic [3:0]          s_axil_wstrb_i,
  input  logic                s_axil_wvalid_i,
  output logic                s_axil_wready_o,
  output logic [1:0]          s_axil_bresp_o,
  output logic                s_axil_bvalid_o,
  input  logic                s_axil_bready_i,
  input  logic [11:0]         s_axil_araddr_i,
  input  logic                s_axil_arvalid_i,
  output logic                s_axil_arready_o,
  output logic [31:0]         s_axil_rdata_o,
  output logic [1:0]          s_axil_rresp_o,
  output logic                s_axil_rvalid_o,
  input  logic                s_axil_rready_i,

  output logic [ADDR_W-1:0]   m_axi_awaddr_o,
  output logic [7:0]          m_axi_awlen_o,
  output logic [2:0]          m_axi_awsize_o,
  output logic [1:0]          m_axi_awburst_o,
  output logic                m_axi_awvalid_o,
  input  logic                m_axi_awready_i,
  output logic [DATA_W-1:0]   m_axi_wdata_o,
  output logic [DATA_W/8-1:0] m_axi_wstrb_o,
  output logic                m_axi_wlast_o,
  output logic                m_axi_wvalid_o,
  input  logic                m_axi_wready_i,
  input  logic [1:0]          m_axi_bresp_i,
  input  logic                m_axi_bvalid_i,
  output logic                m_axi_bready_o,
  output logic [ADDR_W-1:0]   m_axi_araddr_o,
  output logic [7:0]          m_axi_arlen_o,
  output logic [2:0]          m_axi_arsize_o,
  output logic [1:0]          m_axi_arburst_o,
  output logic                m_axi_arvalid_o,
  input  logic                m_axi_arready_i,
  input  logic [DATA_W-1:0]   m_axi_rdata_i,
  input  logic [1:0]          m_axi_rresp_i,
  input  logic                m_axi_rlast_i,
  input  logic                m_axi_rvalid_i,
  output logic                m_axi_rready_o,

  output logic                irq_o
);
  logic        start, abort, busy, done, err;
  logic [63:0] cmd_w, cmd_x, cmd_y, err_addr;
  logic [31:0] cmd_m, cmd_k, cmd_n, cmd_xs, cmd_ys, cmd_flags, err_code;
  logic [383:0] cmd_win;
  logic        ev_compute, ev_rd_beat, ev_wr_beat, ev_stall_wgt, ev_stall_act, ev_stall_out;

  // Elaboration-time checks of every range and rule of hw/tritium.toml.
`include "tritium_cfg_check.svh"

  tritium_csr #(
    .ROWS(ROWS), .COLS(COLS), .DATA_W(DATA_W), .ADDR_W(ADDR_W),
    .ACT_BYTES(ACT_BYTES), .WGT_BYTES(WGT_BYTES), .ACC_WORDS(ACC_WORDS),
    .RD_BURSTS(RD_BURSTS), .WR_BURSTS(WR_BURSTS), .WFORMATS(WFORMATS)
  ) u_csr (
    .clk_i, .rst_ni,
    .s_axil_awaddr_i, .s_axil_awvalid_i, .s_axil_awready_o,
    .s_axil_wdata_i, .s_axil_wstrb_i, .s_axil_wvalid_i, .s_axil_wready_o,
    .s_axil_bresp_o, .s_axil_bvalid_o, .s_axil_bready_i,
    .s_axil_araddr_i, .s_axil_arvalid_i, .s_axil_arready_o,
    .s_axil_rdata_o, .s_axil_rresp_o, .s_axil_rvalid_o, .s_axil_rready_i,
    .irq_o,
    .start_o(start), .abort_o(abort),
    .cmd_w_o(cmd_w), .cmd_x_o(cmd_x), .cmd_y_o(cmd_y),
    .cmd_m_o(cmd_m), .cmd_k_o(cmd_k), .cmd_n_o(cmd_n),
    .cmd_xs_o(cmd_xs), .cmd_ys_o(cmd_ys), .cmd_flags_o(cmd_flags), .cmd_win_o(cmd_win),
    .busy_i(busy), .done_i(done), .err_i(err), .err_code_i(err_code), .err_addr_i(err_addr),
    .ev_compute_i(ev_compute), .ev_rd_beat_i(ev_rd_beat), .ev_wr_beat_i(ev_wr_beat),
    .ev_stall_wgt_i(ev_stall_wgt), .ev_stall_act_i(ev_stall_act), .ev_stall_out_i(ev_stall_out)
  );

  tritium_core #(
    .ROWS(ROWS), .COLS(COLS), .DATA_W(DATA_W), .ADDR_W(ADDR_W),
    .ACT_BYTES(ACT_BYTES), .WGT_BYTES(WGT_BYTES), .ACC_WORDS(ACC_WORDS),
    .RD_BURSTS(RD_BURSTS), .WR_BURSTS(WR_BURSTS), .WFORMATS(WFORMATS)
  ) u_core (
    .clk_i, .rst_ni,
    .start_i(start), .abort_i(abort),
    .cmd_w_i(cmd_w), .cmd_x_i(cmd_x), .cmd_y_i(cmd_y),
    .cmd_m_i(cmd_m), .cmd_k_i(cmd_k), .cmd_n_i(cmd_n),
    .cmd_xs_i(cmd_xs), .cmd_ys_i(cmd_ys), .cmd_flags_i(cmd_flags), .cmd_win_i(cmd_win),
    .busy_o(busy), .done_o(done), .err_o(err), .err_code_o(err_code), .err_addr_o(err_addr),
    .ev_compute_o(ev_compute), .ev_rd_beat_o(ev_rd_beat), .ev_wr_beat_o(ev_wr_beat),
    .ev_stall_wgt_o(ev_stall_wgt), .ev_stall_act_o(ev_stall_act), .ev_stall_out_o(ev_stall_out),
    .m_axi_awaddr_o, .m_axi_awlen_o, .m_axi_awsize_o, .m_axi_awburst_o,
    .m_axi_awvalid_o, .m_axi_awready_i,
    .m_axi_wdata_o, .m_axi_wstrb_o, .m_axi_wlast_o, .m_axi_wvalid_o, .m_axi_wready_i,
    .m_axi_bresp_i, .m_axi_bvalid_i, .m_axi_bready_o,
    .m_axi_araddr_o, .m_axi_arlen_o, .m_axi_arsize_o, .m_axi_arburst_o,
    .m_axi_arvalid_o, .m_axi_arready_i,
    .m_axi_rdata_i, .m_axi_rresp_i, .m_axi_rlast_i, .m_axi_rvalid_i, .m_axi_rready_o
  );
endmodule
