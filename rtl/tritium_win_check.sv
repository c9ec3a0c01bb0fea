// DMA window check: may a burst at addr_i go to memory? Only when it lies wholly in [base_i, end_i).
// The burst is min(beats_a_i, beats_b_i) beats of 2^BEAT_SH bytes: its engine works the length out in
// the same cycle as the smaller of two candidates, and each candidate is checked against the window's
// room in parallel (min(a, b) fits when a or b does), so this check does not wait for that minimum.
// A burst never crosses a 4 KB boundary, so addr_i + bytes <= 2^ADDR_W: the compares need ADDR_W + 1
// bits, and window bits above ADDR_W only say "nothing" (base) or "all the rest" (end). The answer is
// exactly that of the unbounded compare.
module tritium_win_check #(
  parameter int ADDR_W  = 32,  // AXI4 address width in bits (14 to 64)
  parameter int BEAT_SH = 5    // log2 of the bytes per beat
) (
  input  logic [ADDR_W-1:0] addr_i,
  input  logic [12:0]       beats_a_i,  // the burst is the smaller of these two (1 .. 4096 bytes)
  input  logic [12:0]       beats_b_i,
  input  logic [63:0]       base_i,
  input  logic [63:0]       end_i,
  output logic              ok_o
);
  logic [ADDR_W:0] room;       // end - addr: the bytes the window has from addr on (negative: none)
  logic [12:0]     room_beats; // ... in whole beats, below 8 KB
  logic            base_hi, end_hi, room_big;

  assign room       = {1'b0, end_i[ADDR_W-1:0]} - {1'b0, addr_i};
  assign room_big   = |room[ADDR_W-1:13];
  assign room_beats = 13'(room[12:BEAT_SH]);
  if (ADDR_W < 64) begin : g_hi
    assign base_hi = |base_i[63:ADDR_W];
    assign end_hi  = |end_i[63:ADDR_W];
  end else begin : g_full
    assign base_hi = 1'b0;
    assign end_hi  = 1'b0;
  end
  // A whole number of beats fits the room when it fits its whole beats.
  assign ok_o = !base_hi && addr_i >= base_i[ADDR_W-1:0] &&
                (end_hi || (!room[ADDR_W] && (room_big || room_beats >= beats_a_i || room_beats >= beats_b_i)));

  logic unused_room;
  assign unused_room = ^room[BEAT_SH-1:0];
endmodule
