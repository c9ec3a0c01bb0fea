// AXI4-Lite register block: identity, read-only configuration, control/status, command registers and
// 64-bit performance counters (map generated from hw/tritium.toml into tritium_reg_pkg). One access at a time; unmapped addresses
// answer SLVERR so driver bugs surface instead of reading zeros.
module tritium_csr #(
  // tritium_top's parameters (hw/tritium.toml), reported by the CFG_* registers.
  parameter int ROWS      = 16,     // reported in CFG_ROWS
  parameter int COLS      = 16,     // reported in CFG_COLS
  parameter int DATA_W    = 256,    // reported in CFG_DATA_W
  parameter int ADDR_W    = 32,     // reported in CFG_ADDR_W
  parameter int ACT_BYTES = 32768,  // reported in CFG_ACT_BYTES
  parameter int WGT_BYTES = 8192,   // reported in CFG_WGT_BYTES
  parameter int ACC_WORDS = 1024,   // reported in CFG_ACC_WORDS; CFG_MAX_N = ACC_WORDS / COLS
  parameter int RD_BURSTS = 8,      // reported in CFG_RD_BURSTS
  parameter int WR_BURSTS = 8,      // reported in CFG_WR_BURSTS
  parameter int WFORMATS  = 3       // reported in CFG_WFORMATS
) (
  input  logic        clk_i,
  input  logic        rst_ni,

  input  logic [11:0] s_axil_awaddr_i,
  input  logic        s_axil_awvalid_i,
  output logic        s_axil_awready_o,
  input  logic [31:0] s_axil_wdata_i,
  input  logic [3:0]  s_axil_wstrb_i,
  input  logic        s_axil_wvalid_i,
  output logic        s_axil_wready_o,
  output logic [1:0]  s_axil_bresp_o,
  output logic        s_axil_bvalid_o,
  input  logic        s_axil_bready_i,
  input  logic [11:0] s_axil_araddr_i,
  input  logic        s_axil_arvalid_i,
  output logic        s_axil_arready_o,
  output logic [31:0] s_axil_rdata_o,
  output logic [1:0]  s_axil_rresp_o,
  output logic        s_axil_rvalid_o,
  input  logic        s_axil_rready_i,

  output logic        irq_o,

  output logic        start_o,
  output logic        abort_o,
  output logic [63:0] cmd_w_o,
  output logic [63:0] cmd_x_o,
  output logic [63:0] cmd_y_o,
  output logic [31:0] cmd_m_o,
  output logic [31:0] cmd_k_o,
  output logic [31:0] cmd_n_o,
  output logic [31:0] cmd_xs_o,
  output logic [31:0] cmd_ys_o,
  output logic [31:0] cmd_flags_o,
  output logic [383:0] cmd_win_o,  // the DMA windows, 64 bits each: W base, W end, X base, X end, Y base, Y end
  input  logic        busy_i,
  input  logic        done_i,
  input  logic        err_i,
  input  logic [31:0] err_code_i,
  input  logic [63:0] err_addr_i,
  input  logic        ev_compute_i,
  input  logic        ev_rd_beat_i,
  input  logic        ev_wr_beat_i,
  input  logic        ev_stall_wgt_i,
  input  logic        ev_stall_act_i,
  input  logic        ev_stall_out_i
);
  localparam int NPERF = tritium_reg_pkg::NPERF;
  localparam logic [63:0] OPS_PER_ISSUE = 64'(ROWS * COLS);
  localparam logic [63:0] BUS_BYTES     = 64'(DATA_W) >> 3;

  localparam int NCMD = 24;  // CMD_W_LO .. CMD_WIN_Y_END_HI, word index (addr - 0x80) / 4
  logic [31:0] cmd_q [NCMD];
  logic        done_q, error_q, irq_en_q, irq_pend_q;
  logic [31:0] err_code_q, done_cnt_q;
  logic [63:0] perf_q [NPERF];
  logic [31:0] hi_latch_q;
  logic        bvalid_q, rvalid_q;
  logic [1:0]  bresp_q, rresp_q;
  logic [31:0] rdata_q;

  logic        wr_go, rd_go;
  logic [31:0] wval;
  logic        ctrl_wr, start_req, start_busy, win_locked, wr_ok;

  assign wr_go = s_axil_awvalid_i && s_axil_wvalid_i && !bvalid_q;
  assign rd_go = s_axil_arvalid_i && !rvalid_q;
  assign s_axil_awready_o = wr_go;
  assign s_axil_wready_o  = wr_go;
  assign s_axil_arready_o = rd_go;
  assign s_axil_bvalid_o  = bvalid_q;
  assign s_axil_bresp_o   = bresp_q;
  assign s_axil_rvalid_o  = rvalid_q;
  assign s_axil_rresp_o   = rresp_q;
  assign s_axil_rdata_o   = rdata_q;

  // Byte strobes apply to every writable register.
  for (genvar b = 0; b < 4; b++) begin : g_wval
    assign wval[8*b +: 8] = s_axil_wstrb_i[b] ? s_axil_wdata_i[8*b +: 8] : 8'h00;
  end

  // The DMA windows cannot move under a running job: such a write is refused with SLVERR.
  assign win_locked = busy_i && s_axil_awaddr_i >= tritium_reg_pkg::REG_CMD_WIN_W_BASE_LO &&
                      s_axil_awaddr_i <= tritium_reg_pkg::REG_CMD_WIN_Y_END_HI;
  assign wr_ok      = tritium_reg_pkg::reg_writable(s_axil_awaddr_i) && !win_locked;
  assign ctrl_wr    = wr_go && s_axil_awaddr_i == tritium_reg_pkg::REG_CTRL;
  assign start_req  = ctrl_wr && (wval & tritium_reg_pkg::CTRL_START) != 32'd0 &&
                      (wval & tritium_reg_pkg::CTRL_SOFT_RESET) == 32'd0;
  assign start_busy = start_req && busy_i;
  assign start_o    = start_req && !busy_i;
  assign abort_o    = ctrl_wr && (wval & tritium_reg_pkg::CTRL_SOFT_RESET) != 32'd0;

  assign cmd_w_o     = {cmd_q[1], cmd_q[0]};
  assign cmd_x_o     = {cmd_q[3], cmd_q[2]};
  assign cmd_y_o     = {cmd_q[5], cmd_q[4]};
  assign cmd_m_o     = cmd_q[6];
  assign cmd_k_o     = cmd_q[7];
  assign cmd_n_o     = cmd_q[8];
  assign cmd_xs_o    = cmd_q[9];
  assign cmd_ys_o    = cmd_q[10];
  assign cmd_flags_o = cmd_q[11];
  for (genvar i = 0; i < 6; i++) begin : g_win
    assign cmd_win_o[64*i +: 64] = {cmd_q[13 + 2*i], cmd_q[12 + 2*i]};
  end
  assign irq_o       = irq_en_q && irq_pend_q;

  // The read decode is a function called on an accepted read only, not an always_comb on the address
  // input: the hardware is the same, and a cycle-based simulator then decodes once per read instead of
  // on every evaluation (the decode is most of the logic that depends on the bus inputs).
  function automatic logic [33:0] read_reg(input logic [11:0] a);
    logic        rd_ok;
    logic [31:0] rd_val;
    rd_ok  = 1'b1;
    rd_val = 32'd0;
    case (a)
      // The identity and configuration registers, generated from hw/tritium.toml.
