// Accumulator and output buffer: the array's column sums of one N-tile row are added into the
// accumulator row (the first K tile starts from zero); the last K tile writes the finished row into
// the output buffer instead, which the write DMA reads while the next M tile accumulates.
module tritium_acc #(
  parameter int COLS   = 16,   // columns: int32 words per row
  parameter int PSUM_W = 13,   // width of a column sum
  parameter int ACC_NT = 64    // rows (the largest N tile)
) (
  input  logic                      clk_i,
  input  logic                      valid_i,   // the column sums of row n_i arrive
  input  logic                      first_i,   // ... of the first K tile
  input  logic                      last_i,    // ... of the last K tile
  input  logic [$clog2(ACC_NT)-1:0] n_i,
  input  logic [COLS*PSUM_W-1:0]    sum_i,
  input  logic [$clog2(ACC_NT)-1:0] rd_row_i,  // the write DMA's row
  output logic [COLS*32-1:0]        rd_data_o
);
  logic [COLS*32-1:0] acc_mem [ACC_NT];
  logic [COLS*32-1:0] out_mem [ACC_NT];
  logic [COLS*32-1:0] acc_old, acc_new;

  assign acc_old = acc_mem[n_i];
  always_comb begin
    for (int c = 0; c < COLS; c++) begin
      acc_new[c*32 +: 32] = (first_i ? 32'd0 : acc_old[c*32 +: 32]) +
                            {{(32-PSUM_W){sum_i[c*PSUM_W + PSUM_W - 1]}}, sum_i[c*PSUM_W +: PSUM_W]};
    end
  end
  always_ff @(posedge clk_i) begin
    if (valid_i && !last_i) acc_mem[n_i] <= acc_new;
    if (valid_i && last_i) out_mem[n_i] <= acc_new;
  end
  assign rd_data_o = out_mem[rd_row_i];
endmodule
