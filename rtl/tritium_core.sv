// Command unit, buffers and DMA of the accelerator, as cells: the command check, job control, the read
// DMA and its two destinations (activation buffer, weight staging), the feeder that walks the tiles
// (N tile -> M tile -> K tile -> rows of the N tile) into the array, the base-3 weight decoder, the
// accumulator with its output buffer, and the write DMA. This module only wires them.
//
// Overlap: weight bursts are issued as soon as the staging FIFO has room (credits are reserved at
// issue, so R is never back-pressured); a tile moves to the array's shadow registers while the
// previous tile computes; the last K tile of an M tile accumulates into a separate output buffer that
// the write engine drains while the next M tile computes.
//
// Alignment rules (violations give ERR_CMD_ALIGN): W, X, Y, X_STRIDE and Y_STRIDE are multiples of
// DATA_W/8. Each activation row is read as ceil(K / (DATA_W/8)) whole beats, so the X buffer must be
// readable up to that size (bytes past K meet zero weights). Results are written with byte strobes,
// exactly 4*M bytes per row.
module tritium_core #(
  // Parameters of tritium_top, with their ranges and the rules tying them together in hw/tritium.toml
  // (checked at elaboration in tritium_top).
  parameter int ROWS      = 16,     // array rows: the K extent of a weight tile
  parameter int COLS      = 16,     // array columns: the M extent of a weight tile
  parameter int DATA_W    = 256,    // AXI4 master data width in bits
  parameter int ADDR_W    = 32,     // AXI4 master address width in bits
  parameter int ACT_BYTES = 32768,  // activation buffer bytes (N tile x padded K); the largest K
  parameter int WGT_BYTES = 8192,   // weight staging FIFO bytes (at least two tiles)
  parameter int ACC_WORDS = 1024,   // int32 accumulator words: COLS x the largest N tile
  parameter int RD_BURSTS = 8,      // read bursts in flight (R is in order, one ID)
  parameter int WR_BURSTS = 8,      // write bursts awaiting B
  parameter int WFORMATS  = 3       // weight-stream formats: bit 1 builds the base-3 decoder
) (
  input  logic              clk_i,
  input  logic              rst_ni,

  input  logic              start_i,      // run the command below (sampled this cycle)
  input  logic              abort_i,      // soft reset: stop after outstanding bursts finish
  input  logic [63:0]       cmd_w_i,
  input  logic [63:0]       cmd_x_i,
  input  logic [63:0]       cmd_y_i,
  input  logic [31:0]       cmd_m_i,
  input  logic [31:0]       cmd_k_i,
  input  logic [31:0]       cmd_n_i,
  input  logic [31:0]       cmd_xs_i,
  input  logic [31:0]       cmd_ys_i,
  input  logic [31:0]       cmd_flags_i,
  input  logic [383:0]      cmd_win_i,    // DMA windows {end, base} of W, X, Y (tritium_csr)
  output logic              busy_o,
  output logic              done_o,       // pulse: job completed
  output logic              err_o,        // pulse: job stopped, err_code_o valid
  output logic [31:0]       err_code_o,
  output logic [63:0]       err_addr_o,
  output logic              ev_compute_o,   // perf events, one per cycle
  output logic              ev_rd_beat_o,
  output logic              ev_wr_beat_o,
  output logic              ev_stall_wgt_o,
  output logic              ev_stall_act_o,
  output logic              ev_stall_out_o,

  output logic [ADDR_W-1:0]   m_axi_awaddr_o,
  output logic [7:0]          m_axi_awlen_o,
  output logic [2:0]          m_axi_awsize_o,
  output logic [1:0]          m_axi_awburst_o,
  output logic                m_axi_awvalid_o,
  input  logic                m_axi_awready_i,
  output logic [DATA_W-1:0]   m_axi_wdata_o,
  output logic [DATA_W/8-1:0] m_axi_wstrb_o,
  output logic                m_axi_wlast_o,
  output logic                m_axi_wvalid_o,
  input  logic                m_axi_wready_i,
  input  logic [1:0]          m_axi_bresp_i,
  input  logic                m_axi_bvalid_i,
  output logic                m_axi_bready_o,
  output logic [ADDR_W-1:0]   m_axi_araddr_o,
  output logic [7:0]          m_axi_arlen_o,
  output logic [2:0]          m_axi_arsize_o,
  output logic [1:0]          m_axi_arburst_o,
  output logic                m_axi_arvalid_o,
  input  logic                m_axi_arready_i,
  input  logic [DATA_W-1:0]   m_axi_rdata_i,
  input  logic [1:0]          m_axi_rresp_i,
  input  logic                m_axi_rlast_i,
  input  logic                m_axi_rvalid_i,
  output logic                m_axi_rready_o
);
  localparam int BUS_B      = DATA_W / 8;
  localparam int ACT_E      = DATA_W / (8 * ROWS);     // activation buffer entries per bus beat
  localparam int ACT_ENT    = ACT_BYTES / ROWS;
  localparam int TILE_BITS  = 2 * ROWS * COLS;
  localparam int TILE_BEATS = TILE_BITS / DATA_W;
  localparam int WGT_BEATS  = WGT_BYTES / BUS_B;
  localparam int ACC_NT     = ACC_WORDS / COLS;
  localparam int ACC_AW     = $clog2(ACC_NT);
  localparam int PSUM_W     = 8 + $clog2(ROWS) + 1;

  // ---------------- command check and job control ----------------
  logic [31:0]       c_err, c_ktb;
  logic              run, drain, job_start, tile_start, clear, b3;
  logic [31:0]       tile_nt, m, xs, ys, ktb, kt_tot, mt_tot, wbeats, nt;
  logic [ADDR_W-1:0] w_base, y_tile;
  logic              nt_done, drained;

  tritium_cmd_check #(.DATA_W(DATA_W), .ADDR_W(ADDR_W), .ACT_BYTES(ACT_BYTES), .WFORMATS(WFORMATS)) u_cmd_check (
    .cmd_w_i, .cmd_x_i, .cmd_y_i, .cmd_m_i, .cmd_k_i, .cmd_n_i, .cmd_xs_i, .cmd_ys_i, .cmd_flags_i,
    .err_o(c_err), .ktb_o(c_ktb)
  );

  logic              r_beat, r_is_w, r_err, b_err, w_err, rd_idle, rd_win_err, wr_win_err;
  logic [ADDR_W-1:0] r_err_addr, b_err_addr, rd_win_addr, wr_win_addr;
  logic [31:0]       w_err_off, tiles;
  if (ADDR_W < 32) begin : g_w_err_hi
    logic unused_w_err_off;  // a stream offset past 2^ADDR_W wraps as the addresses do
    assign unused_w_err_off = ^w_err_off[31:ADDR_W];
  end

  tritium_job_ctrl #(
    .ROWS(ROWS), .COLS(COLS), .DATA_W(DATA_W), .ADDR_W(ADDR_W), .ACT_BYTES(ACT_BYTES), .ACC_NT(ACC_NT),
    .TILE_BEATS(TILE_BEATS)
  ) u_job (
    .clk_i, .rst_ni, .start_i, .abort_i,
    .cmd_w_i(cmd_w_i[ADDR_W-1:0]), .cmd_y_i(cmd_y_i[ADDR_W-1:0]), .cmd_m_i, .cmd_k_i, .cmd_n_i, .cmd_xs_i,
    .cmd_ys_i, .cmd_flags_i, .c_err_i(c_err), .c_ktb_i(c_ktb),
    .nt_done_i(nt_done), .drained_i(drained),
    .r_err_i(r_err), .r_err_addr_i(r_err_addr), .b_err_i(b_err), .b_err_addr_i(b_err_addr),
    .w_err_i(w_err), .w_err_addr_i(w_base + ADDR_W'(w_err_off)),
    .win_err_i(rd_win_err || wr_win_err), .win_err_addr_i(rd_win_err ? rd_win_addr : wr_win_addr), .tiles_o(tiles),
    .run_o(run), .drain_o(drain), .job_start_o(job_start), .b3_o(b3), .tile_start_o(tile_start),
    .tile_nt_o(tile_nt),
    .w_base_o(w_base), .m_o(m), .xs_o(xs), .ys_o(ys), .ktb_o(ktb), .kt_tot_o(kt_tot), .mt_tot_o(mt_tot),
    .wbeats_o(wbeats), .nt_o(nt), .y_tile_o(y_tile),
    .busy_o, .done_o, .err_o, .err_code_o, .err_addr_o
  );
  // A new command discards what a stopped job left behind (staged weights, tags, a claimed buffer).
  assign clear = job_start;

  // ---------------- read DMA, activation buffer, weight staging ----------------
  logic [31:0]          wgt_free, wgt_reserve;
  logic                 x_ready, tile_avail, act_issue, load_issue, fe_done;
  logic                 st_tile_avail, st_beat_avail, b3_tile_avail, b3_pop;
  logic [DATA_W-1:0]    st_head;
  logic [TILE_BITS-1:0] st_tile, b3_tile;
  logic [$clog2(ACT_ENT)-1:0] act_addr;
  logic [ROWS*8-1:0]    s1_act;
  logic [TILE_BITS-1:0] s1_tile;

  tritium_rd_dma #(.DATA_W(DATA_W), .ADDR_W(ADDR_W), .WGT_BEATS(WGT_BEATS), .RD_BURSTS(RD_BURSTS)) u_rd_dma (
    .clk_i, .rst_ni,
    .run_i(run), .clear_i(clear),
    .job_start_i(job_start), .x_base_i(cmd_x_i[ADDR_W-1:0]), .xs_i(xs), .ktb_i(ktb),
    .tile_start_i(tile_start), .tile_rows_i(tile_nt), .w_base_i(w_base), .wbeats_i(wbeats),
    .wgt_free_i(wgt_free), .wgt_issue_o(wgt_reserve),
    .win_w_i(cmd_win_i[127:0]), .win_x_i(cmd_win_i[255:128]), .win_err_o(rd_win_err), .win_err_addr_o(rd_win_addr),
    .r_beat_o(r_beat), .r_is_w_o(r_is_w), .r_err_o(r_err), .r_err_addr_o(r_err_addr),
    .idle_o(rd_idle),
    .m_axi_araddr_o, .m_axi_arlen_o, .m_axi_arsize_o, .m_axi_arburst_o, .m_axi_arvalid_o, .m_axi_arready_i,
    .m_axi_rresp_i, .m_axi_rlast_i, .m_axi_rvalid_i, .m_axi_rready_o
  );

  tritium_act_buf #(.ROWS(ROWS), .DATA_W(DATA_W), .ACT_BYTES(ACT_BYTES)) u_act_buf (
    .clk_i, .rst_ni,
    .tile_start_i(tile_start), .tile_rows_i(tile_nt), .ktb_i(ktb),
    .wr_i(r_beat && !r_is_w), .wdata_i(m_axi_rdata_i),
    .rd_addr_i(act_addr), .ready_o(x_ready), .act_q_o(s1_act)
  );

  tritium_wgt_stage #(
    .ROWS(ROWS), .COLS(COLS), .DATA_W(DATA_W), .WGT_BEATS(WGT_BEATS), .TILE_BEATS(TILE_BEATS)
  ) u_wgt_stage (
    .clk_i, .rst_ni, .clear_i(clear), .b3_i(b3),
    .wr_i(r_beat && r_is_w), .wdata_i(m_axi_rdata_i), .reserve_i(wgt_reserve),
    .load_i(load_issue && !b3), .beat_pop_i(b3_pop),
    .tile_avail_o(st_tile_avail), .beat_avail_o(st_beat_avail), .head_o(st_head),
    .free_o(wgt_free), .tile_q_o(st_tile)
  );

  // Base-3 weights: decoded a beat at a time between the staging FIFO and the array. The decoder
  // gives a whole tile at stage 1; row r of it is delayed r cycles here, as the staging banks deliver
  // a 2-bit tile (this skew is part of the decoder's cost).
  logic [TILE_BITS-1:0] b3_tile_sk;
  if ((WFORMATS & 2) != 0) begin : g_b3
    tritium_b3_dec #(.ROWS(ROWS), .COLS(COLS), .DATA_W(DATA_W)) u_b3_dec (
      .clk_i, .rst_ni, .clear_i(clear),
      .pass_start_i(tile_start), .pass_tiles_i(tiles),
      .beat_avail_i(st_beat_avail && b3), .beat_i(st_head), .beat_pop_o(b3_pop),
      .tile_avail_o(b3_tile_avail), .load_i(load_issue && b3), .tile_q_o(b3_tile),
      .err_o(w_err), .err_off_o(w_err_off)
    );
    for (genvar r = 0; r < ROWS; r++) begin : g_b3_skew
      tritium_delay #(.WIDTH(2 * COLS), .DEPTH(r), .RESET(1'b0)) u_skew (
        .clk_i, .rst_ni, .d_i(b3_tile[2*COLS*r +: 2*COLS]), .q_o(b3_tile_sk[2*COLS*r +: 2*COLS])
      );
    end
  end else begin : g_no_b3
    // The command check refuses base-3 commands: nothing to decode.
    assign b3_pop        = 1'b0;
    assign b3_tile_avail = 1'b0;
    assign b3_tile       = '0;
    assign b3_tile_sk    = '0;
    assign w_err         = 1'b0;
    assign w_err_off     = '0;
    logic unused_b3;
    assign unused_b3 = ^{st_beat_avail, st_head, tiles, b3_tile};
  end
  assign tile_avail = b3 ? b3_tile_avail : st_tile_avail;
  assign s1_tile    = b3 ? b3_tile_sk : st_tile;  // row r valid at stage 1 + r

  // ---------------- feeder, array, accumulator ----------------
  logic              s1_load, s1_swap, s1_valid, s1_first, s1_last, out_release;
  logic [ACC_AW-1:0] s1_n;

  tritium_feeder #(.ACT_ENT(ACT_ENT), .ACT_E(ACT_E), .ACC_NT(ACC_NT)) u_feeder (
    .clk_i, .rst_ni,
    .run_i(run), .clear_i(clear), .tile_start_i(tile_start), .drain_i(drain),
    .nt_i(nt), .kt_tot_i(kt_tot), .mt_tot_i(mt_tot), .ktb_i(ktb),
    .x_ready_i(x_ready), .tile_avail_i(tile_avail), .out_release_i(out_release),
    .act_issue_o(act_issue), .load_issue_o(load_issue), .act_addr_o(act_addr), .done_o(fe_done),
    .s1_load_o(s1_load), .s1_swap_o(s1_swap), .s1_valid_o(s1_valid), .s1_first_o(s1_first),
    .s1_last_o(s1_last), .s1_n_o(s1_n),
    .stall_wgt_o(ev_stall_wgt_o), .stall_act_o(ev_stall_act_o), .stall_out_o(ev_stall_out_o)
  );

  logic [COLS*PSUM_W-1:0] col_sum;
  tritium_array #(.ROWS(ROWS), .COLS(COLS), .PSUM_W(PSUM_W)) u_array (
    .clk_i, .rst_ni,
    .act_i (s1_act),
    .tile_i(s1_tile),
    .load_i(s1_load),
    .swap_i(s1_swap),
    .sum_o (col_sum)
  );

  // Control rides alongside the column sums (ROWS cycles through the array); the accumulator sees
  // it a cycle early too (p_*), to read the row the sums will add to.
  logic [ACC_AW+2:0] p_ctl, a_ctl_q;
  logic              a_valid, a_first, a_last, p_valid, p_first, p_last;
  logic [ACC_AW-1:0] a_n, p_n;
  tritium_delay #(.WIDTH(ACC_AW + 3), .DEPTH(ROWS - 1)) u_ctl_dly (
    .clk_i, .rst_ni,
    .d_i({s1_valid, s1_first, s1_last, s1_n}),
    .q_o(p_ctl)
  );
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) a_ctl_q <= '0;
    else a_ctl_q <= p_ctl;
  end
  assign {p_valid, p_first, p_last, p_n} = p_ctl;
  assign {a_valid, a_first, a_last, a_n} = a_ctl_q;
  logic unused_p;
  assign unused_p = p_first ^ p_last;

  logic              wb_rd_en;
  logic [ACC_AW-1:0] wb_rd_row;
  logic [31:0]       wb_rd_beat;
  logic [DATA_W-1:0] wb_rd_data;
  tritium_acc #(.COLS(COLS), .PSUM_W(PSUM_W), .ACC_NT(ACC_NT), .DATA_W(DATA_W)) u_acc (
    .clk_i,
    .valid_next_i(p_valid), .n_next_i(p_n),
    .valid_i(a_valid), .first_i(a_first), .last_i(a_last), .n_i(a_n), .sum_i(col_sum),
    .rd_en_i(wb_rd_en), .rd_row_i(wb_rd_row), .rd_beat_i(wb_rd_beat), .rd_data_o(wb_rd_data)
  );

  // ---------------- write DMA ----------------
  logic        wb_start, wb_idle, wb_writing, wb_empty;
  logic [31:0] wb_mt;
  // The last row of an M tile's last K tile is in the output buffer.
  assign wb_start = run && a_valid && a_last && ({{(32-ACC_AW){1'b0}}, a_n} == nt - 32'd1);

  tritium_wr_dma #(.DATA_W(DATA_W), .ADDR_W(ADDR_W), .COLS(COLS), .ACC_NT(ACC_NT), .WR_BURSTS(WR_BURSTS)) u_wr_dma (
    .clk_i, .rst_ni,
    .run_i(run), .clear_i(clear), .tile_start_i(tile_start), .start_i(wb_start),
    .nt_i(nt), .m_i(m), .ys_i(ys), .y_tile_i(y_tile),
    .rd_en_o(wb_rd_en), .rd_row_o(wb_rd_row), .rd_beat_o(wb_rd_beat), .rd_data_i(wb_rd_data), .release_o(out_release), .mt_o(wb_mt),
    .idle_o(wb_idle), .writing_o(wb_writing), .empty_o(wb_empty), .b_err_o(b_err), .b_err_addr_o(b_err_addr),
    .win_y_i(cmd_win_i[383:256]), .win_err_o(wr_win_err), .win_err_addr_o(wr_win_addr),
    .m_axi_awaddr_o, .m_axi_awlen_o, .m_axi_awsize_o, .m_axi_awburst_o, .m_axi_awvalid_o, .m_axi_awready_i,
    .m_axi_wdata_o, .m_axi_wstrb_o, .m_axi_wlast_o, .m_axi_wvalid_o, .m_axi_wready_i,
    .m_axi_bresp_i, .m_axi_bvalid_i, .m_axi_bready_o
  );

  // ---------------- sequencing ----------------
  assign nt_done = fe_done && (wb_mt == mt_tot) && wb_idle && wb_empty && rd_idle;
  assign drained = !wb_writing && wb_empty && rd_idle;

  assign ev_compute_o = act_issue;
  assign ev_rd_beat_o = m_axi_rvalid_i;
  assign ev_wr_beat_o = m_axi_wvalid_o && m_axi_wready_i;

`ifndef SYNTHESIS
  // No new burst after a fault or an abort: the job drains what is in flight.
  a_no_ar_when_stopped: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (m_axi_arvalid_o && !$past(m_axi_arvalid_o)) |-> $past(run))
    else $error("tritium_core: read burst issued while the job was not running");
  a_no_aw_when_stopped: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (m_axi_awvalid_o && !$past(m_axi_awvalid_o)) |-> $past(run))
    else $error("tritium_core: write burst issued while the job was not running");
`endif
endmodule
