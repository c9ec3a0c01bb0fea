// Activation buffer: the N tile's activation rows, written a bus beat at a time (DATA_W / (8 ROWS)
// entries of ROWS int8 values) and read one entry per cycle into the array (registered, stage 1).
module tritium_act_buf #(
  parameter int ROWS      = 16,    // int8 values per entry (the array's rows)
  parameter int DATA_W    = 256,   // bus width: DATA_W / (8 ROWS) entries per beat
  parameter int ACT_BYTES = 32768  // buffer size in bytes
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic                                  tile_start_i,  // a new N tile: expect tile_beats_i beats
  input  logic [31:0]                           tile_beats_i,
  input  logic                                  wr_i,          // an activation beat arrives
  input  logic [DATA_W-1:0]                     wdata_i,
  input  logic [$clog2(ACT_BYTES / ROWS)-1:0]   rd_addr_i,
  output logic                                  ready_o,       // every beat of the tile has arrived
  output logic [ROWS*8-1:0]                     act_q_o        // entry rd_addr_i, registered
);
  localparam int ENT = ACT_BYTES / ROWS;
  localparam int AW  = $clog2(ENT);
  localparam int E   = DATA_W / (8 * ROWS);

  logic [ROWS*8-1:0] mem_q [ENT];
  logic [AW-1:0]     wp_q;
  logic [31:0]       rcv_q, tot_q;

  // Counters update on the clock (writes follow bus inputs); a beat in the tile's first cycle counts.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wp_q  <= '0;
      rcv_q <= '0;
      tot_q <= '0;
    end else begin
      if (tile_start_i) begin
        wp_q  <= '0;
        rcv_q <= '0;
        tot_q <= tile_beats_i;
      end
      if (wr_i) begin
        wp_q  <= wp_q + AW'(E);
        rcv_q <= rcv_q + 32'd1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (wr_i) begin
      for (int e = 0; e < E; e++) mem_q[wp_q | AW'(e)] <= wdata_i[e*ROWS*8 +: ROWS*8];
    end
    act_q_o <= mem_q[rd_addr_i];
  end

  assign ready_o = (rcv_q == tot_q);

`ifndef SYNTHESIS
  a_act_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni) wr_i |-> (rcv_q < tot_q))
    else $error("tritium_act_buf: more activation beats than the tile asked for");
`endif
endmodule
