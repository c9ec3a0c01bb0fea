// Activation buffer: the N tile's activation rows, written a bus beat at a time (DATA_W / (8 ROWS)
// entries of ROWS int8 values) and read one entry per cycle into the array. Each array row's byte of
// an entry lives in a bank of its own (entry i, row r in bank (i % E, r) at i / E), each with one
// write port and one registered read port, so that FPGA tools map them to block RAM; the read address
// travels down a chain of one register per row, so row r reads the entry r cycles after row 0 and
// its byte reaches the array when the array's skew wants it, with no activation in a delay line.
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
  output logic [ROWS*8-1:0]                     act_q_o        // entry rd_addr_i of cycle t: row r's
                                                                 // byte [8r +: 8] from t + 1 + r
);
  localparam int ENT = ACT_BYTES / ROWS;
  localparam int AW  = $clog2(ENT);
  localparam int E   = DATA_W / (8 * ROWS);

  localparam int E_SH = $clog2(E);
  localparam int BAW  = (AW > E_SH) ? AW - E_SH : 1;  // row index bits (one row at the least)

  logic [AW-1:0]     wp_q;
  logic [AW-1:0]     raddr [ROWS];  // row r's read address: rd_addr_i r cycles ago
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

  assign raddr[0] = rd_addr_i;
  for (genvar r = 1; r < ROWS; r++) begin : g_chain
    always_ff @(posedge clk_i) raddr[r] <= raddr[r-1];
  end

  // A beat fills one row of every bank; each array row reads its entry's bank only.
  for (genvar r = 0; r < ROWS; r++) begin : g_row
    logic [7:0] bank_rd [E];
    for (genvar e = 0; e < E; e++) begin : g_bank
      logic rd_here;
      if (E == 1) begin : g_one
        assign rd_here = 1'b1;
      end else begin : g_many
        assign rd_here = raddr[r][E_SH-1:0] == E_SH'(e);
      end
      tritium_ram #(.WIDTH(8), .DEPTH(ENT / E)) u_bank (
        .clk_i, .we_i(wr_i), .waddr_i(BAW'(wp_q >> E_SH)), .wdata_i(wdata_i[(e*ROWS + r)*8 +: 8]),
        .re_i(rd_here), .raddr_i(BAW'(raddr[r] >> E_SH)), .rdata_o(bank_rd[e])
      );
    end
    if (E == 1) begin : g_out_one
      assign act_q_o[8*r +: 8] = bank_rd[0];
    end else begin : g_out_many
      logic [E_SH-1:0] sel_q;
      always_ff @(posedge clk_i) sel_q <= raddr[r][E_SH-1:0];
      assign act_q_o[8*r +: 8] = bank_rd[sel_q];
    end
  end

  assign ready_o = (rows_q == tot_q);

`ifndef SYNTHESIS
  a_act_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni) wr_i |-> (rows_q < tot_q))
    else $error("tritium_act_buf: more activation beats than the tile asked for");
  a_act_start_quiet: assert property (@(posedge clk_i) disable iff (!rst_ni) tile_start_i |-> !wr_i)
    else $error("tritium_act_buf: an activation beat in the cycle an N tile starts");
`endif
endmodule
