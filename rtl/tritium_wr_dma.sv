// Write DMA: writes the output buffer of each M tile back, one INCR burst per (row n, M tile) segment
// of ceil(valid columns * 4 / bus bytes) beats with byte strobes for the valid columns. A segment that
// would cross a 4 KB boundary is split there into two bursts. Up to WR_BURSTS bursts wait for their B
// response; their addresses wait in a queue so a failed response names its burst. A burst outside the
// results' window is never issued: the engine reports it and drops the segment instead.
module tritium_wr_dma #(
  parameter int DATA_W    = 256,  // AXI4 data width in bits
  parameter int ADDR_W    = 32,   // AXI4 address width in bits
  parameter int COLS      = 16,   // int32 results per M-tile segment
  parameter int ACC_NT    = 64,   // output buffer rows
  parameter int WR_BURSTS = 8     // write bursts awaiting B
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      run_i,
  input  logic                      clear_i,       // a new command: forget bursts of a stopped job
  input  logic                      tile_start_i,  // an N tile starts: M tiles count from 0
  input  logic                      start_i,       // the output buffer holds the next M tile
  input  logic [31:0]               nt_i,          // rows of the N tile
  input  logic [31:0]               m_i,           // M of the command
  input  logic [31:0]               ys_i,          // bytes between result rows
  input  logic [ADDR_W-1:0]         y_tile_i,      // result row 0 of the N tile
  output logic                      rd_en_o,       // read the output buffer beat of next cycle:
  output logic [$clog2(ACC_NT)-1:0] rd_row_o,      // ... its row
  output logic [31:0]               rd_beat_o,     // ... and its beat in the row
  input  logic [DATA_W-1:0]         rd_data_i,     // the beat read last cycle
  output logic                      release_o,     // the output buffer is free again
  output logic [31:0]               mt_o,          // M tiles written in this N tile
  output logic                      idle_o,        // no M tile being written
  output logic                      writing_o,     // an address or data phase is under way
  output logic                      empty_o,       // no burst awaits its B response
  output logic                      b_err_o,       // a B response with SLVERR/DECERR
  output logic [ADDR_W-1:0]         b_err_addr_o,  // ... for the burst at this address
  input  logic [127:0]              win_y_i,       // the results' window: {end, base}, end exclusive
  output logic                      win_err_o,     // the burst in the address phase lies outside it
  output logic [ADDR_W-1:0]         win_err_addr_o,

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
  output logic                m_axi_bready_o
);
  localparam int BUS_B     = DATA_W / 8;
  localparam int BEAT_SH   = $clog2(BUS_B);
  localparam int OUT_BEATS = COLS * 32 / DATA_W;
  localparam int OB_W      = $clog2(OUT_BEATS) + 2;  // holds OUT_BEATS itself
  localparam int COL_SH    = $clog2(COLS);
  localparam int YSEG_SH   = $clog2(COLS * 4);
  localparam int ACC_AW    = $clog2(ACC_NT);

  // Row: the next segment waits for a free B slot; Aw/W: one burst; Split: the rest of a segment
  // after a 4 KB boundary waits for a free B slot.
  typedef enum logic [2:0] {WbIdle, WbRow, WbAw, WbW, WbSplit} wb_state_e;

  wb_state_e         state_q, state_d;
  logic [31:0]       mt_q, row_q, nt_q, vcols_q;
  logic [OB_W-1:0]   beat_q, beats_q, bend_q;
  logic [ADDR_W-1:0] addr_q;
  logic [ADDR_W-1:0] aw_addr_q;  // the burst's address, registered as the address phase begins

  logic [ADDR_W-1:0] seg, cur;
  logic [31:0]       m0, vc, to4k;
  logic              aw_hs, w_hs, burst_last, seg_last, last_row, q_full, q_empty, aw_ok;
  logic [DATA_W/8-1:0] strb;

  assign seg   = addr_q + (ADDR_W'(mt_q) << YSEG_SH);
  assign cur   = seg + (ADDR_W'(beat_q) << BEAT_SH);
  // Beats from cur to the next 4 KB boundary.
  assign to4k  = (32'd4096 - {20'd0, cur[11:0]}) >> BEAT_SH;
  assign m0    = mt_q << COL_SH;
  assign vc    = (m_i - m0 < 32'(COLS)) ? m_i - m0 : 32'(COLS);
  assign aw_hs = (state_q == WbAw) && aw_ok && m_axi_awready_i;
  logic [12:0] aw_beats;  // the burst at cur: beat_q up to bend_q
  assign aw_beats = 13'(32'(bend_q) - 32'(beat_q));
  tritium_win_check #(.ADDR_W(ADDR_W), .BEAT_SH(BEAT_SH)) u_win (
    .addr_i(aw_addr_q), .beats_a_i(aw_beats), .beats_b_i(aw_beats), .base_i(win_y_i[63:0]),
    .end_i(win_y_i[127:64]), .ok_o(aw_ok)
  );
  assign w_hs  = (state_q == WbW) && m_axi_wready_i;
  assign burst_last = (beat_q == bend_q - OB_W'(1));
  assign seg_last   = (beat_q == beats_q - OB_W'(1));
  assign last_row   = (row_q == nt_q - 32'd1);

  always_comb begin
    for (int i = 0; i < BUS_B; i++) begin
      strb[i] = ((({{(32-OB_W){1'b0}}, beat_q} << BEAT_SH) + 32'(i)) >> 2) < vcols_q;
    end
  end

  // The burst that starts at beat_q: the rest of the segment, cut at a 4 KB boundary.
  function automatic logic [OB_W-1:0] burst_end(input logic [OB_W-1:0] beat, input logic [OB_W-1:0] beats,
                                                input logic [31:0] room);
    burst_end = (32'(beats) - 32'(beat) > room) ? OB_W'(32'(beat) + room) : beats;
  endfunction

  // Next state: the FSM alone (it follows AWREADY and WREADY; the data registers below update on the
  // clock, in the same priority).
  always_comb begin
    state_d = state_q;
    unique case (state_q)
      WbIdle:          if (start_i) state_d = WbRow;
      WbRow, WbSplit:  if (!run_i) state_d = WbIdle;
                       else if (!q_full) state_d = WbAw;
      WbAw:            if (!aw_ok) state_d = WbIdle;  // refused: the job stops on win_err_o
                       else if (m_axi_awready_i) state_d = WbW;
      WbW:             if (w_hs) begin
                         if (seg_last) state_d = last_row ? WbIdle : WbRow;
                         else if (burst_last) state_d = WbSplit;
                       end
      default:         state_d = WbIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= WbIdle;
      mt_q    <= '0;
      row_q   <= '0;
      nt_q    <= '0;
      vcols_q <= '0;
      beat_q  <= '0;
      beats_q <= '0;
      bend_q  <= '0;
      addr_q  <= '0;
      aw_addr_q <= '0;
    end else begin
      state_q <= state_d;
      if (tile_start_i) mt_q <= '0;
      unique case (state_q)
        WbIdle: begin
          if (start_i) begin
            row_q   <= '0;
            nt_q    <= nt_i;
            addr_q  <= y_tile_i;
            vcols_q <= vc;
            // ceil(valid columns * 4 / bus bytes)
            beats_q <= OB_W'((({vc[29:0], 2'b00}) + 32'(BUS_B - 1)) >> BEAT_SH);
          end
        end
        WbRow, WbSplit: begin
          if (run_i && !q_full) begin
            if (state_q == WbRow) beat_q <= '0;
            // cur as it will be in the address phase (a row's first burst starts at its segment):
            // a register, so that the window check there does not wait for cur's two adders.
            aw_addr_q <= (state_q == WbRow) ? seg : cur;
            bend_q <= burst_end(state_q == WbRow ? '0 : beat_q, beats_q,
                                state_q == WbRow ? (32'd4096 - {20'd0, seg[11:0]}) >> BEAT_SH : to4k);
          end
        end
        WbW: begin
          if (w_hs) begin
            beat_q <= beat_q + OB_W'(1);
            if (seg_last) begin
              addr_q <= addr_q + ADDR_W'(ys_i);
              if (last_row) mt_q <= mt_q + 32'd1;
              else row_q <= row_q + 32'd1;
            end
          end
        end
        default: ;
      endcase
    end
  end

  // Addresses of the bursts awaiting B (responses come in order).
  tritium_fifo #(.WIDTH(ADDR_W), .DEPTH(WR_BURSTS)) u_aw_q (
    .clk_i, .rst_ni,
    .clear_i,
    .push_i (aw_hs),
    .data_i (aw_addr_q),
    .pop_i  (m_axi_bvalid_i),
    .head_o (b_err_addr_o),
    .full_o (q_full),
    .empty_o(q_empty)
  );

  // The W data of next cycle, read from the output buffer's registered port: in the address phase
  // the burst's first beat, in the data phase the beat after a handshake (the buffer is not written
  // while the engine drains it, so a beat read again is the same).
  assign rd_en_o   = writing_o;
  assign rd_row_o  = row_q[ACC_AW-1:0];
  assign rd_beat_o = 32'(beat_q) + (w_hs ? 32'd1 : 32'd0);
  assign release_o = w_hs && seg_last && last_row;
  assign mt_o      = mt_q;
  assign idle_o    = (state_q == WbIdle);
  assign writing_o = (state_q == WbAw) || (state_q == WbW);
  assign empty_o   = q_empty;
  assign b_err_o   = m_axi_bvalid_i && m_axi_bresp_i[1];
  assign win_err_o      = (state_q == WbAw) && !aw_ok;
  assign win_err_addr_o = aw_addr_q;

  assign m_axi_awaddr_o  = aw_addr_q;
  assign m_axi_awlen_o   = 8'(32'(bend_q) - 32'(beat_q) - 32'd1);
  assign m_axi_awsize_o  = 3'(BEAT_SH);
  assign m_axi_awburst_o = 2'b01;
  assign m_axi_awvalid_o = (state_q == WbAw) && aw_ok;
  assign m_axi_wdata_o   = rd_data_i;
  assign m_axi_wstrb_o   = strb;
  assign m_axi_wlast_o   = burst_last;
  assign m_axi_wvalid_o  = (state_q == WbW);
  assign m_axi_bready_o  = 1'b1;

  // Only bit 1 of a response tells OKAY/EXOKAY from SLVERR/DECERR.
  logic unused_resp;
  assign unused_resp = m_axi_bresp_i[0];
  // Row addresses are ADDR_W bits and wrap there, as the address bus does: stride bits above are moot.
  if (ADDR_W < 32) begin : g_ys_hi
    logic unused_ys;
    assign unused_ys = ^ys_i[31:ADDR_W];
  end

`ifdef TRITIUM_ASSERTIONS
  // The beats of the burst in its data phase, counted apart from the engine's own state (checked
  // models only: the fast ones carry no assertion logic at all).
  logic [8:0] a_len_q, a_cnt_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_len_q <= '0;
      a_cnt_q <= '0;
    end else begin
      if (aw_hs) a_len_q <= {1'b0, m_axi_awlen_o} + 9'd1;
      if (aw_hs) a_cnt_q <= '0;
      else if (m_axi_wvalid_o && m_axi_wready_i) a_cnt_q <= a_cnt_q + 9'd1;
    end
  end
  a_aw_hold: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (m_axi_awvalid_o && !m_axi_awready_i) |=> (m_axi_awvalid_o && $stable(m_axi_awaddr_o) && $stable(m_axi_awlen_o)))
    else $error("tritium_wr_dma: AWVALID dropped or AW payload changed before AWREADY");
  a_w_hold: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (m_axi_wvalid_o && !m_axi_wready_i) |=> (m_axi_wvalid_o && $stable(m_axi_wdata_o) && $stable(m_axi_wstrb_o) &&
                                               $stable(m_axi_wlast_o)))
    else $error("tritium_wr_dma: WVALID dropped or W payload changed before WREADY");
  a_aw_4k: assert property (@(posedge clk_i) disable iff (!rst_ni)
      m_axi_awvalid_o |-> (({20'd0, m_axi_awaddr_o[11:0]} + ((32'(m_axi_awlen_o) + 32'd1) << BEAT_SH)) <= 32'd4096))
    else $error("tritium_wr_dma: write burst crosses a 4 KB boundary");
  a_wlast: assert property (@(posedge clk_i) disable iff (!rst_ni)
      m_axi_wvalid_o |-> (m_axi_wlast_o == (a_cnt_q == a_len_q - 9'd1)))
    else $error("tritium_wr_dma: WLAST not on the last beat of the burst");
  a_b_expected: assert property (@(posedge clk_i) disable iff (!rst_ni) m_axi_bvalid_i |-> !q_empty)
    else $error("tritium_wr_dma: B response with no write burst outstanding");
  a_state_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {WbIdle, WbRow, WbAw, WbW, WbSplit})
    else $error("tritium_wr_dma: illegal state");
  a_aw_addr: assert property (@(posedge clk_i) disable iff (!rst_ni) (state_q == WbAw) |-> (aw_addr_q == cur))
    else $error("tritium_wr_dma: the registered burst address is not the segment's current address");
`endif
endmodule
