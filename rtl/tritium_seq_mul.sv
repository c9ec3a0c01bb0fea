// Sequential unsigned multiplication, one multiplier bit per cycle (shift and add): for a product a
// job needs once, where a combinational multiplier would cost a DSP block or hundreds of LUTs. The
// product is kept to W bits (wrapping, as a W-bit multiply would).
module tritium_seq_mul #(
  parameter int W  = 32,  // multiplicand and product bits
  parameter int BW = 12   // multiplier bits (BW cycles per product)
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          start_i,  // multiply a_i by b_i (ignored while busy_o)
  input  logic [W-1:0]  a_i,
  input  logic [BW-1:0] b_i,
  output logic          busy_o,
  output logic          last_o,   // the final step is taken this cycle: prod_o is valid next cycle
  output logic [W-1:0]  prod_o    // valid once busy_o falls, until the next start
);
  logic [$clog2(BW+1)-1:0] cnt_q;
  logic [W-1:0]            a_q, prod_q;
  logic [BW-1:0]           b_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q  <= '0;
      a_q    <= '0;
      b_q    <= '0;
      prod_q <= '0;
    end else if (start_i && cnt_q == '0) begin
      cnt_q  <= ($clog2(BW+1))'(BW);
      a_q    <= a_i;
      b_q    <= b_i;
      prod_q <= '0;
    end else if (cnt_q != '0) begin
      cnt_q  <= cnt_q - 1'b1;
      a_q    <= a_q << 1;
      b_q    <= b_q >> 1;
      if (b_q[0]) prod_q <= prod_q + a_q;
    end
  end

  assign busy_o = cnt_q != '0;
  assign last_o = cnt_q == ($clog2(BW+1))'(1);
  assign prod_o = prod_q;
endmodule
