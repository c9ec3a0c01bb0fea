// A memory with one write port and one registered read port with an enable: the one pattern FPGA
// tools map to block RAM (yosys memory_bram: iCE40 SB_RAM40_4K, ECP5 DP16KD, UltraScale+ RAMB36E2;
// small ones go to LUT RAM). No reset: a word is read only after it was written (the users' counters
// say when). A read of the address written in the same cycle returns an undefined word: every user
// either never does it or forwards the written word instead (no_rw_check tells yosys so, which spares
// iCE40 a collision bypass of about two logic cells per bit). The simulation returns the old word
// inverted then, so that a user that came to rely on it fails the bit-exact tests.
module tritium_ram #(
  parameter int WIDTH = 32,  // bits per word
  parameter int DEPTH = 64   // words (any count; the address has clog2(DEPTH) bits, at least 1)
) (
  input  logic                              clk_i,
  input  logic                              we_i,
  input  logic [(DEPTH > 1 ? $clog2(DEPTH) : 1)-1:0] waddr_i,
  input  logic [WIDTH-1:0]                  wdata_i,
  input  logic                              re_i,     // rdata_o takes word raddr_i at the clock edge
  input  logic [(DEPTH > 1 ? $clog2(DEPTH) : 1)-1:0] raddr_i,
  output logic [WIDTH-1:0]                  rdata_o
);
  (* no_rw_check *) logic [WIDTH-1:0] mem_q [DEPTH];

  always_ff @(posedge clk_i) begin
    if (we_i) mem_q[waddr_i] <= wdata_i;
`ifndef SYNTHESIS
    if (re_i) rdata_o <= (we_i && waddr_i == raddr_i) ? ~mem_q[raddr_i] : mem_q[raddr_i];
`else
    if (re_i) rdata_o <= mem_q[raddr_i];
`endif
  end
endmodule
