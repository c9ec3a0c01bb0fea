// Base-3 weight decoder, between the weight staging FIFO and the array. A base-3 weight stream holds
// the weights of the 2-bit stream in the same order (tile after tile, code j of a tile at
// [2j +: 2]), five per byte: byte = sum over i < 5 of d_i * 3^i, d_i = w + 1 of the byte's i-th
// weight; tiles follow each other with no padding and a pass (the stream of one N tile) ends at a
// whole beat. A beat taken from staging is decoded into a register (BUS_B bytes into 5 * BUS_B codes,
// one beat per cycle) and written the next cycle into a buffer of slots of BUS_B codes (a unit); a
// whole tile leaves the front of the buffer when the feeder loads it. A beat brings 5 units, a tile
// takes 4 * TILE_BEATS, so a beat lands in one of a few places: each slot chooses among five
// units, not a barrel shifter over the buffer. A byte above 242 is a fault (ERR_WEIGHT_CODE): from
// the cycle after its beat is taken no tile is offered, so no tile holding it reaches the array.
// Every register moves only when a beat or a tile does: the 2-bit format costs a cycle-based
// simulator nothing here.
module tritium_b3_dec #(
  parameter int ROWS   = 16,  // array rows
  parameter int COLS   = 16,  // array columns
  parameter int DATA_W = 256  // bus width: one beat decoded per cycle
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic                     clear_i,       // a new command
  input  logic                     pass_start_i,  // an N tile starts: its stream holds pass_tiles_i tiles
  input  logic [31:0]              pass_tiles_i,
  input  logic                     beat_avail_i,  // staging holds a beat
  input  logic [DATA_W-1:0]        beat_i,        // the oldest staged beat
  output logic                     beat_pop_o,    // it is taken this cycle
  output logic                     tile_avail_o,  // a whole tile is decoded
  input  logic                     load_i,        // the front tile goes to the array
  output logic [2*ROWS*COLS-1:0]   tile_q_o,      // the tile loaded last cycle (stage 1)
  output logic                     err_o,         // a byte above 242 was taken (until clear_i)
  output logic [31:0]              err_off_o      // the byte offset in the pass's stream of its beat
);
  localparam int BUS_B  = DATA_W / 8;
  localparam int UNIT_W = 2 * BUS_B;                // bits of one unit (BUS_B codes)
  localparam int TILE_U = 2 * ROWS * COLS / UNIT_W; // units per tile: 4 * TILE_BEATS
  localparam int BEAT_U = 5;                        // units per beat
  // Slots: a tile, the beat being written and the beat being decoded, so that a beat can be taken
  // every cycle while tiles leave (with fewer, the decode register's beat stalls the next).
  localparam int CAP_U  = TILE_U + 2 * BEAT_U;
  localparam int FW     = $clog2(CAP_U + 1);

  logic [CAP_U*UNIT_W-1:0]  slot_q;          // slot u at [UNIT_W*u +: UNIT_W]; one vector, so a simulator
                                             // keeps one shadow copy, not one per slot
  logic [BEAT_U*UNIT_W-1:0] chunk_q;         // the beat taken last cycle, decoded
  logic                     pend_q;          // ... waiting to be written at slot pos_q
  logic [FW-1:0]            pos_q, pos_now;
  logic [FW-1:0]            fill_q, fill_left, written;  // fill_q counts the pending beat's units too
  logic [31:0]              tiles_q, tiles_left, beats_q;
  logic                     bad_q;

  // What remains after this cycle's tile leaves; a beat is taken if it fits behind that and the pass
  // still needs codes the buffer does not hold (the pass's last beat may end in unused digits).
  assign written    = fill_q - (pend_q ? FW'(BEAT_U) : FW'(0));
  assign fill_left  = load_i ? fill_q - FW'(TILE_U) : fill_q;
  assign tiles_left = load_i ? tiles_q - 32'd1 : tiles_q;
  assign beat_pop_o = beat_avail_i && !bad_q && 32'(fill_left) + 32'(BEAT_U) <= 32'(CAP_U) &&
                      (tiles_left > 32'd1 || (tiles_left == 32'd1 && 32'(fill_left) < 32'(TILE_U)));
  assign tile_avail_o = tiles_q != 32'd0 && 32'(written) >= 32'(TILE_U) && !bad_q;
  // Where the pending beat lands once this cycle's tile has left.
  assign pos_now    = load_i ? pos_q - FW'(TILE_U) : pos_q;
  assign err_o      = bad_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fill_q    <= '0;
      tiles_q   <= '0;
      beats_q   <= '0;
      pend_q    <= 1'b0;
      pos_q     <= '0;
      bad_q     <= 1'b0;
      err_off_o <= '0;
    end else if (clear_i) begin
      fill_q    <= '0;
      tiles_q   <= '0;
      beats_q   <= '0;
      pend_q    <= 1'b0;
      bad_q     <= 1'b0;
      err_off_o <= '0;
    end else if (pass_start_i) begin
      fill_q  <= '0;
      tiles_q <= pass_tiles_i;
      beats_q <= '0;
      pend_q  <= 1'b0;
    end else begin
      tiles_q <= tiles_left;
      // The last tile of a pass drops the unused digits of the pass's last beat.
      if (load_i && tiles_left == 32'd0) fill_q <= '0;
      else fill_q <= fill_left + (beat_pop_o ? FW'(BEAT_U) : FW'(0));
      pend_q <= beat_pop_o;
      if (beat_pop_o) begin
        pos_q   <= fill_left;
        beats_q <= beats_q + 32'd1;
        for (int b = 0; b < BUS_B; b++) begin
          if (beat_i[8*b +: 8] > 8'd242) begin
            bad_q     <= 1'b1;
            err_off_o <= beats_q << $clog2(BUS_B);
          end
        end
      end
    end
  end

  // Data: decoded only when a beat is taken, written into the slots the cycle after, shifted when a
  // tile leaves. Slots at or above the fill level are never read before a beat writes them.
  always_ff @(posedge clk_i) begin
    if (beat_pop_o) begin
      for (int b = 0; b < BUS_B; b++) chunk_q[10*b +: 10] <= tritium_reg_pkg::b3_codes(beat_i[8*b +: 8]);
    end
    if (load_i || pend_q) begin
      for (int u = 0; u < CAP_U; u++) begin
        if (pend_q && u >= 32'(pos_now) && u < 32'(pos_now) + BEAT_U) begin
          slot_q[UNIT_W*u +: UNIT_W] <= chunk_q[UNIT_W * 3'(u - 32'(pos_now)) +: UNIT_W];
        end else if (load_i && u + TILE_U < CAP_U) begin
          slot_q[UNIT_W*u +: UNIT_W] <= slot_q[UNIT_W*(u + TILE_U) +: UNIT_W];
        end
      end
    end
    if (load_i) tile_q_o <= slot_q[TILE_U*UNIT_W-1:0];
  end

`ifndef SYNTHESIS
  a_b3_load_avail: assert property (@(posedge clk_i) disable iff (!rst_ni) load_i |-> tile_avail_o)
    else $error("tritium_b3_dec: a tile loaded before it was decoded");
  a_b3_fill: assert property (@(posedge clk_i) disable iff (!rst_ni) 32'(fill_q) <= 32'(CAP_U))
    else $error("tritium_b3_dec: code buffer overflow");
  a_b3_pending_place: assert property (@(posedge clk_i) disable iff (!rst_ni)
      pend_q |-> (pos_q == written && (!load_i || 32'(pos_q) >= 32'(TILE_U))))
    else $error("tritium_b3_dec: a decoded beat would land off the end of the buffer");
  a_b3_pass_end: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (load_i && tiles_q == 32'd1) |-> (!pend_q && 32'(fill_q) < 32'(TILE_U + BEAT_U)))
    else $error("tritium_b3_dec: a pass ended with a beat undecoded");
`endif
endmodule
