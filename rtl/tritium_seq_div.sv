// Sequential unsigned division by a constant, one quotient bit per cycle (restoring division): for a
// value a job needs once, where a combinational divider would cost far more logic than W cycles.
module tritium_seq_div #(
  parameter int W   = 34,  // dividend and quotient bits (W cycles per division)
  parameter int DIV = 5    // the divisor, a constant above 1
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         start_i,  // divide num_i (ignored while busy_o)
  input  logic [W-1:0] num_i,
  output logic         busy_o,
  output logic [W-1:0] quo_o,    // valid once busy_o falls, until the next start
  output logic         rem_nz_o  // the remainder is not zero (for a rounded-up quotient)
);
  localparam int RW = $clog2(DIV) + 1;  // holds twice the largest remainder

  logic [$clog2(W+1)-1:0] cnt_q;
  logic [W-1:0]           num_q, quo_q;
  logic [RW-1:0]          rem_q, part;

  assign part = {rem_q[RW-2:0], num_q[W-1]};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
      num_q <= '0;
      quo_q <= '0;
      rem_q <= '0;
    end else if (start_i && cnt_q == '0) begin
      cnt_q <= ($clog2(W+1))'(W);
      num_q <= num_i;
      quo_q <= '0;
      rem_q <= '0;
    end else if (cnt_q != '0) begin
      cnt_q <= cnt_q - 1'b1;
      num_q <= num_q << 1;
      quo_q <= {quo_q[W-2:0], part >= RW'(DIV)};
      rem_q <= (part >= RW'(DIV)) ? part - RW'(DIV) : part;
    end
  end

  assign busy_o   = cnt_q != '0;
  assign quo_o    = quo_q;
  assign rem_nz_o = rem_q != '0;

`ifndef SYNTHESIS
  a_div_rem: assert property (@(posedge clk_i) disable iff (!rst_ni) rem_q < RW'(DIV))
    else $error("tritium_seq_div: remainder not below the divisor");
`endif
endmodule
