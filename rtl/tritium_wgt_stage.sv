// Weight staging: a FIFO of bus beats filled by the read DMA and emptied a whole tile (TILE_BEATS beats)
// at a time into the array's shadow registers. It counts beats stored and beats reserved by bursts in
// flight, so the read DMA issues a weight burst only when all of it fits. In the base-3 format the
// decoder takes it a beat at a time instead (beat_pop_i, head_o).
module tritium_wgt_stage #(
  parameter int DATA_W     = 256,  // bus width: one entry per beat
  parameter int WGT_BEATS  = 256,  // entries (a power of two, at least two tiles)
  parameter int TILE_BEATS = 2     // beats per weight tile
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  logic                         clear_i,     // a new command: drop what a stopped job left
  input  logic                         wr_i,        // a weight beat arrives
  input  logic [DATA_W-1:0]            wdata_i,
  input  logic [31:0]                  reserve_i,   // beats reserved by a burst issued this cycle
  input  logic                         load_i,      // the oldest tile goes to the array
  input  logic                         beat_pop_i,  // the oldest beat goes to the base-3 decoder
  output logic                         tile_avail_o,
  output logic                         beat_avail_o,
  output logic [DATA_W-1:0]            head_o,      // the oldest beat
  output logic [31:0]                  free_o,      // beats neither stored nor reserved
  output logic [TILE_BEATS*DATA_W-1:0] tile_q_o     // the oldest tile, registered (stage 1)
);
  localparam int AW = $clog2(WGT_BEATS);

  logic [DATA_W-1:0] mem_q [WGT_BEATS];
  logic [AW-1:0]     wp_q, rp_q;
  logic [31:0]       cnt_q, infl_q;
  logic [TILE_BEATS*DATA_W-1:0] tile_rd;

  // Counters update on the clock (writes follow bus inputs); clear_i wins.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wp_q   <= '0;
      rp_q   <= '0;
      cnt_q  <= '0;
      infl_q <= '0;
    end else if (clear_i) begin
      wp_q   <= '0;
      rp_q   <= '0;
      cnt_q  <= '0;
      infl_q <= '0;
    end else begin
      infl_q <= infl_q + reserve_i - (wr_i ? 32'd1 : 32'd0);
      cnt_q  <= cnt_q + (wr_i ? 32'd1 : 32'd0) - (load_i ? 32'(TILE_BEATS) : 32'd0) -
                (beat_pop_i ? 32'd1 : 32'd0);
      if (wr_i) wp_q <= wp_q + AW'(1);
      if (load_i) rp_q <= rp_q + AW'(TILE_BEATS);
      if (beat_pop_i) rp_q <= rp_q + AW'(1);
    end
  end

  always_ff @(posedge clk_i) begin
    if (wr_i) mem_q[wp_q] <= wdata_i;
  end

  for (genvar b = 0; b < TILE_BEATS; b++) begin : g_tile_rd
    assign tile_rd[b*DATA_W +: DATA_W] = mem_q[rp_q | AW'(b)];
  end
  // Registered only when a tile leaves: nothing else reads it, and a cycle-based simulator then
  // copies it once per tile instead of every cycle.
  always_ff @(posedge clk_i) begin
    if (load_i) tile_q_o <= tile_rd;
  end

  assign tile_avail_o = cnt_q >= 32'(TILE_BEATS);
  assign beat_avail_o = cnt_q != 32'd0;
  assign head_o       = mem_q[rp_q];
  assign free_o       = 32'(WGT_BEATS) - cnt_q - infl_q;

`ifndef SYNTHESIS
  a_wgt_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni) !clear_i |-> (cnt_q + infl_q <= 32'(WGT_BEATS)))
    else $error("tritium_wgt_stage: more weight beats stored and reserved than the FIFO holds");
  a_wgt_underflow: assert property (@(posedge clk_i) disable iff (!rst_ni) load_i |-> tile_avail_o)
    else $error("tritium_wgt_stage: a tile loaded before all its beats arrived");
  a_wgt_pop: assert property (@(posedge clk_i) disable iff (!rst_ni) beat_pop_i |-> (beat_avail_o && !load_i))
    else $error("tritium_wgt_stage: a beat taken from an empty FIFO, or beside a tile");
  a_wgt_unreserved: assert property (@(posedge clk_i) disable iff (!rst_ni) (wr_i && !clear_i) |-> infl_q != '0)
    else $error("tritium_wgt_stage: a weight beat no burst reserved");
`endif
endmodule
