// Fixed delay line used to skew array inputs row by row and to align control with the array output.
module tritium_delay #(
  parameter int WIDTH = 1,     // bits delayed
  parameter int DEPTH = 1,     // cycles of delay; 0 passes the input straight through
  parameter bit RESET = 1'b1   // 0: data with no reset, which FPGA tools map to shift-register LUTs
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [WIDTH-1:0] d_i,
  output logic [WIDTH-1:0] q_o
);
  if (DEPTH == 0) begin : g_wire
    assign q_o = d_i;
    logic unused_clk;
    assign unused_clk = clk_i ^ rst_ni;
  end else if (RESET) begin : g_regs
    logic [WIDTH-1:0] stage_q [DEPTH];
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        for (int i = 0; i < DEPTH; i++) stage_q[i] <= '0;
      end else begin
        stage_q[0] <= d_i;
        for (int i = 1; i < DEPTH; i++) stage_q[i] <= stage_q[i-1];
      end
    end
    assign q_o = stage_q[DEPTH-1];
  end else begin : g_shift
    logic [WIDTH-1:0] stage_q [DEPTH];
    always_ff @(posedge clk_i) begin
      stage_q[0] <= d_i;
      for (int i = 1; i < DEPTH; i++) stage_q[i] <= stage_q[i-1];
    end
    assign q_o = stage_q[DEPTH-1];
    logic unused_rst;
    assign unused_rst = rst_ni;
  end
endmodule
