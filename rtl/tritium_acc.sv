// Accumulator and output buffer: the array's column sums of one N-tile row are added into the
// accumulator row (the first K tile starts from zero); the last K tile writes the finished row into
// the output buffer instead, which the write DMA reads while the next M tile accumulates.
//
// Both are memories with one write port and one registered read port, so that FPGA tools map them to
// block RAM. The accumulator row is read the cycle before its sums arrive (n_next_i); when the same
// row was written in that cycle (an N tile of one row) the written value is forwarded. The output
// buffer is one bank per bus beat of a row, read a beat at a time for the write DMA.
module tritium_acc #(
  parameter int COLS   = 16,   // columns: int32 words per row
  parameter int PSUM_W = 13,   // width of a column sum
  parameter int ACC_NT = 64,   // rows (the largest N tile)
  parameter int DATA_W = 256   // bus width: a row is COLS * 32 / DATA_W beats
) (
  input  logic                      clk_i,
  input  logic                      valid_next_i, // the column sums of row n_next_i arrive next cycle
  input  logic [$clog2(ACC_NT)-1:0] n_next_i,
  input  logic                      valid_i,   // the column sums of row n_i arrive
  input  logic                      first_i,   // ... of the first K tile
  input  logic                      last_i,    // ... of the last K tile
  input  logic [$clog2(ACC_NT)-1:0] n_i,
  input  logic [COLS*PSUM_W-1:0]    sum_i,
  input  logic                      rd_en_i,   // read beat rd_beat_i of row rd_row_i into rd_data_o
  input  logic [$clog2(ACC_NT)-1:0] rd_row_i,
  input  logic [31:0]               rd_beat_i,
  output logic [DATA_W-1:0]         rd_data_o  // registered
);
  localparam int OUT_BEATS = COLS * 32 / DATA_W;
  localparam int OB_SH     = $clog2(OUT_BEATS);

  logic [COLS*32-1:0] acc_rd, fwd_q, acc_old, acc_new;
  logic               fwd_hit_q;
  logic               acc_wr, fwd_hit;

  assign acc_wr  = valid_i && !last_i;
  assign fwd_hit = acc_wr && n_i == n_next_i;
  assign acc_old = fwd_hit_q ? fwd_q : acc_rd;
  always_comb begin
    for (int c = 0; c < COLS; c++) begin
      acc_new[c*32 +: 32] = (first_i ? 32'd0 : acc_old[c*32 +: 32]) +
                            {{(32-PSUM_W){sum_i[c*PSUM_W + PSUM_W - 1]}}, sum_i[c*PSUM_W +: PSUM_W]};
    end
  end
  tritium_ram #(.WIDTH(COLS * 32), .DEPTH(ACC_NT)) u_acc_mem (
    .clk_i, .we_i(acc_wr), .waddr_i(n_i), .wdata_i(acc_new), .re_i(valid_next_i), .raddr_i(n_next_i),
    .rdata_o(acc_rd)
  );
  always_ff @(posedge clk_i) begin
    fwd_hit_q <= fwd_hit;
    if (fwd_hit) fwd_q <= acc_new;
  end

  logic [DATA_W-1:0] out_rd [OUT_BEATS];
  for (genvar b = 0; b < OUT_BEATS; b++) begin : g_out
    logic rd_here;
    if (OUT_BEATS == 1) begin : g_one
      assign rd_here = rd_en_i;
    end else begin : g_many
      assign rd_here = rd_en_i && rd_beat_i[OB_SH-1:0] == OB_SH'(b);
    end
    tritium_ram #(.WIDTH(DATA_W), .DEPTH(ACC_NT)) u_bank (
      .clk_i, .we_i(valid_i && last_i), .waddr_i(n_i), .wdata_i(acc_new[b*DATA_W +: DATA_W]),
      .re_i(rd_here), .raddr_i(rd_row_i), .rdata_o(out_rd[b])
    );
  end
  if (OUT_BEATS == 1) begin : g_rd_one
    assign rd_data_o = out_rd[0];
    logic unused_beat;
    assign unused_beat = ^rd_beat_i;
  end else begin : g_rd_many
    logic [OB_SH-1:0] sel_q;
    always_ff @(posedge clk_i) begin
      if (rd_en_i) sel_q <= rd_beat_i[OB_SH-1:0];
    end
    assign rd_data_o = out_rd[sel_q];
    logic unused_beat;
    assign unused_beat = ^rd_beat_i[31:OB_SH];
  end
endmodule
