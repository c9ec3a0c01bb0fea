// One ternary processing element: adds, subtracts or passes an int8 activation into the partial sum
// flowing down its column. A single adder with a conditional one's complement plus carry-in does
// both add and subtract (measured smaller and faster on iCE40 than an adder/subtractor pair).
// The shadow weight lets the next tile load while the current one computes; swap_i arrives with the
// first activation of the new tile so the change follows the data wavefront row by row.
module tritium_pe #(
  parameter int IN_W   = 12,  // width of the partial sum from above (sign-extended here)
  parameter int PSUM_W = 13   // width of this PE's sum: 8 + clog2(terms so far) + 1, never overflows
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic [7:0]        act_i,    // int8 activation of this row
  input  logic [IN_W-1:0]   psum_i,   // partial sum from the PE above (0 for row 0)
  input  logic              load_i,   // write wcode_i into the shadow weight
  input  logic [1:0]        wcode_i,  // 2-bit ternary code: bit 0 nonzero, bit 1 negate
  input  logic              swap_i,   // shadow becomes active, used already for this activation
  output logic [PSUM_W-1:0] psum_o
);
  logic [1:0]        active_q, shadow_q, w_eff;
  logic [PSUM_W-1:0] op, psum_q, psum_in;
  logic              neg;

  assign w_eff   = swap_i ? shadow_q : active_q;
  // Code 10 (invalid) has nonzero clear, so it behaves as 0 (~0 + 1 = 0) instead of corrupting sums.
  assign neg     = w_eff[1];
  assign op      = w_eff[0] ? {{(PSUM_W-8){act_i[7]}}, act_i} : '0;
  assign psum_in = {{(PSUM_W-IN_W){psum_i[IN_W-1]}}, psum_i};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q <= 2'b00;
      shadow_q <= 2'b00;
      psum_q   <= '0;
    end else begin
      active_q <= w_eff;
      if (load_i) shadow_q <= wcode_i;
      psum_q   <= psum_in + (neg ? ~op : op) + {{(PSUM_W-1){1'b0}}, neg};
    end
  end

  assign psum_o = psum_q;

`ifndef SYNTHESIS
  initial begin
    if (PSUM_W < 9 || IN_W < 1 || IN_W > PSUM_W)
      $fatal(1, "tritium_pe: IN_W %0d and PSUM_W %0d: need 1 <= IN_W <= PSUM_W, PSUM_W >= 9", IN_W, PSUM_W);
  end
`endif
endmodule