`include "tritium_csr_cfg.svh"
      tritium_reg_pkg::REG_CTRL:          rd_val = 32'd0;
      tritium_reg_pkg::REG_STATUS:        rd_val = {29'd0, error_q, done_q, busy_i};
      tritium_reg_pkg::REG_ERR_CODE:      rd_val = err_code_q;
      tritium_reg_pkg::REG_DONE_COUNT:    rd_val = done_cnt_q;
      tritium_reg_pkg::REG_IRQ_ENABLE:    rd_val = {31'd0, irq_en_q};
      tritium_reg_pkg::REG_IRQ_STATUS:    rd_val = {31'd0, irq_pend_q};
      tritium_reg_pkg::REG_ERR_ADDR_LO:   rd_val = err_addr_i[31:0];
      tritium_reg_pkg::REG_ERR_ADDR_HI:   rd_val = err_addr_i[63:32];
      default: begin
        if (a[1:0] == 2'b00 && a >= tritium_reg_pkg::REG_CMD_W_LO &&
            a <= tritium_reg_pkg::REG_CMD_WIN_Y_END_HI) begin
          rd_val = cmd_q[5'(a[6:2])];
        end else if (a[1:0] == 2'b00 && a >= tritium_reg_pkg::REG_PERF_BASE &&
                     a < tritium_reg_pkg::REG_PERF_BASE + 12'(8 * NPERF)) begin
          // The HI half returns what the last LO read latched, so a LO-then-HI pair is consistent.
          rd_val = a[2] ? hi_latch_q : perf_q[4'(a[6:3])][31:0];
        end else begin
          rd_ok = 1'b0;
        end
      end
    endcase
    read_reg = {rd_ok ? 2'b00 : 2'b10, rd_val};  // {RRESP, RDATA}
  endfunction

  logic [63:0] perf_inc [NPERF];
  assign perf_inc[tritium_reg_pkg::PERF_CYCLES] = 64'd1;
  assign perf_inc[tritium_reg_pkg::PERF_BUSY] = {63'd0, busy_i};
  assign perf_inc[tritium_reg_pkg::PERF_COMPUTE] = {63'd0, ev_compute_i};
  assign perf_inc[tritium_reg_pkg::PERF_RD_BYTES] = ev_rd_beat_i ? BUS_BYTES : 64'd0;
  assign perf_inc[tritium_reg_pkg::PERF_WR_BYTES] = ev_wr_beat_i ? BUS_BYTES : 64'd0;
  assign perf_inc[tritium_reg_pkg::PERF_STALL_WGT] = {63'd0, ev_stall_wgt_i};
  assign perf_inc[tritium_reg_pkg::PERF_STALL_ACT] = {63'd0, ev_stall_act_i};
  assign perf_inc[tritium_reg_pkg::PERF_STALL_OUT] = {63'd0, ev_stall_out_i};
  assign perf_inc[tritium_reg_pkg::PERF_TERNARY_OPS] = ev_compute_i ? OPS_PER_ISSUE : 64'd0;
  assign perf_inc[tritium_reg_pkg::PERF_JOBS] = {63'd0, start_o};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < NCMD; i++) cmd_q[i] <= 32'd0;
      for (int i = 0; i < NPERF; i++) perf_q[i] <= 64'd0;
      done_q     <= 1'b0;
      error_q    <= 1'b0;
      irq_en_q   <= 1'b0;
      irq_pend_q <= 1'b0;
      err_code_q <= 32'd0;
      done_cnt_q <= 32'd0;
      hi_latch_q <= 32'd0;
      bvalid_q   <= 1'b0;
      bresp_q    <= 2'b00;
      rvalid_q   <= 1'b0;
      rresp_q    <= 2'b00;
      rdata_q    <= 32'd0;
    end else begin
      if (bvalid_q && s_axil_bready_i) bvalid_q <= 1'b0;
      if (rvalid_q && s_axil_rready_i) rvalid_q <= 1'b0;

      for (int i = 0; i < NPERF; i++) perf_q[i] <= perf_q[i] + perf_inc[i];

      if (wr_go) begin
        bvalid_q <= 1'b1;
        // Writable offsets come from the register map's access fields (hw/tritium.toml).
        bresp_q  <= wr_ok ? 2'b00 : 2'b10;
        if (wr_ok && s_axil_awaddr_i >= tritium_reg_pkg::REG_CMD_W_LO &&
            s_axil_awaddr_i <= tritium_reg_pkg::REG_CMD_WIN_Y_END_HI) begin
          cmd_q[5'(s_axil_awaddr_i[6:2])] <= wval;
        end
        if (s_axil_awaddr_i == tritium_reg_pkg::REG_IRQ_ENABLE) irq_en_q <= wval[0];
        if (ctrl_wr && (wval & tritium_reg_pkg::CTRL_CLEAR_PERF) != 32'd0) begin
          for (int i = 0; i < NPERF; i++) perf_q[i] <= 64'd0;
        end
      end

      if (rd_go) begin
        rvalid_q           <= 1'b1;
        {rresp_q, rdata_q} <= read_reg(s_axil_araddr_i);
        if (s_axil_araddr_i >= tritium_reg_pkg::REG_PERF_BASE &&
            s_axil_araddr_i < tritium_reg_pkg::REG_PERF_BASE + 12'(8 * NPERF) &&
            !s_axil_araddr_i[2]) begin
          hi_latch_q <= perf_q[4'(s_axil_araddr_i[6:3])][63:32];
        end
      end

      // Status: START clears DONE/ERROR; completion and faults set them and raise the interrupt.
      if (start_o) begin
        done_q     <= 1'b0;
        error_q    <= 1'b0;
        err_code_q <= tritium_reg_pkg::ERR_NONE;
      end
      if (start_busy) begin
        error_q    <= 1'b1;
        err_code_q <= tritium_reg_pkg::ERR_START_BUSY;
      end
      if (done_i) begin
        done_q     <= 1'b1;
        done_cnt_q <= done_cnt_q + 32'd1;
        irq_pend_q <= 1'b1;
      end
      if (err_i) begin
        error_q    <= 1'b1;
        err_code_q <= err_code_i;
        irq_pend_q <= 1'b1;
      end
      if (abort_o) begin
        done_q     <= 1'b0;
        error_q    <= 1'b0;
        err_code_q <= tritium_reg_pkg::ERR_NONE;
        irq_pend_q <= 1'b0;
      end
      if (wr_go && s_axil_awaddr_i == tritium_reg_pkg::REG_IRQ_STATUS && wval[0]) irq_pend_q <= 1'b0;
    end
  end
endmodule
