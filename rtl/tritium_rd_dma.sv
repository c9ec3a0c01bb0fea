// Read DMA: issues AXI4 INCR read bursts for a tile's activation rows, then for its weight stream,
// and routes the R beats back (in order: one ID). A burst never crosses a 4 KB boundary and is at most
// 256 beats; a weight burst is at most half the staging FIFO and is issued only when the FIFO has room
// for all of it (credits reserved at issue, so R is never back-pressured). Each burst's kind and
// address wait in a tag queue until its last beat, so a faulting beat names its burst. A burst outside
// its stream's window (weights or activations) is never issued: the engine reports it instead.
module tritium_rd_dma #(
  parameter int DATA_W    = 256,   // AXI4 data width in bits
  parameter int ADDR_W    = 32,    // AXI4 address width in bits
  parameter int WGT_BEATS = 256,   // weight staging FIFO size in beats (bounds a weight burst)
  parameter int RD_BURSTS = 8      // read bursts in flight: the tag queue's depth
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              run_i,         // the job may issue
  input  logic              clear_i,       // a new command: forget bursts of a stopped job
  input  logic              job_start_i,   // a command starts: its activation rows begin at x_base_i
  input  logic [ADDR_W-1:0] x_base_i,
  input  logic [31:0]       xs_i,          // bytes between activation rows
  input  logic [31:0]       ktb_i,         // beats per activation row
  input  logic              tile_start_i,  // an N tile starts: tile_rows_i rows, then wbeats_i weight beats
  input  logic [31:0]       tile_rows_i,
  input  logic [ADDR_W-1:0] w_base_i,
  input  logic [31:0]       wbeats_i,
  input  logic [31:0]       wgt_free_i,    // staging beats neither filled nor reserved
  input  logic [127:0]      win_w_i,       // the weights' window: {end, base}, end exclusive
  input  logic [127:0]      win_x_i,       // the activations' window
  output logic              win_err_o,     // the burst due now lies outside its window: not issued
  output logic [ADDR_W-1:0] win_err_addr_o,
  output logic [31:0]       wgt_issue_o,   // weight beats reserved by a burst issued this cycle
  output logic              r_beat_o,      // an R beat arrives
  output logic              r_is_w_o,      // ... for the weight stream (else an activation row)
  output logic              r_err_o,       // ... with SLVERR/DECERR
  output logic [ADDR_W-1:0] r_err_addr_o,  // address of the burst the current beat belongs to
  output logic              idle_o,        // no burst requested or in flight

  output logic [ADDR_W-1:0] m_axi_araddr_o,
  output logic [7:0]        m_axi_arlen_o,
  output logic [2:0]        m_axi_arsize_o,
  output logic [1:0]        m_axi_arburst_o,
  output logic              m_axi_arvalid_o,
  input  logic              m_axi_arready_i,
  input  logic [1:0]        m_axi_rresp_i,
  input  logic              m_axi_rlast_i,
  input  logic              m_axi_rvalid_i,
  output logic              m_axi_rready_o
);
  localparam int BUS_B   = DATA_W / 8;
  localparam int BEAT_SH = $clog2(BUS_B);
  // A burst's beats: at most 256, and at most the 4 KB boundary's 4096 / BUS_B (512 on a 64-bit bus).
  // The length is worked out in LW bits, not 32, and its parts are compared side by side, not one
  // after the other: on an iCE40 every compare is a carry chain, and these lead to the burst's issue.
  localparam int LW      = 10;
  // Weight bursts at most half the FIFO: the next one can be requested while the previous one drains,
  // which hides the memory latency (a whole-FIFO burst would wait for an empty FIFO).
  localparam int W_CAP_SH = ($clog2(WGT_BEATS / 2) < 8) ? $clog2(WGT_BEATS / 2) : 8;

  // min(r, 2^sh) without a compare: bit tests.
  function automatic logic [LW-1:0] cap_pow2(input logic [31:0] r, input int sh);
    logic above;
    above = (r >> (sh + 1)) != 32'd0 || (r[sh] && (r & ((32'd1 << sh) - 32'd1)) != 32'd0);
    cap_pow2 = above ? LW'(32'd1 << sh) : LW'(r);
  endfunction

  typedef enum logic [1:0] {PhAct, PhWgt, PhDone} phase_e;

  phase_e            phase_q, phase_d;
  logic              arvalid_q;
  logic [ADDR_W-1:0] araddr_q, araddr_d;
  logic [7:0]        arlen_q, arlen_d;
  logic [ADDR_W-1:0] x_row_q, x_row_d, x_addr_q, x_addr_d, w_addr_q, w_addr_d;
  logic [31:0]       x_rows_rem_q, x_rows_rem_d, x_beats_rem_q, x_beats_rem_d, w_beats_rem_q, w_beats_rem_d;

  logic [ADDR_W-1:0] cur;
  logic [LW-1:0]     rem_cap, bnd, len;
  logic              want, in_win, issue, tags_full, tags_empty, head_w, r_last;
  logic [127:0]      win;
  logic [ADDR_W-1:0] head_addr;

  assign cur = (phase_q == PhAct) ? x_addr_q : w_addr_q;
  // The beats left, capped (256 for activations; weights also at half the FIFO).
  assign rem_cap = (phase_q == PhAct) ? cap_pow2(x_beats_rem_q, 8) : cap_pow2(w_beats_rem_q, W_CAP_SH);
  // Beats left before the next 4 KB boundary: a burst never crosses it.
  assign bnd = LW'((13'd4096 - {1'b0, cur[11:0]}) >> BEAT_SH);
  assign len = (rem_cap <= bnd) ? rem_cap : bnd;
  // A weight burst waits until the FIFO has room for all of it (free >= min(rem_cap, bnd)).
  assign want  = run_i && !arvalid_q && phase_q != PhDone && !tags_full &&
                 (phase_q == PhAct || |wgt_free_i[31:LW] || wgt_free_i[LW-1:0] >= rem_cap ||
                  wgt_free_i[LW-1:0] >= bnd);
  assign win   = (phase_q == PhAct) ? win_x_i : win_w_i;
  tritium_win_check #(.ADDR_W(ADDR_W), .BEAT_SH(BEAT_SH)) u_win (
    .addr_i(cur), .beats_a_i(13'(rem_cap)), .beats_b_i(13'(bnd)), .base_i(win[63:0]), .end_i(win[127:64]),
    .ok_o(in_win)
  );
  assign issue          = want && in_win;
  assign win_err_o      = want && !in_win;
  assign win_err_addr_o = cur;
  assign wgt_issue_o = (issue && phase_q == PhWgt) ? 32'(len) : 32'd0;

  always_comb begin
    phase_d       = phase_q;
    araddr_d      = araddr_q;
    arlen_d       = arlen_q;
    x_row_d       = x_row_q;
    x_addr_d      = x_addr_q;
    w_addr_d      = w_addr_q;
    x_rows_rem_d  = x_rows_rem_q;
    x_beats_rem_d = x_beats_rem_q;
    w_beats_rem_d = w_beats_rem_q;
    if (job_start_i) x_row_d = x_base_i;
    if (tile_start_i) begin
      x_addr_d      = x_row_q;
      x_beats_rem_d = ktb_i;
      x_rows_rem_d  = tile_rows_i;
      w_addr_d      = w_base_i;
      w_beats_rem_d = wbeats_i;
      phase_d       = PhAct;
    end
    if (issue) begin
      araddr_d  = cur;
      arlen_d   = 8'(len - LW'(1));
      if (phase_q == PhAct) begin
        if (x_beats_rem_q == 32'(len)) begin
          x_rows_rem_d  = x_rows_rem_q - 32'd1;
          x_row_d       = x_row_q + ADDR_W'(xs_i);
          x_addr_d      = x_row_q + ADDR_W'(xs_i);
          x_beats_rem_d = ktb_i;
          if (x_rows_rem_q == 32'd1) phase_d = PhWgt;
        end else begin
          x_beats_rem_d = x_beats_rem_q - 32'(len);
          x_addr_d      = x_addr_q + (ADDR_W'(len) << BEAT_SH);
        end
      end else begin
        w_beats_rem_d = w_beats_rem_q - 32'(len);
        w_addr_d      = w_addr_q + (ADDR_W'(len) << BEAT_SH);
        if (w_beats_rem_q == 32'(len)) phase_d = PhDone;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      phase_q       <= PhDone;
      arvalid_q     <= 1'b0;
      araddr_q      <= '0;
      arlen_q       <= '0;
      x_row_q       <= '0;
      x_addr_q      <= '0;
      w_addr_q      <= '0;
      x_rows_rem_q  <= '0;
      x_beats_rem_q <= '0;
      w_beats_rem_q <= '0;
    end else begin
      phase_q       <= phase_d;
      // ARVALID follows ARREADY, a bus input: kept out of the next-state block above so that block is
      // not evaluated at every input change.
      if (arvalid_q && m_axi_arready_i) arvalid_q <= 1'b0;
      if (issue) arvalid_q <= 1'b1;
      araddr_q      <= araddr_d;
      arlen_q       <= arlen_d;
      x_row_q       <= x_row_d;
      x_addr_q      <= x_addr_d;
      w_addr_q      <= w_addr_d;
      x_rows_rem_q  <= x_rows_rem_d;
      x_beats_rem_q <= x_beats_rem_d;
      w_beats_rem_q <= w_beats_rem_d;
    end
  end

  // The tag queue: one entry per burst from AR issue to its last R beat.
  tritium_fifo #(.WIDTH(1 + ADDR_W), .DEPTH(RD_BURSTS)) u_tags (
    .clk_i, .rst_ni,
    .clear_i,
    .push_i (issue),
    .data_i ({phase_q == PhWgt, cur}),
    .pop_i  (r_last),
    .head_o ({head_w, head_addr}),
    .full_o (tags_full),
    .empty_o(tags_empty)
  );

  assign r_beat_o     = m_axi_rvalid_i;   // rready is constant 1
  assign r_last       = m_axi_rvalid_i && m_axi_rlast_i;
  assign r_is_w_o     = head_w;
  assign r_err_o      = m_axi_rvalid_i && m_axi_rresp_i[1];
  assign r_err_addr_o = head_addr;
  assign idle_o       = tags_empty && !arvalid_q;

  assign m_axi_araddr_o  = araddr_q;
  assign m_axi_arlen_o   = arlen_q;
  assign m_axi_arsize_o  = 3'(BEAT_SH);
  assign m_axi_arburst_o = 2'b01;
  assign m_axi_arvalid_o = arvalid_q;
  assign m_axi_rready_o  = 1'b1;

  // Only bit 1 of a response tells OKAY/EXOKAY from SLVERR/DECERR.
  logic unused_resp;
  assign unused_resp = m_axi_rresp_i[0];
  // Row addresses are ADDR_W bits and wrap there, as the address bus does: stride bits above are moot.
  if (ADDR_W < 32) begin : g_xs_hi
    logic unused_xs;
    assign unused_xs = ^xs_i[31:ADDR_W];
  end

`ifndef SYNTHESIS
  a_ar_hold: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (m_axi_arvalid_o && !m_axi_arready_i) |=> (m_axi_arvalid_o && $stable(m_axi_araddr_o) && $stable(m_axi_arlen_o)))
    else $error("tritium_rd_dma: ARVALID dropped or AR payload changed before ARREADY");
  a_ar_4k: assert property (@(posedge clk_i) disable iff (!rst_ni)
      m_axi_arvalid_o |-> (({20'd0, m_axi_araddr_o[11:0]} + ((32'(m_axi_arlen_o) + 32'd1) << BEAT_SH)) <= 32'd4096))
    else $error("tritium_rd_dma: read burst crosses a 4 KB boundary");
  a_ar_aligned: assert property (@(posedge clk_i) disable iff (!rst_ni)
      m_axi_arvalid_o |-> (m_axi_araddr_o[BEAT_SH-1:0] == '0))
    else $error("tritium_rd_dma: read burst address not aligned to the bus");
  a_r_expected: assert property (@(posedge clk_i) disable iff (!rst_ni) m_axi_rvalid_i |-> !tags_empty)
    else $error("tritium_rd_dma: R beat with no read burst outstanding");
  a_phase_legal: assert property (@(posedge clk_i) disable iff (!rst_ni) phase_q inside {PhAct, PhWgt, PhDone})
    else $error("tritium_rd_dma: illegal phase");
`endif
endmodule
