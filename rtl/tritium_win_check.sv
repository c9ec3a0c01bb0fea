// DMA window check: may a burst of bytes_i bytes at addr_i go to memory? Only when it lies wholly in
// [base_i, end_i). A burst never crosses a 4 KB boundary, so addr_i + bytes_i <= 2^ADDR_W: the
// compares need ADDR_W + 1 bits, and window bits above ADDR_W only say "nothing" (base) or "all the
// rest" (end). The answer is exactly that of the unbounded compare.
module tritium_win_check #(
  parameter int ADDR_W = 32  // AXI4 address width in bits (at most 64)
) (
  input  logic [ADDR_W-1:0] addr_i,
  input  logic [12:0]       bytes_i,  // 1 .. 4096
  input  logic [63:0]       base_i,
  input  logic [63:0]       end_i,
  output logic              ok_o
);
  logic [ADDR_W:0] last;  // addr + bytes: one past the burst
  logic            base_hi, end_hi;

  assign last = {1'b0, addr_i} + (ADDR_W+1)'(bytes_i);
  if (ADDR_W < 64) begin : g_hi
    assign base_hi = |base_i[63:ADDR_W];
    assign end_hi  = |end_i[63:ADDR_W];
  end else begin : g_full
    assign base_hi = 1'b0;
    assign end_hi  = 1'b0;
  end
  assign ok_o = !base_hi && addr_i >= base_i[ADDR_W-1:0] &&
                (end_hi || last <= {1'b0, end_i[ADDR_W-1:0]});
endmodule
