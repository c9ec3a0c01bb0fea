// ROWS x COLS weight-stationary array. Row r holds weights W[m0 + c][k0 + r]; partial sums move down
// the columns one row per cycle, and activation x[k0 + r] is broadcast along row r. Row r therefore
// sees its inputs r cycles after row 0, and every column's sum leaves the bottom row in the same
// cycle, ROWS cycles after the inputs were presented. The load/swap controls are skewed here (a chain);
// the activations and the weight codes arrive skewed already (row r's r cycles after row 0's, read
// from the buffers' row banks a cycle apart), so no data waits in a delay line, and a tile loaded in
// the same cycle as the previous tile's first activation lands in each row's shadow register exactly
// when that row has swapped the previous tile in.
//
// Row r's sums have 8 + clog2(r + 1) + 1 bits: r + 1 terms of [-128, 128] never overflow them, so
// the upper rows are the only ones as wide as PSUM_W.
module tritium_array #(
  parameter int ROWS   = 16,                     // K-direction size (rows of PEs)
  parameter int COLS   = 16,                     // M-direction size (columns of PEs)
  parameter int PSUM_W = 8 + $clog2(ROWS) + 1    // column sum width: never overflows
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic [ROWS*8-1:0]        act_i,   // activation r at [8r +: 8], row r r cycles after row 0
  input  logic [2*ROWS*COLS-1:0]   tile_i,  // code of row r, column c at [2(r*COLS + c) +: 2], row r
                                            // r cycles after load_i
  input  logic                     load_i,  // tile_i goes to the shadow registers (row 0 now)
  input  logic                     swap_i,  // act_i is the first activation of the loaded tile
  output logic [COLS*PSUM_W-1:0]   sum_o    // column c at [c*PSUM_W +: PSUM_W], ROWS cycles later
);
  // The controls of row r: row r-1's a cycle later (a chain, not a delay line per row).
  logic [1:0] ctl [ROWS];
  assign ctl[0] = {load_i, swap_i};
  for (genvar r = 1; r < ROWS; r++) begin : g_ctl
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) ctl[r] <= 2'b00;
      else ctl[r] <= ctl[r-1];
    end
  end

  // Every row's sums, sign-extended to PSUM_W (wires only: each PE adds its row's width).
  logic [PSUM_W-1:0] psum [ROWS+1][COLS];
  for (genvar c = 0; c < COLS; c++) begin : g_top
    assign psum[0][c] = '0;
  end

  for (genvar r = 0; r < ROWS; r++) begin : g_row
    localparam int OW = 8 + $clog2(r + 1) + 1;            // r + 1 terms
    localparam int IW = (r == 0) ? 1 : 8 + $clog2(r) + 1;  // the row above's
    for (genvar c = 0; c < COLS; c++) begin : g_col
      logic [OW-1:0] sum;
      tritium_pe #(.IN_W(IW), .PSUM_W(OW)) u_pe (
        .clk_i,
        .rst_ni,
        .act_i  (act_i[8*r +: 8]),
        .psum_i (psum[r][c][IW-1:0]),
        .load_i (ctl[r][1]),
        .wcode_i(tile_i[2*(r*COLS + c) +: 2]),
        .swap_i (ctl[r][0]),
        .psum_o (sum)
      );
      assign psum[r+1][c] = PSUM_W'($signed(sum));
    end
  end

  for (genvar c = 0; c < COLS; c++) begin : g_out
    assign sum_o[c*PSUM_W +: PSUM_W] = psum[ROWS][c];
  end

`ifndef SYNTHESIS
  initial begin
    if (PSUM_W < 8 + $clog2(ROWS) + 1)
      $fatal(1, "tritium_array: PSUM_W %0d is narrower than the %0d bits %0d rows need", PSUM_W, 8 + $clog2(ROWS) + 1, ROWS);
  end
`endif
endmodule
