// Command check: the rules a command must follow before it starts (docs/hardware.md, "Alignment
// rules"), as the error code the job reports, and K in bus beats.
module tritium_cmd_check #(
  parameter int DATA_W    = 256,    // AXI4 data width in bits: addresses and strides align to DATA_W/8
  parameter int ADDR_W    = 32,     // AXI4 address width: addresses must fit
  parameter int ACT_BYTES = 32768,  // activation buffer bytes: a padded activation row must fit
  parameter int WFORMATS  = 3       // weight-stream formats decoded (bit 1: base-3 may be asked for)
) (
  input  logic [63:0] cmd_w_i,
  input  logic [63:0] cmd_x_i,
  input  logic [63:0] cmd_y_i,
  input  logic [31:0] cmd_m_i,
  input  logic [31:0] cmd_k_i,
  input  logic [31:0] cmd_n_i,
  input  logic [31:0] cmd_xs_i,
  input  logic [31:0] cmd_ys_i,
  input  logic [31:0] cmd_flags_i,
  output logic [31:0] err_o,   // tritium_reg_pkg::ERR_NONE when the command may start
  output logic [31:0] ktb_o    // ceil(K / bus bytes): beats per activation row
);
  localparam int BUS_B   = DATA_W / 8;
  localparam int BEAT_SH = $clog2(BUS_B);

  logic [2:0] addr_hi_bad;
  assign ktb_o = (cmd_k_i >> BEAT_SH) + {31'd0, |cmd_k_i[BEAT_SH-1:0]};
  if (ADDR_W < 64) begin : g_addr_chk
    assign addr_hi_bad = {|cmd_w_i[63:ADDR_W], |cmd_x_i[63:ADDR_W], |cmd_y_i[63:ADDR_W]};
  end else begin : g_addr_full
    assign addr_hi_bad = 3'b000;
  end

  // The address bits between the alignment and the width checks are the job's, not the check's.
  logic unused_mid;
  assign unused_mid = ^{cmd_w_i[ADDR_W-1:BEAT_SH], cmd_x_i[ADDR_W-1:BEAT_SH], cmd_y_i[ADDR_W-1:BEAT_SH]};

  always_comb begin
    err_o = tritium_reg_pkg::ERR_NONE;
    if ((cmd_flags_i & ~tritium_reg_pkg::CMD_FLAGS_WFMT_BASE3) != 32'd0 ||
        ((cmd_flags_i & tritium_reg_pkg::CMD_FLAGS_WFMT_BASE3) != 32'd0 && (WFORMATS & 2) == 0)) begin
      err_o = tritium_reg_pkg::ERR_CMD_FLAGS;
    end else if (cmd_m_i == 32'd0 || cmd_k_i == 32'd0 || cmd_n_i == 32'd0) begin
      err_o = tritium_reg_pkg::ERR_CMD_ZERO_DIM;
    end else if ((|cmd_w_i[BEAT_SH-1:0]) || (|cmd_x_i[BEAT_SH-1:0]) || (|cmd_y_i[BEAT_SH-1:0]) ||
                 (|cmd_xs_i[BEAT_SH-1:0]) || (|cmd_ys_i[BEAT_SH-1:0])) begin
      err_o = tritium_reg_pkg::ERR_CMD_ALIGN;
    end else if ((|addr_hi_bad) || (ktb_o > 32'(ACT_BYTES / BUS_B)) ||
                 (|cmd_m_i[31:tritium_reg_pkg::CMD_M_BITS]) || (|cmd_n_i[31:tritium_reg_pkg::CMD_N_BITS])) begin
      err_o = tritium_reg_pkg::ERR_CMD_TOO_LARGE;
    end else if (cmd_n_i > 32'd1 && (cmd_xs_i < cmd_k_i || cmd_ys_i < {cmd_m_i[29:0], 2'b00})) begin
      err_o = tritium_reg_pkg::ERR_CMD_STRIDE;
    end
  end
endmodule
