// Weight staging: a FIFO of bus beats filled by the read DMA and emptied a whole tile (TILE_BEATS beats)
// at a time into the array's shadow registers. It counts beats stored and beats reserved by bursts in
// flight, so the read DMA issues a weight burst only when all of it fits. In the base-3 format the
// decoder takes it a beat at a time instead (beat_pop_i, head_o).
//
// The tile's bits live in banks of one array row's codes (2 * COLS bits, or a beat when a row is wider),
// each with one write port and one registered read port, so that FPGA tools map them to block RAM; a
// beat is written into the banks it covers, at its tile's index. A tile loaded in cycle t is read row by
// row: the banks of array row r at t + r (the load and the tile index travel down a chain of one
// register per row), so each row's codes reach the array exactly when its skewed load does and no tile
// waits in a delay line. Its beats are therefore free for new weights only from t + ROWS on (free_o
// counts them until the last row has read). In the base-3 format the head beat is read from the banks
// it covers a cycle ahead (at the read pointer's next value) and a beat written in that same cycle is
// forwarded.
module tritium_wgt_stage #(
  parameter int ROWS       = 16,   // array rows: a tile's rows are read a cycle apart
  parameter int COLS       = 16,   // array columns: a row holds 2 * COLS bits of codes
  parameter int DATA_W     = 256,  // bus width: one entry per beat
  parameter int WGT_BEATS  = 256,  // entries (a power of two, at least two tiles)
  parameter int TILE_BEATS = 2     // beats per weight tile (a power of two): 2 * ROWS * COLS / DATA_W
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  logic                         clear_i,     // a new command: drop what a stopped job left
  input  logic                         b3_i,        // the job's stream is base-3: head_o is read
  input  logic                         wr_i,        // a weight beat arrives
  input  logic [DATA_W-1:0]            wdata_i,
  input  logic [31:0]                  reserve_i,   // beats reserved by a burst issued this cycle
  input  logic                         load_i,      // the oldest tile goes to the array
  input  logic                         beat_pop_i,  // the oldest beat goes to the base-3 decoder
  output logic                         tile_avail_o,
  output logic                         beat_avail_o,
  output logic [DATA_W-1:0]            head_o,      // the oldest beat
  output logic [31:0]                  free_o,      // beats neither stored, reserved nor being read
  output logic [TILE_BEATS*DATA_W-1:0] tile_q_o     // the tile loaded in cycle t: row r's codes
                                                    // [2 COLS r +: 2 COLS] from t + 1 + r (stage 1 + r)
);
  localparam int AW     = $clog2(WGT_BEATS);
  localparam int TB_SH  = $clog2(TILE_BEATS);
  localparam int BANK_D = WGT_BEATS / TILE_BEATS;
  localparam int BAW    = (BANK_D > 1) ? $clog2(BANK_D) : 1;
  localparam int ROW_W  = 2 * COLS;                              // codes of one array row
  localparam int G      = (ROW_W < DATA_W) ? ROW_W : DATA_W;     // bits per bank
  localparam int NB     = TILE_BEATS * DATA_W / G;               // banks
  localparam int BPB    = DATA_W / G;                            // banks per beat
  localparam int PW     = $clog2(ROWS) + 1;                      // tiles being read: 0 .. ROWS - 1
  localparam int CW     = AW + 1;                                // beat counts: 0 .. WGT_BEATS

  logic [AW-1:0]     wp_q, rp_q, rp_d;
  logic [CW-1:0]     cnt_q, infl_q;     // never above WGT_BEATS together (a_wgt_overflow)
  logic [G-1:0]      bank_rd [NB];
  logic [DATA_W-1:0] beat_rd [TILE_BEATS];
  logic              rd_en [ROWS];       // array row r reads its banks (the load, r cycles later)
  logic [BAW-1:0]    rd_tile [ROWS];     // ... at this tile index
  logic [PW-1:0]     pend_q;             // tiles loaded whose last row has not been read yet
  logic              byp_q;
  logic [DATA_W-1:0] byp_data_q;
  logic [AW-1:0]     head_ptr_q;

  // The read pointer after this cycle (clear_i wins; a tile and a beat never leave together).
  always_comb begin
    rp_d = rp_q;
    if (clear_i) rp_d = '0;
    else if (load_i) rp_d = rp_q + AW'(TILE_BEATS);
    else if (beat_pop_i) rp_d = rp_q + AW'(1);
  end

  // Counters update on the clock (writes follow bus inputs); clear_i wins.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wp_q   <= '0;
      rp_q   <= '0;
      cnt_q  <= '0;
      infl_q <= '0;
      pend_q <= '0;
    end else if (clear_i) begin
      wp_q   <= '0;
      rp_q   <= '0;
      cnt_q  <= '0;
      infl_q <= '0;
      pend_q <= '0;
    end else begin
      pend_q <= pend_q + (load_i ? PW'(1) : PW'(0)) - (rd_en[ROWS-1] ? PW'(1) : PW'(0));
      infl_q <= infl_q + CW'(reserve_i) - (wr_i ? CW'(1) : CW'(0));
      cnt_q  <= cnt_q + (wr_i ? CW'(1) : CW'(0)) - (load_i ? CW'(TILE_BEATS) : CW'(0)) -
                (beat_pop_i ? CW'(1) : CW'(0));
      if (wr_i) wp_q <= wp_q + AW'(1);
      rp_q <= rp_d;
    end
  end

  // The read chain: row 0 reads in the cycle the tile loads, row r r cycles later (clear_i drops
  // what a stopped job left in it).
  assign rd_en[0]   = load_i;
  assign rd_tile[0] = BAW'(rp_q >> TB_SH);
  for (genvar r = 1; r < ROWS; r++) begin : g_chain
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) rd_en[r] <= 1'b0;
      else rd_en[r] <= rd_en[r-1] && !clear_i;
    end
    always_ff @(posedge clk_i) rd_tile[r] <= rd_tile[r-1];
  end

  for (genvar j = 0; j < NB; j++) begin : g_bank
    localparam int PART = j / BPB;            // the tile's beat this bank holds a piece of
    localparam int ROW  = (j * G) / ROW_W;    // the array row its codes belong to
    logic wr_here, rd_here;
    logic [BAW-1:0] raddr;
    if (TILE_BEATS == 1) begin : g_one
      assign wr_here = wr_i;
      assign rd_here = b3_i || rd_en[ROW];
    end else begin : g_many
      assign wr_here = wr_i && wp_q[TB_SH-1:0] == TB_SH'(PART);
      assign rd_here = b3_i ? rp_d[TB_SH-1:0] == TB_SH'(PART) : rd_en[ROW];
    end
    // The base-3 head is read a cycle ahead, at the read pointer's next value.
    assign raddr = b3_i ? BAW'(rp_d >> TB_SH) : rd_tile[ROW];
    // Only when read: the 2-bit format copies a tile once per load, not every cycle.
    tritium_ram #(.WIDTH(G), .DEPTH(BANK_D)) u_bank (
      .clk_i, .we_i(wr_here), .waddr_i(BAW'(wp_q >> TB_SH)), .wdata_i(wdata_i[(j % BPB)*G +: G]),
      .re_i(rd_here), .raddr_i(raddr), .rdata_o(bank_rd[j])
    );
    assign tile_q_o[j*G +: G] = bank_rd[j];
  end
  for (genvar b = 0; b < TILE_BEATS; b++) begin : g_beat
    for (genvar k = 0; k < BPB; k++) begin : g_piece
      assign beat_rd[b][k*G +: G] = bank_rd[b*BPB + k];
    end
  end

  // The head beat: the bank read last cycle at the read pointer, or the beat written at it then.
  always_ff @(posedge clk_i) begin
    if (b3_i) begin
      byp_q      <= wr_i && wp_q == rp_d;
      head_ptr_q <= rp_d;
      if (wr_i) byp_data_q <= wdata_i;
    end
  end
  if (TILE_BEATS == 1) begin : g_head_one
    assign head_o = byp_q ? byp_data_q : beat_rd[0];
    logic unused_head_ptr;
    assign unused_head_ptr = ^head_ptr_q;
  end else begin : g_head_many
    assign head_o = byp_q ? byp_data_q : beat_rd[head_ptr_q[TB_SH-1:0]];
    logic unused_head_ptr;
    assign unused_head_ptr = ^head_ptr_q[AW-1:TB_SH];
  end

  assign tile_avail_o = cnt_q >= CW'(TILE_BEATS);
  assign beat_avail_o = cnt_q != '0;
  logic [CW-1:0] free;
  assign free         = CW'(WGT_BEATS) - cnt_q - infl_q - (CW'(pend_q) << TB_SH);
  assign free_o       = 32'(free);
  // A burst reserves at most what free_o offered.
  logic unused_reserve;
  assign unused_reserve = ^reserve_i[31:CW];

