// AXI4-Lite register block: identity, read-only configuration, control/status, command registers and
// 64-bit performance counters (map generated from hw/tritium.toml into tritium_reg_pkg). One access at a time; unmapped addresses
// answer SLVERR so driver bugs surface instead of reading zeros.
//
// The command registers are write-only and keep only what the device can act on: an address the
// ADDR_W bits it drives, M and N their CMD_*_BITS, K the bits of the largest K, CMD_FLAGS its defined
// bits; each keeps one more bit per written word that says "a higher bit was 1". The command check
// and the window checks need nothing else (such a value is refused or, for a window end, means "all
// the rest"), so every verdict is that of the full 64- or 32-bit value, at a fraction of the flops.
// The core sees each value rebuilt with the "higher" bit just above the kept ones.
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
  // Byte and operation counters count beats and issues; a read scales them (units are powers of two),
  // and TERNARY_OPS is COMPUTE's count times the PEs, so it needs no counter of its own.
  localparam int OPS_SH  = $clog2(ROWS * COLS);
  localparam int BEAT_SH = $clog2(DATA_W / 8);

  // The 64-bit addresses W, X, Y and the six window bounds are addr_q[0..8], at these LO offsets (HI
  // at +4); the 32-bit values below them.
  localparam int NADDR = 9;
  localparam logic [12*NADDR-1:0] ADDR_LO = {
    tritium_reg_pkg::REG_CMD_WIN_Y_END_LO, tritium_reg_pkg::REG_CMD_WIN_Y_BASE_LO,
    tritium_reg_pkg::REG_CMD_WIN_X_END_LO, tritium_reg_pkg::REG_CMD_WIN_X_BASE_LO,
    tritium_reg_pkg::REG_CMD_WIN_W_END_LO, tritium_reg_pkg::REG_CMD_WIN_W_BASE_LO,
    tritium_reg_pkg::REG_CMD_Y_LO, tritium_reg_pkg::REG_CMD_X_LO, tritium_reg_pkg::REG_CMD_W_LO};
  localparam int K_W   = $clog2(ACT_BYTES) + 1;             // bits of the largest K (ACT_BYTES)
  localparam int M_W   = tritium_reg_pkg::CMD_M_BITS;
  localparam int N_W   = tritium_reg_pkg::CMD_N_BITS;
  localparam logic [63:0] ADDR_LO_MASK = 64'hFFFF_FFFF;
  logic [ADDR_W-1:0] addr_q [NADDR];
  logic [1:0]        addr_hi_q [NADDR];   // a bit at or above ADDR_W was written 1: {in HI, in LO}
  logic [M_W-1:0]    m_q;
  logic [N_W-1:0]    n_q;
  logic [K_W-1:0]    k_q;
  logic              m_hi_q, n_hi_q, k_hi_q, flags_hi_q, wfmt_b3_q;
  logic [31:0]       xs_q, ys_q;
  logic [63:0]       addr_val [NADDR];     // as the core sees them
  logic              cmd_wr;
  logic [63:0]       w_lo_bits, w_hi_bits; // the written word at its place in a 64-bit address
  logic              w_lo_hi, w_hi_hi;     // ... with a bit at or above ADDR_W
  logic        done_q, error_q, irq_en_q, irq_pend_q;
  logic [31:0] err_code_q, done_cnt_q;
  logic [63:0] perf_q [NPERF];
  logic [63:0] perf_rd [NPERF];   // the counters as the registers report them
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

  assign cmd_wr  = wr_go && wr_ok && s_axil_awaddr_i >= tritium_reg_pkg::REG_CMD_W_LO &&
                   s_axil_awaddr_i <= tritium_reg_pkg::REG_CMD_WIN_Y_END_HI;
  assign w_lo_bits = 64'(wval);
  assign w_hi_bits = 64'(wval) << 32;
  if (ADDR_W < 64) begin : g_addr_hi
    assign w_lo_hi = (w_lo_bits >> ADDR_W) != 64'd0;
    assign w_hi_hi = (w_hi_bits >> ADDR_W) != 64'd0;
    for (genvar i = 0; i < NADDR; i++) begin : g_val
      assign addr_val[i] = 64'(addr_q[i]) | ({63'd0, |addr_hi_q[i]} << ADDR_W);
    end
  end else begin : g_addr_full
    assign w_lo_hi = 1'b0;
    assign w_hi_hi = 1'b0;
    for (genvar i = 0; i < NADDR; i++) begin : g_val
      assign addr_val[i] = 64'(addr_q[i]);
    end
    logic unused_hi;
    assign unused_hi = ^{addr_hi_q[0], addr_hi_q[1], addr_hi_q[2], addr_hi_q[3], addr_hi_q[4],
                         addr_hi_q[5], addr_hi_q[6], addr_hi_q[7], addr_hi_q[8]};
  end

  assign cmd_w_o     = addr_val[0];
  assign cmd_x_o     = addr_val[1];
  assign cmd_y_o     = addr_val[2];
  assign cmd_m_o     = 32'(m_q) | ({31'd0, m_hi_q} << M_W);
  assign cmd_k_o     = 32'(k_q) | ({31'd0, k_hi_q} << K_W);
  assign cmd_n_o     = 32'(n_q) | ({31'd0, n_hi_q} << N_W);
  assign cmd_xs_o    = xs_q;
  assign cmd_ys_o    = ys_q;
  assign cmd_flags_o = (wfmt_b3_q ? tritium_reg_pkg::CMD_FLAGS_WFMT_BASE3 : 32'd0) | {flags_hi_q, 31'd0};
  for (genvar i = 0; i < 6; i++) begin : g_win
    assign cmd_win_o[64*i +: 64] = addr_val[3 + i];
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
          rd_val = 32'd0;  // write-only
        end else if (a[1:0] == 2'b00 && a >= tritium_reg_pkg::REG_PERF_BASE &&
                     a < tritium_reg_pkg::REG_PERF_BASE + 12'(8 * NPERF)) begin
          // The HI half returns what the last LO read latched, so a LO-then-HI pair is consistent.
          rd_val = a[2] ? hi_latch_q : perf_rd[4'(a[6:3])][31:0];
        end else begin
          rd_ok = 1'b0;
        end
      end
    endcase
    read_reg = {rd_ok ? 2'b00 : 2'b10, rd_val};  // {RRESP, RDATA}
  endfunction

  // Each counter counts one event per cycle at most. (As the flops' enable instead of the carry in, an
  // event would not lead into the 64-bit carry chain, but with CLEAR_PERF beside it that costs about
  // 500 more iCE40 logic cells for the ten counters.)
  logic perf_ev [NPERF];
  assign perf_ev[tritium_reg_pkg::PERF_CYCLES] = 1'b1;
  assign perf_ev[tritium_reg_pkg::PERF_BUSY] = busy_i;
  assign perf_ev[tritium_reg_pkg::PERF_COMPUTE] = ev_compute_i;
  assign perf_ev[tritium_reg_pkg::PERF_RD_BYTES] = ev_rd_beat_i;
  assign perf_ev[tritium_reg_pkg::PERF_WR_BYTES] = ev_wr_beat_i;
  assign perf_ev[tritium_reg_pkg::PERF_STALL_WGT] = ev_stall_wgt_i;
  assign perf_ev[tritium_reg_pkg::PERF_STALL_ACT] = ev_stall_act_i;
  assign perf_ev[tritium_reg_pkg::PERF_STALL_OUT] = ev_stall_out_i;
  assign perf_ev[tritium_reg_pkg::PERF_TERNARY_OPS] = 1'b0;  // read from COMPUTE
  assign perf_ev[tritium_reg_pkg::PERF_JOBS] = start_o;

  always_comb begin
    for (int i = 0; i < NPERF; i++) perf_rd[i] = perf_q[i];
    perf_rd[tritium_reg_pkg::PERF_RD_BYTES]    = perf_q[tritium_reg_pkg::PERF_RD_BYTES] << BEAT_SH;
    perf_rd[tritium_reg_pkg::PERF_WR_BYTES]    = perf_q[tritium_reg_pkg::PERF_WR_BYTES] << BEAT_SH;
    perf_rd[tritium_reg_pkg::PERF_TERNARY_OPS] = perf_q[tritium_reg_pkg::PERF_COMPUTE] << OPS_SH;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < NADDR; i++) begin
        addr_q[i]    <= '0;
        addr_hi_q[i] <= 2'b00;
      end
      m_q        <= '0;
      n_q        <= '0;
      k_q        <= '0;
      m_hi_q     <= 1'b0;
      n_hi_q     <= 1'b0;
      k_hi_q     <= 1'b0;
      flags_hi_q <= 1'b0;
      wfmt_b3_q  <= 1'b0;
      xs_q       <= '0;
      ys_q       <= '0;
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

      for (int i = 0; i < NPERF; i++) perf_q[i] <= perf_q[i] + 64'(perf_ev[i]);

      if (wr_go) begin
        bvalid_q <= 1'b1;
        // Writable offsets come from the register map's access fields (hw/tritium.toml).
        bresp_q  <= wr_ok ? 2'b00 : 2'b10;
        if (cmd_wr) begin
          unique case (s_axil_awaddr_i)
            tritium_reg_pkg::REG_CMD_M: {m_hi_q, m_q} <= {(wval >> M_W) != 32'd0, wval[M_W-1:0]};
            tritium_reg_pkg::REG_CMD_K: {k_hi_q, k_q} <= {(wval >> K_W) != 32'd0, wval[K_W-1:0]};
            tritium_reg_pkg::REG_CMD_N: {n_hi_q, n_q} <= {(wval >> N_W) != 32'd0, wval[N_W-1:0]};
            tritium_reg_pkg::REG_CMD_X_STRIDE: xs_q <= wval;
            tritium_reg_pkg::REG_CMD_Y_STRIDE: ys_q <= wval;
            tritium_reg_pkg::REG_CMD_FLAGS: begin
              wfmt_b3_q  <= (wval & tritium_reg_pkg::CMD_FLAGS_WFMT_BASE3) != 32'd0;
              flags_hi_q <= (wval & ~tritium_reg_pkg::CMD_FLAGS_WFMT_BASE3) != 32'd0;
            end
            default: begin
              // An address word: the LO or the HI half of addr_q[j].
              for (int j = 0; j < NADDR; j++) begin
                if (s_axil_awaddr_i == ADDR_LO[12*j +: 12]) begin
                  addr_q[j]       <= ADDR_W'((64'(addr_q[j]) & ~ADDR_LO_MASK) | w_lo_bits);
                  addr_hi_q[j][0] <= w_lo_hi;
                end
                if (s_axil_awaddr_i == ADDR_LO[12*j +: 12] + 12'd4) begin
                  addr_q[j]       <= ADDR_W'((64'(addr_q[j]) & ADDR_LO_MASK) | w_hi_bits);
                  addr_hi_q[j][1] <= w_hi_hi;
                end
              end
            end
          endcase
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
          hi_latch_q <= perf_rd[4'(s_axil_araddr_i[6:3])][63:32];
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
