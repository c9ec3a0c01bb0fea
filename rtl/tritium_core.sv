// Command unit, buffers and DMA of the accelerator: validates a command, walks the tiles
// (N tile -> M tile -> K tile -> rows of the N tile), streams weights and activations in with
// AXI4 INCR bursts, feeds the array, accumulates int32 results across K tiles and writes them back.
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
  parameter int WR_BURSTS = 8       // write bursts awaiting B
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
  localparam int BUS_B     = DATA_W / 8;
  localparam int BEAT_SH   = $clog2(BUS_B);
  localparam int ACT_E     = DATA_W / (8 * ROWS);     // activation buffer entries per bus beat
  localparam int ACT_ENT   = ACT_BYTES / ROWS;
  localparam int ACT_AW    = $clog2(ACT_ENT);
  localparam int TILE_BITS = 2 * ROWS * COLS;
  localparam int TILE_BEATS = TILE_BITS / DATA_W;
  localparam int WGT_BEATS = WGT_BYTES / BUS_B;
  localparam int WGT_AW    = $clog2(WGT_BEATS);
  localparam int ACC_NT    = ACC_WORDS / COLS;
  localparam int ACC_AW    = $clog2(ACC_NT);
  localparam int OUT_BEATS = COLS * 32 / DATA_W;
  localparam int OB_W      = $clog2(OUT_BEATS) + 2;  // holds OUT_BEATS itself
  localparam int PSUM_W    = 8 + $clog2(ROWS) + 1;
  localparam int TAGS      = RD_BURSTS;
  localparam int TAG_AW    = $clog2(RD_BURSTS);
  localparam int WR_OUT    = WR_BURSTS;
  localparam int WR_AW     = $clog2(WR_BURSTS);
  localparam int ROW_SH    = $clog2(ROWS);
  localparam int COL_SH    = $clog2(COLS);
  localparam int YSEG_SH   = $clog2(COLS * 4);

  localparam logic [2:0] S_IDLE  = 3'd0;
  localparam logic [2:0] S_NCALC = 3'd1;
  localparam logic [2:0] S_TILE  = 3'd2;
  localparam logic [2:0] S_RUN   = 3'd3;
  localparam logic [2:0] S_DRAIN = 3'd4;

  localparam logic [1:0] WB_IDLE = 2'd0;
  localparam logic [1:0] WB_ROW  = 2'd1;
  localparam logic [1:0] WB_AW   = 2'd2;
  localparam logic [1:0] WB_W    = 2'd3;

  // ---------------- job registers ----------------
  logic [2:0]        state_q;
  logic [ADDR_W-1:0] w_base_q, y_base_q;
  logic [31:0]       m_q, n_q, xs_q, ys_q;
  logic [31:0]       kt_tot_q, mt_tot_q, ktb_q, rowb_q, wbeats_tot_q;
  logic [31:0]       nt_max_q, used_q, n0_q, nt_q;
  logic [ADDR_W-1:0] y_tile_q;
  logic [31:0]       err_code_q;
  logic [63:0]       err_addr_q;
  logic              err_seen_q;

  logic run;
  assign run = (state_q == S_RUN);

  // ---------------- command check ----------------
  logic [31:0] c_ktb;
  logic [31:0] c_err;
  logic [2:0]  c_addr_hi_bad;
  assign c_ktb = (cmd_k_i >> BEAT_SH) + {31'd0, |cmd_k_i[BEAT_SH-1:0]};
  if (ADDR_W < 64) begin : g_addr_chk
    assign c_addr_hi_bad = {|cmd_w_i[63:ADDR_W], |cmd_x_i[63:ADDR_W], |cmd_y_i[63:ADDR_W]};
  end else begin : g_addr_full
    assign c_addr_hi_bad = 3'b000;
  end

  always_comb begin
    c_err = tritium_reg_pkg::ERR_NONE;
    if (cmd_flags_i != 32'd0) begin
      c_err = tritium_reg_pkg::ERR_CMD_FLAGS;
    end else if (cmd_m_i == 32'd0 || cmd_k_i == 32'd0 || cmd_n_i == 32'd0) begin
      c_err = tritium_reg_pkg::ERR_CMD_ZERO_DIM;
    end else if ((|cmd_w_i[BEAT_SH-1:0]) || (|cmd_x_i[BEAT_SH-1:0]) || (|cmd_y_i[BEAT_SH-1:0]) ||
                 (|cmd_xs_i[BEAT_SH-1:0]) || (|cmd_ys_i[BEAT_SH-1:0])) begin
      c_err = tritium_reg_pkg::ERR_CMD_ALIGN;
    end else if ((|c_addr_hi_bad) || (c_ktb > 32'(ACT_BYTES / BUS_B)) ||
                 (|cmd_m_i[31:tritium_reg_pkg::CMD_M_BITS]) || (|cmd_n_i[31:tritium_reg_pkg::CMD_N_BITS])) begin
      c_err = tritium_reg_pkg::ERR_CMD_TOO_LARGE;
    end else if (cmd_n_i > 32'd1 && (cmd_xs_i < cmd_k_i || cmd_ys_i < {cmd_m_i[29:0], 2'b00})) begin
      c_err = tritium_reg_pkg::ERR_CMD_STRIDE;
    end
  end

  // ---------------- read DMA: AR issue ----------------
  logic              arvalid_q;
  logic [ADDR_W-1:0] araddr_q;
  logic [7:0]        arlen_q;
  logic [1:0]        ar_phase_q;      // 0: activation rows, 1: weight stream, 2: done
  logic [ADDR_W-1:0] x_row_q, x_addr_q, w_addr_q;
  logic [31:0]       x_rows_rem_q, x_beats_rem_q, w_beats_rem_q;
  logic              tag_w_q [TAGS];
  logic [ADDR_W-1:0] tag_addr_q [TAGS];
  logic [TAG_AW-1:0] tag_wp_q, tag_rp_q;
  logic [TAG_AW:0]   tag_cnt_q;
  logic [31:0]       wgt_cnt_q, wgt_infl_q;

  logic [ADDR_W-1:0] ar_cur;
  logic [31:0]       ar_rem, ar_bnd, ar_len;
  logic              ar_can, ar_issue;
  assign ar_cur = (ar_phase_q == 2'd0) ? x_addr_q : w_addr_q;
  assign ar_rem = (ar_phase_q == 2'd0) ? x_beats_rem_q : w_beats_rem_q;
  // Beats left before the next 4 KB boundary: a burst never crosses it.
  assign ar_bnd = (32'd4096 - {20'd0, ar_cur[11:0]}) >> BEAT_SH;
  always_comb begin
    ar_len = ar_rem;
    if (ar_len > 32'd256) ar_len = 32'd256;
    if (ar_len > ar_bnd) ar_len = ar_bnd;
    // Weight bursts at most half the FIFO: the next one can be requested while the previous one
    // drains, which hides the memory latency (a whole-FIFO burst would wait for an empty FIFO).
    if (ar_phase_q == 2'd1 && ar_len > 32'(WGT_BEATS / 2)) ar_len = 32'(WGT_BEATS / 2);
  end
  assign ar_can = run && !arvalid_q && ar_phase_q != 2'd2 && tag_cnt_q != (TAG_AW+1)'(TAGS) &&
                  (ar_phase_q == 2'd0 ||
                   32'(WGT_BEATS) - wgt_cnt_q - wgt_infl_q >= ar_len);
  assign ar_issue = ar_can;

  // ---------------- read DMA: R routing ----------------
  logic              r_beat, r_last, r_is_w, r_err;
  logic [WGT_AW-1:0] wgt_wp_q, wgt_rp_q;
  logic [ACT_AW-1:0] x_wp_q;
  logic [31:0]       x_rcv_q, x_tot_q;
  logic [DATA_W-1:0] wgt_mem [WGT_BEATS];
  logic [ROWS*8-1:0] act_mem [ACT_ENT];

  assign r_beat = m_axi_rvalid_i;   // rready is constant 1
  assign r_last = r_beat && m_axi_rlast_i;
  assign r_is_w = tag_w_q[tag_rp_q];
  assign r_err  = r_beat && m_axi_rresp_i[1];

  always_ff @(posedge clk_i) begin
    if (r_beat && r_is_w) wgt_mem[wgt_wp_q] <= m_axi_rdata_i;
    if (r_beat && !r_is_w) begin
      for (int e = 0; e < ACT_E; e++) act_mem[x_wp_q | ACT_AW'(e)] <= m_axi_rdata_i[e*ROWS*8 +: ROWS*8];
    end
  end

  // ---------------- front end: tile walk and array feed ----------------
  logic        x_ready, fe_done_q, shadow_full_q, out_claimed_q;
  logic [31:0] fe_n_q, fe_kt_q, fe_mt_q;
  logic [ACT_AW-1:0] fe_nbase_q;
  logic        tile_avail, start_tile, need_out, act_ok, act_issue, load_issue, swap;
  logic [ACT_AW-1:0] act_addr;
  logic [TILE_BITS-1:0] tile_rd;

  assign x_ready    = (x_rcv_q == x_tot_q);
  assign tile_avail = wgt_cnt_q >= 32'(TILE_BEATS);
  assign start_tile = (fe_n_q == 32'd0);
  assign need_out   = start_tile && (fe_kt_q == kt_tot_q - 32'd1);
  assign act_ok     = !start_tile || (shadow_full_q && !(need_out && out_claimed_q));
  assign act_issue  = run && x_ready && !fe_done_q && act_ok;
  assign swap       = act_issue && start_tile;
  assign load_issue = run && tile_avail && (!shadow_full_q || swap);
  assign act_addr   = fe_nbase_q + fe_kt_q[ACT_AW-1:0];

  for (genvar b = 0; b < TILE_BEATS; b++) begin : g_tile_rd
    assign tile_rd[b*DATA_W +: DATA_W] = wgt_mem[wgt_rp_q | WGT_AW'(b)];
  end

  // Stage 1: buffer read data and the matching control, presented to the array.
  logic [ROWS*8-1:0]    s1_act_q;
  logic [TILE_BITS-1:0] s1_tile_q;
  logic                 s1_load_q, s1_swap_q, s1_valid_q, s1_first_q, s1_last_q;
  logic [ACC_AW-1:0]    s1_n_q;

  always_ff @(posedge clk_i) begin
    s1_act_q  <= act_mem[act_addr];
    s1_tile_q <= tile_rd;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_load_q  <= 1'b0;
      s1_swap_q  <= 1'b0;
      s1_valid_q <= 1'b0;
      s1_first_q <= 1'b0;
      s1_last_q  <= 1'b0;
      s1_n_q     <= '0;
    end else begin
      s1_load_q  <= load_issue;
      s1_swap_q  <= swap;
      s1_valid_q <= act_issue;
      s1_first_q <= (fe_kt_q == 32'd0);
      s1_last_q  <= (fe_kt_q == kt_tot_q - 32'd1);
      s1_n_q     <= fe_n_q[ACC_AW-1:0];
    end
  end

  logic [COLS*PSUM_W-1:0] col_sum;
  tritium_array #(.ROWS(ROWS), .COLS(COLS), .PSUM_W(PSUM_W)) u_array (
    .clk_i, .rst_ni,
    .act_i (s1_act_q),
    .tile_i(s1_tile_q),
    .load_i(s1_load_q),
    .swap_i(s1_swap_q),
    .sum_o (col_sum)
  );

  // Control rides alongside the column sums (ROWS cycles through the array).
  logic [ACC_AW+2:0] a_ctl;
  logic              a_valid, a_first, a_last;
  logic [ACC_AW-1:0] a_n;
  tritium_delay #(.WIDTH(ACC_AW + 3), .DEPTH(ROWS)) u_ctl_dly (
    .clk_i, .rst_ni,
    .d_i({s1_valid_q, s1_first_q, s1_last_q, s1_n_q}),
    .q_o(a_ctl)
  );
  assign {a_valid, a_first, a_last, a_n} = a_ctl;

  // ---------------- accumulator and output buffer ----------------
  logic [COLS*32-1:0] acc_mem [ACC_NT];
  logic [COLS*32-1:0] out_mem [ACC_NT];
  logic [COLS*32-1:0] acc_old, acc_new;
  logic               wb_start;

  assign acc_old = acc_mem[a_n];
  always_comb begin
    for (int c = 0; c < COLS; c++) begin
      acc_new[c*32 +: 32] = (a_first ? 32'd0 : acc_old[c*32 +: 32]) +
                            {{(32-PSUM_W){col_sum[c*PSUM_W + PSUM_W - 1]}}, col_sum[c*PSUM_W +: PSUM_W]};
    end
  end
  always_ff @(posedge clk_i) begin
    if (a_valid && !a_last) acc_mem[a_n] <= acc_new;
    if (a_valid && a_last) out_mem[a_n] <= acc_new;
  end
  assign wb_start = run && a_valid && a_last && ({{(32-ACC_AW){1'b0}}, a_n} == nt_q - 32'd1);

  // ---------------- write DMA ----------------
  logic [1:0]        wb_state_q;
  logic [31:0]       wb_mt_q, wb_row_q, wb_nt_q;
  logic [OB_W-1:0]   wb_beat_q, wb_beats_q;
  logic [31:0]       wb_vcols_q;
  logic [ADDR_W-1:0] wb_addr_q;
  logic [31:0]       b_outst_q;
  // Addresses of write bursts awaiting B (responses come in order): a fault reports its own burst.
  logic [ADDR_W-1:0] aw_addr_q [WR_OUT];
  logic [WR_AW-1:0]  aw_wp_q, aw_rp_q;
  logic [COLS*32-1:0] wb_row_data;
  logic [DATA_W/8-1:0] wb_strb;
  logic              aw_hs, w_hs, w_last_hs;
  logic [31:0]       wb_m0, wb_vc;

  assign wb_row_data = out_mem[wb_row_q[ACC_AW-1:0]];
  always_comb begin
    for (int i = 0; i < BUS_B; i++) begin
      wb_strb[i] = ((({{(32-OB_W){1'b0}}, wb_beat_q} << BEAT_SH) + 32'(i)) >> 2) < wb_vcols_q;
    end
  end
  assign aw_hs     = (wb_state_q == WB_AW) && m_axi_awready_i;
  assign w_hs      = (wb_state_q == WB_W) && m_axi_wready_i;
  assign w_last_hs = w_hs && (wb_beat_q == wb_beats_q - OB_W'(1));
  assign wb_m0     = wb_mt_q << COL_SH;
  assign wb_vc     = (m_q - wb_m0 < 32'(COLS)) ? m_q - wb_m0 : 32'(COLS);

  assign m_axi_awaddr_o  = wb_addr_q + (ADDR_W'(wb_mt_q) << YSEG_SH);
  assign m_axi_awlen_o   = 8'(wb_beats_q) - 8'd1;
  assign m_axi_awsize_o  = 3'(BEAT_SH);
  assign m_axi_awburst_o = 2'b01;
  assign m_axi_awvalid_o = (wb_state_q == WB_AW);
  assign m_axi_wdata_o   = wb_row_data[32'(wb_beat_q) * DATA_W +: DATA_W];
  assign m_axi_wstrb_o   = wb_strb;
  assign m_axi_wlast_o   = (wb_beat_q == wb_beats_q - OB_W'(1));
  assign m_axi_wvalid_o  = (wb_state_q == WB_W);
  assign m_axi_bready_o  = 1'b1;

  assign m_axi_araddr_o  = araddr_q;
  assign m_axi_arlen_o   = arlen_q;
  assign m_axi_arsize_o  = 3'(BEAT_SH);
  assign m_axi_arburst_o = 2'b01;
  assign m_axi_arvalid_o = arvalid_q;
  assign m_axi_rready_o  = 1'b1;

  // ---------------- sequencing ----------------
  logic b_err, nt_done, drained;
  assign b_err   = m_axi_bvalid_i && m_axi_bresp_i[1];
  assign nt_done = fe_done_q && (wb_mt_q == mt_tot_q) && (wb_state_q == WB_IDLE) &&
                   (b_outst_q == 32'd0) && (tag_cnt_q == '0) && !arvalid_q;
  assign drained = (wb_state_q != WB_AW) && (wb_state_q != WB_W) && (b_outst_q == 32'd0) &&
                   (tag_cnt_q == '0) && !arvalid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q       <= S_IDLE;
      w_base_q      <= '0;
      y_base_q      <= '0;
      m_q           <= '0;
      n_q           <= '0;
      xs_q          <= '0;
      ys_q          <= '0;
      kt_tot_q      <= '0;
      mt_tot_q      <= '0;
      ktb_q         <= '0;
      rowb_q        <= '0;
      wbeats_tot_q  <= '0;
      nt_max_q      <= '0;
      used_q        <= '0;
      n0_q          <= '0;
      nt_q          <= '0;
      y_tile_q      <= '0;
      err_code_q    <= '0;
      err_addr_q    <= '0;
      err_seen_q    <= 1'b0;
      done_o        <= 1'b0;
      err_o         <= 1'b0;
      arvalid_q     <= 1'b0;
      araddr_q      <= '0;
      arlen_q       <= '0;
      ar_phase_q    <= 2'd2;
      x_row_q       <= '0;
      x_addr_q      <= '0;
      w_addr_q      <= '0;
      x_rows_rem_q  <= '0;
      x_beats_rem_q <= '0;
      w_beats_rem_q <= '0;
      tag_wp_q      <= '0;
      tag_rp_q      <= '0;
      tag_cnt_q     <= '0;
      for (int i = 0; i < TAGS; i++) begin
        tag_w_q[i]    <= 1'b0;
        tag_addr_q[i] <= '0;
      end
      wgt_cnt_q     <= '0;
      wgt_infl_q    <= '0;
      wgt_wp_q      <= '0;
      wgt_rp_q      <= '0;
      x_wp_q        <= '0;
      x_rcv_q       <= '0;
      x_tot_q       <= '0;
      fe_done_q     <= 1'b1;
      shadow_full_q <= 1'b0;
      out_claimed_q <= 1'b0;
      fe_n_q        <= '0;
      fe_kt_q       <= '0;
      fe_mt_q       <= '0;
      fe_nbase_q    <= '0;
      wb_state_q    <= WB_IDLE;
      wb_mt_q       <= '0;
      wb_row_q      <= '0;
      wb_nt_q       <= '0;
      wb_beat_q     <= '0;
      wb_beats_q    <= '0;
      wb_vcols_q    <= '0;
      wb_addr_q     <= '0;
      b_outst_q     <= '0;
      aw_wp_q       <= '0;
      aw_rp_q       <= '0;
      for (int i = 0; i < WR_OUT; i++) aw_addr_q[i] <= '0;
    end else begin
      done_o <= 1'b0;
      err_o  <= 1'b0;

      // ---- job state ----
      case (state_q)
        S_IDLE: begin
          if (start_i) begin
            if (c_err != tritium_reg_pkg::ERR_NONE) begin
              err_code_q <= c_err;
              err_addr_q <= '0;
              err_o      <= 1'b1;
            end else begin
              state_q      <= S_NCALC;
              w_base_q     <= cmd_w_i[ADDR_W-1:0];
              y_base_q     <= cmd_y_i[ADDR_W-1:0];
              m_q          <= cmd_m_i;
              n_q          <= cmd_n_i;
              xs_q         <= cmd_xs_i;
              ys_q         <= cmd_ys_i;
              kt_tot_q     <= (cmd_k_i >> ROW_SH) + {31'd0, |cmd_k_i[ROW_SH-1:0]};
              mt_tot_q     <= (cmd_m_i >> COL_SH) + {31'd0, |cmd_m_i[COL_SH-1:0]};
              ktb_q        <= c_ktb;
              rowb_q       <= c_ktb << BEAT_SH;
              nt_max_q     <= '0;
              used_q       <= '0;
              n0_q         <= '0;
              err_code_q   <= tritium_reg_pkg::ERR_NONE;
              err_addr_q   <= '0;
              err_seen_q   <= 1'b0;
              x_row_q      <= cmd_x_i[ADDR_W-1:0];
            end
          end
        end
        S_NCALC: begin
          // How many activation rows fit both buffers; a few dozen cycles once per job.
          wbeats_tot_q <= (mt_tot_q * kt_tot_q) << $clog2(TILE_BEATS);
          if (nt_max_q != 32'(ACC_NT) && nt_max_q != n_q && used_q + rowb_q <= 32'(ACT_BYTES)) begin
            nt_max_q <= nt_max_q + 32'd1;
            used_q   <= used_q + rowb_q;
          end else begin
            state_q <= S_TILE;
          end
        end
        S_TILE: begin
          nt_q          <= (n_q - n0_q < nt_max_q) ? n_q - n0_q : nt_max_q;
          x_tot_q       <= ktb_q * ((n_q - n0_q < nt_max_q) ? n_q - n0_q : nt_max_q);
          x_rows_rem_q  <= (n_q - n0_q < nt_max_q) ? n_q - n0_q : nt_max_q;
          y_tile_q      <= y_base_q + ADDR_W'(n0_q * ys_q);
          x_addr_q      <= x_row_q;
          x_beats_rem_q <= ktb_q;
          w_addr_q      <= w_base_q;
          w_beats_rem_q <= wbeats_tot_q;
          ar_phase_q    <= 2'd0;
          x_wp_q        <= '0;
          x_rcv_q       <= '0;
          fe_done_q     <= 1'b0;
          fe_n_q        <= '0;
          fe_kt_q       <= '0;
          fe_mt_q       <= '0;
          fe_nbase_q    <= '0;
          wb_mt_q       <= '0;
          state_q       <= S_RUN;
        end
        S_RUN: begin
          if (nt_done) begin
            if (n0_q + nt_q == n_q) begin
              state_q <= S_IDLE;
              done_o  <= 1'b1;
            end else begin
              n0_q    <= n0_q + nt_q;
              state_q <= S_TILE;
            end
          end
        end
        S_DRAIN: begin
          if (drained) begin
            state_q <= S_IDLE;
            err_o   <= err_seen_q;
          end
        end
        default: state_q <= S_IDLE;
      endcase

      // ---- faults and abort: stop issuing, let bursts in flight finish ----
      // Faults seen while draining belong to a job already stopped (or aborted): not reported again.
      if (state_q != S_IDLE && state_q != S_DRAIN) begin
        if (r_err) begin
          err_seen_q <= 1'b1;
          err_code_q <= tritium_reg_pkg::ERR_AXI_READ;
          err_addr_q <= 64'(tag_addr_q[tag_rp_q]);
          state_q    <= S_DRAIN;
        end else if (b_err) begin
          err_seen_q <= 1'b1;
          err_code_q <= tritium_reg_pkg::ERR_AXI_WRITE;
          err_addr_q <= 64'(aw_addr_q[aw_rp_q]);
          state_q    <= S_DRAIN;
        end else if (abort_i) begin
          state_q    <= S_DRAIN;
        end
      end
      if (abort_i) err_seen_q <= 1'b0;

      // ---- AR issue ----
      if (arvalid_q && m_axi_arready_i) arvalid_q <= 1'b0;
      if (ar_issue) begin
        arvalid_q <= 1'b1;
        araddr_q  <= ar_cur;
        arlen_q   <= 8'(ar_len - 32'd1);
        tag_w_q[tag_wp_q]    <= (ar_phase_q == 2'd1);
        tag_addr_q[tag_wp_q] <= ar_cur;
        tag_wp_q  <= tag_wp_q + TAG_AW'(1);
        if (ar_phase_q == 2'd0) begin
          if (x_beats_rem_q == ar_len) begin
            x_rows_rem_q  <= x_rows_rem_q - 32'd1;
            x_row_q       <= x_row_q + ADDR_W'(xs_q);
            x_addr_q      <= x_row_q + ADDR_W'(xs_q);
            x_beats_rem_q <= ktb_q;
            if (x_rows_rem_q == 32'd1) ar_phase_q <= 2'd1;
          end else begin
            x_beats_rem_q <= x_beats_rem_q - ar_len;
            x_addr_q      <= x_addr_q + (ADDR_W'(ar_len) << BEAT_SH);
          end
        end else begin
          w_beats_rem_q <= w_beats_rem_q - ar_len;
          w_addr_q      <= w_addr_q + (ADDR_W'(ar_len) << BEAT_SH);
          if (w_beats_rem_q == ar_len) ar_phase_q <= 2'd2;
        end
      end
      tag_cnt_q <= tag_cnt_q + (ar_issue ? (TAG_AW+1)'(1) : '0) - (r_last ? (TAG_AW+1)'(1) : '0);
      if (r_last) tag_rp_q <= tag_rp_q + TAG_AW'(1);

      // ---- R beats ----
      wgt_infl_q <= wgt_infl_q + ((ar_issue && ar_phase_q == 2'd1) ? ar_len : 32'd0)
                               - ((r_beat && r_is_w) ? 32'd1 : 32'd0);
      wgt_cnt_q  <= wgt_cnt_q + ((r_beat && r_is_w) ? 32'd1 : 32'd0)
                              - (load_issue ? 32'(TILE_BEATS) : 32'd0);
      if (r_beat && r_is_w) wgt_wp_q <= wgt_wp_q + WGT_AW'(1);
      if (load_issue) wgt_rp_q <= wgt_rp_q + WGT_AW'(TILE_BEATS);
      if (r_beat && !r_is_w) begin
        x_wp_q  <= x_wp_q + ACT_AW'(ACT_E);
        x_rcv_q <= x_rcv_q + 32'd1;
      end

      // ---- front end ----
      if (load_issue && !swap) shadow_full_q <= 1'b1;
      else if (swap && !load_issue) shadow_full_q <= 1'b0;
      if (act_issue && need_out) out_claimed_q <= 1'b1;
      if (act_issue) begin
        if (fe_n_q == nt_q - 32'd1) begin
          fe_n_q     <= '0;
          fe_nbase_q <= '0;
          if (fe_kt_q == kt_tot_q - 32'd1) begin
            fe_kt_q <= '0;
            if (fe_mt_q == mt_tot_q - 32'd1) fe_done_q <= 1'b1;
            else fe_mt_q <= fe_mt_q + 32'd1;
          end else begin
            fe_kt_q <= fe_kt_q + 32'd1;
          end
        end else begin
          fe_n_q     <= fe_n_q + 32'd1;
          fe_nbase_q <= fe_nbase_q + ACT_AW'(ktb_q << $clog2(ACT_E));
        end
      end

      // ---- write engine ----
      if (aw_hs) begin
        aw_addr_q[aw_wp_q] <= m_axi_awaddr_o;
        aw_wp_q <= aw_wp_q + WR_AW'(1);
      end
      if (m_axi_bvalid_i) aw_rp_q <= aw_rp_q + WR_AW'(1);
      b_outst_q <= b_outst_q + (aw_hs ? 32'd1 : 32'd0) - (m_axi_bvalid_i ? 32'd1 : 32'd0);
      case (wb_state_q)
        WB_IDLE: begin
          if (wb_start) begin
            wb_state_q <= WB_ROW;
            wb_row_q   <= '0;
            wb_nt_q    <= nt_q;
            wb_addr_q  <= y_tile_q;
            wb_vcols_q <= wb_vc;
            // ceil(valid columns * 4 / bus bytes)
            wb_beats_q <= OB_W'((({wb_vc[29:0], 2'b00}) + 32'(BUS_B - 1)) >> BEAT_SH);
          end
        end
        WB_ROW: begin
          if (!run) begin
            wb_state_q <= WB_IDLE;
          end else if (b_outst_q < 32'(WR_OUT)) begin
            wb_state_q <= WB_AW;
            wb_beat_q  <= '0;
          end
        end
        WB_AW: begin
          if (m_axi_awready_i) wb_state_q <= WB_W;
        end
        WB_W: begin
          if (w_hs) begin
            wb_beat_q <= wb_beat_q + OB_W'(1);
            if (w_last_hs) begin
              wb_addr_q <= wb_addr_q + ADDR_W'(ys_q);
              if (wb_row_q == wb_nt_q - 32'd1) begin
                wb_state_q    <= WB_IDLE;
                wb_mt_q       <= wb_mt_q + 32'd1;
                out_claimed_q <= 1'b0;
              end else begin
                wb_row_q   <= wb_row_q + 32'd1;
                wb_state_q <= WB_ROW;
              end
            end
          end
        end
        default: wb_state_q <= WB_IDLE;
      endcase

      if (state_q == S_DRAIN) fe_done_q <= 1'b1;

      // A new command discards what a stopped job left behind (weights staged but never used, a
      // claimed output buffer). Last in the block so it overrides the per-cycle updates above.
      if (state_q == S_IDLE && start_i && c_err == tritium_reg_pkg::ERR_NONE) begin
        wgt_cnt_q     <= '0;
        wgt_infl_q    <= '0;
        wgt_wp_q      <= '0;
        wgt_rp_q      <= '0;
        tag_wp_q      <= '0;
        tag_rp_q      <= '0;
        tag_cnt_q     <= '0;
        shadow_full_q <= 1'b0;
        out_claimed_q <= 1'b0;
        b_outst_q     <= '0;
        aw_wp_q       <= '0;
        aw_rp_q       <= '0;
      end
    end
  end

  // Only bit 1 of a response tells OKAY/EXOKAY from SLVERR/DECERR.
  logic unused_resp;
  assign unused_resp = m_axi_bresp_i[0] ^ m_axi_rresp_i[0];

  assign busy_o         = (state_q != S_IDLE);
  assign err_code_o     = err_code_q;
  assign err_addr_o     = err_addr_q;
  assign ev_compute_o   = act_issue;
  assign ev_rd_beat_o   = m_axi_rvalid_i;
  assign ev_wr_beat_o   = m_axi_wvalid_o && m_axi_wready_i;
  assign ev_stall_act_o = run && !fe_done_q && !x_ready;
  assign ev_stall_out_o = run && !fe_done_q && x_ready && need_out && shadow_full_q && out_claimed_q;
  assign ev_stall_wgt_o = run && !fe_done_q && x_ready && start_tile && !shadow_full_q;
endmodule