`ifndef SYNTHESIS
  a_wgt_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !clear_i |-> (32'(cnt_q) + 32'(infl_q) + (32'(pend_q) << TB_SH) <= 32'(WGT_BEATS)))
    else $error("tritium_wgt_stage: more weight beats stored and reserved than the FIFO holds");
  a_wgt_underflow: assert property (@(posedge clk_i) disable iff (!rst_ni) load_i |-> tile_avail_o)
    else $error("tritium_wgt_stage: a tile loaded before all its beats arrived");
  a_wgt_pop: assert property (@(posedge clk_i) disable iff (!rst_ni) beat_pop_i |-> (beat_avail_o && !load_i))
    else $error("tritium_wgt_stage: a beat taken from an empty FIFO, or beside a tile");
  a_wgt_unreserved: assert property (@(posedge clk_i) disable iff (!rst_ni) (wr_i && !clear_i) |-> infl_q != '0)
    else $error("tritium_wgt_stage: a weight beat no burst reserved");
  a_wgt_tile_aligned: assert property (@(posedge clk_i) disable iff (!rst_ni) load_i |-> (32'(rp_q) % TILE_BEATS == 0))
    else $error("tritium_wgt_stage: a tile loaded from a pointer that is not a tile boundary");
  a_wgt_head_read: assert property (@(posedge clk_i) disable iff (!rst_ni) beat_pop_i |-> (b3_i && $past(b3_i) && head_ptr_q == rp_q))
    else $error("tritium_wgt_stage: a base-3 beat taken that was not read ahead");
  a_wgt_pend: assert property (@(posedge clk_i) disable iff (!rst_ni) 32'(pend_q) < 32'(ROWS))
    else $error("tritium_wgt_stage: more tiles being read than the array has rows");
  a_wgt_reserve: assert property (@(posedge clk_i) disable iff (!rst_ni) reserve_i <= free_o)
    else $error("tritium_wgt_stage: a burst reserved more beats than were free");
`endif
endmodule
