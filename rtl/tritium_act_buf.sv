// Activation buffer: the N tile's activation rows, written a bus beat at a time (DATA_W / (8 ROWS)
// entries of ROWS int8 values) and read one entry per cycle into the array (registered, stage 1).
// The entries live in DATA_W / (8 ROWS) banks (entry i in bank i % E, row i / E), each with one write
// port and one registered read port, so that FPGA tools map them to block RAM.
module tritium_act_buf #(
  parameter int ROWS      = 16,    // int8 values per entry (the array's rows)
  parameter int DATA_W    = 256,   // bus width: DATA_W / (8 ROWS) entries per beat
  parameter int ACT_BYTES = 32768  // buffer size in bytes
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic                                  tile_start_i,  // a new N tile: expect tile_rows_i rows
  input  logic [31:0]                           tile_rows_i,   // ... of ktb_i beats each
  input  logic [31:0]                           ktb_i,
  input  logic                                  wr_i,          // an activation beat arrives
  input  logic [DATA_W-1:0]                     wdata_i,
  input  logic [$clog2(ACT_BYTES / ROWS)-1:0]   rd_addr_i,
  output logic                                  ready_o,       // every beat of the tile has arrived
  output logic [ROWS*8-1:0]                     act_q_o        // entry rd_addr_i, registered
);
  localparam int ENT = ACT_BYTES / ROWS;
  localparam int AW  = $clog2(ENT);
  localparam int E   = DATA_W / (8 * ROWS);

  localparam int E_SH = $clog2(E);
  localparam int BAW  = (AW > E_SH) ? AW - E_SH : 1;  // row index bits (one row at the least)

  logic [AW-1:0]     wp_q;
  logic [ROWS*8-1:0] bank_rd [E];
  logic [31:0]       beat_q, rows_q, tot_q;  // beats into the current row, rows received, rows expected
  logic              row_end;

  // Counters update on the clock (writes follow bus inputs). Rows are counted, not beats, so the
  // tile's beat count (a product) is never formed.
  assign row_end = beat_q == ktb_i - 32'd1;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wp_q   <= '0;
      beat_q <= '0;
      rows_q <= '0;
      tot_q  <= '0;
    end else if (tile_start_i) begin
      wp_q   <= '0;
      beat_q <= '0;
      rows_q <= '0;
      tot_q  <= tile_rows_i;
    end else if (wr_i) begin
      wp_q   <= wp_q + AW'(E);
      beat_q <= row_end ? 32'd0 : beat_q + 32'd1;
      if (row_end) rows_q <= rows_q + 32'd1;
    end
  end

  // A beat fills one row of every bank; the array's entry is read from its bank only.
  for (genvar e = 0; e < E; e++) begin : g_bank
    logic rd_here;
    if (E == 1) begin : g_one
      assign rd_here = 1'b1;
    end else begin : g_many
      assign rd_here = rd_addr_i[E_SH-1:0] == E_SH'(e);
    end
    tritium_ram #(.WIDTH(ROWS * 8), .DEPTH(ENT / E)) u_bank (
      .clk_i, .we_i(wr_i), .waddr_i(BAW'(wp_q >> E_SH)), .wdata_i(wdata_i[e*ROWS*8 +: ROWS*8]),
      .re_i(rd_here), .raddr_i(BAW'(rd_addr_i >> E_SH)), .rdata_o(bank_rd[e])
    );
  end
  if (E == 1) begin : g_out_one
    assign act_q_o = bank_rd[0];
  end else begin : g_out_many
    logic [E_SH-1:0] sel_q;
    always_ff @(posedge clk_i) sel_q <= rd_addr_i[E_SH-1:0];
    assign act_q_o = bank_rd[sel_q];
  end

  assign ready_o = (rows_q == tot_q);

`ifndef SYNTHESIS
  a_act_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni) wr_i |-> (rows_q < tot_q))
    else $error("tritium_act_buf: more activation beats than the tile asked for");
  a_act_start_quiet: assert property (@(posedge clk_i) disable iff (!rst_ni) tile_start_i |-> !wr_i)
    else $error("tritium_act_buf: an activation beat in the cycle an N tile starts");
`endif
endmodule
