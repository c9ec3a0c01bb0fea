// Synchronous FIFO of DEPTH entries. clear_i empties it and wins over a push
// or pop in the same cycle. head_o is the oldest entry (meaningless while empty).
module tritium_fifo #(
  parameter int WIDTH = 8,  // bits per entry
  parameter int DEPTH = 8   // entries: a power of two, at least 2 (the pointers wrap in binary)
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic                     clear_i,
  input  logic                     push_i,
  input  logic [WIDTH-1:0]         data_i,
  input  logic                     pop_i,
  output logic [WIDTH-1:0]         head_o,
  output logic                     full_o,
  output logic                     empty_o
);
  localparam int AW = $clog2(DEPTH);

  if (DEPTH < 2 || (DEPTH & (DEPTH - 1)) != 0) begin : g_bad_depth
    $error("tritium_fifo: DEPTH must be a power of two, at least 2");
  end

  logic [WIDTH-1:0] mem_q [DEPTH];
  logic [AW-1:0]    wp_q, rp_q;
  logic [AW:0]      cnt_q;

  // Pointers and count update on the clock (pop follows bus inputs; a next-state block would be
  // evaluated at every input change). clear_i wins.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wp_q  <= '0;
      rp_q  <= '0;
      cnt_q <= '0;
    end else if (clear_i) begin
      wp_q  <= '0;
      rp_q  <= '0;
      cnt_q <= '0;
    end else begin
      if (push_i) wp_q <= wp_q + AW'(1);
      if (pop_i) rp_q <= rp_q + AW'(1);
      cnt_q <= cnt_q + (push_i ? (AW+1)'(1) : '0) - (pop_i ? (AW+1)'(1) : '0);
    end
  end

  always_ff @(posedge clk_i) begin
    if (push_i) mem_q[wp_q] <= data_i;
  end

  assign head_o  = mem_q[rp_q];
  assign full_o  = (cnt_q == (AW+1)'(DEPTH));
  assign empty_o = (cnt_q == '0);

`ifndef SYNTHESIS
  a_fifo_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni) !(push_i && full_o && !pop_i && !clear_i))
    else $error("tritium_fifo: push into a full FIFO");
  a_fifo_underflow: assert property (@(posedge clk_i) disable iff (!rst_ni) !(pop_i && empty_o && !clear_i))
    else $error("tritium_fifo: pop from an empty FIFO");
`endif
endmodule
