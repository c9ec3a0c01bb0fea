// ROWS x COLS weight-stationary array. Row r holds weights W[m0 + c][k0 + r]; partial sums move down
// the columns one row per cycle, and activation x[k0 + r] is broadcast along row r. Row r therefore
// sees its inputs r cycles after row 0 (the skew below), and every column's sum leaves the bottom row
// in the same cycle, ROWS cycles after the inputs were presented. Weight loads are skewed the same way,
// so a tile loaded in the same cycle as the previous tile's first activation lands in each row's
// shadow register exactly when that row has swapped the previous tile in.
module tritium_array #(
  parameter int ROWS   = 16,                     // K-direction size (rows of PEs)
  parameter int COLS   = 16,                     // M-direction size (columns of PEs)
  parameter int PSUM_W = 8 + $clog2(ROWS) + 1    // column sum width: never overflows
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic [ROWS*8-1:0]        act_i,   // activation r at [8r +: 8]
  input  logic [2*ROWS*COLS-1:0]   tile_i,  // code of row r, column c at [2(r*COLS + c) +: 2]
  input  logic                     load_i,  // tile_i goes to the shadow registers
  input  logic                     swap_i,  // act_i is the first activation of the loaded tile
  output logic [COLS*PSUM_W-1:0]   sum_o    // column c at [c*PSUM_W +: PSUM_W], ROWS cycles later
);
  localparam int DW = 2 * COLS + 8;  // per-row data: codes and activation (no reset: shift-register LUTs)

  logic [PSUM_W-1:0] psum [ROWS+1][COLS];

  for (genvar c = 0; c < COLS; c++) begin : g_top
    assign psum[0][c] = '0;
  end

  for (genvar r = 0; r < ROWS; r++) begin : g_row
    // The row's data, skewed with no reset (a stale value is never loaded or summed: the control
    // bits, which are reset, say when it counts), and its control bits.
    logic [DW-1:0] data_sk;
    logic [1:0]    ctl_sk;
    logic [DW+1:0] row_sk;
    tritium_delay #(.WIDTH(DW), .DEPTH(r), .RESET(1'b0)) u_skew (
      .clk_i, .rst_ni, .d_i({tile_i[2*COLS*r +: 2*COLS], act_i[8*r +: 8]}), .q_o(data_sk)
    );
    tritium_delay #(.WIDTH(2), .DEPTH(r)) u_skew_ctl (
      .clk_i, .rst_ni, .d_i({load_i, swap_i}), .q_o(ctl_sk)
    );
    assign row_sk = {data_sk, ctl_sk};
    for (genvar c = 0; c < COLS; c++) begin : g_col
      tritium_pe #(.PSUM_W(PSUM_W)) u_pe (
        .clk_i,
        .rst_ni,
        .act_i  (row_sk[9:2]),
        .psum_i (psum[r][c]),
        .load_i (row_sk[1]),
        .wcode_i(row_sk[10 + 2*c +: 2]),
        .swap_i (row_sk[0]),
        .psum_o (psum[r+1][c])
      );
    end
  end

  for (genvar c = 0; c < COLS; c++) begin : g_out
    assign sum_o[c*PSUM_W +: PSUM_W] = psum[ROWS][c];
  end
endmodule
