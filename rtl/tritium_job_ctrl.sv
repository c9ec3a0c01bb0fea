// Job control: takes a checked command, sizes the N tile (how many activation rows fit both the
// activation buffer and the accumulator), runs the N tiles one after the other, and stops a job on
// a fault or an abort once the bursts in flight have finished, keeping the error and its address.
// A base-3 weight stream (CMD_FLAGS_WFMT_BASE3) is 4/5 of the 2-bit stream's beats, rounded up per
// pass: a sequential divider finds that count while the N tile is sized. Nothing here multiplies in
// one cycle (no DSP block, no LUT multiplier): the tiles per pass come from a shift-and-add
// multiplier over the K tiles' bits, and the N tile's first result row advances by a step summed
// while the N tile is sized.
module tritium_job_ctrl #(
  parameter int ROWS       = 16,     // array rows (K tile)
  parameter int COLS       = 16,     // array columns (M tile)
  parameter int DATA_W     = 256,    // bus width: rows are padded to whole beats
  parameter int ADDR_W     = 32,     // AXI4 address width
  parameter int ACT_BYTES  = 32768,  // activation buffer bytes
  parameter int ACC_NT     = 64,     // accumulator rows (the largest N tile)
  parameter int TILE_BEATS = 2       // beats per weight tile
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              start_i,
  input  logic              abort_i,
  input  logic [ADDR_W-1:0] cmd_w_i,       // (the command check refuses higher address bits)
  input  logic [ADDR_W-1:0] cmd_y_i,
  input  logic [31:0]       cmd_m_i,
  input  logic [31:0]       cmd_k_i,
  input  logic [31:0]       cmd_n_i,
  input  logic [31:0]       cmd_xs_i,
  input  logic [31:0]       cmd_ys_i,
  input  logic [31:0]       cmd_flags_i,
  input  logic [31:0]       c_err_i,       // the command check's verdict
  input  logic [31:0]       c_ktb_i,       // beats per activation row
  input  logic              nt_done_i,     // the N tile is fed, written and every burst answered
  input  logic              drained_i,     // nothing in flight any more
  input  logic              r_err_i,
  input  logic [ADDR_W-1:0] r_err_addr_i,
  input  logic              b_err_i,
  input  logic [ADDR_W-1:0] b_err_addr_i,
  input  logic              w_err_i,       // a base-3 weight byte above 242
  input  logic [ADDR_W-1:0] w_err_addr_i,  // ... in the beat at this address
  input  logic              win_err_i,     // a burst outside its DMA window was refused
  input  logic [ADDR_W-1:0] win_err_addr_i,
  output logic              run_o,         // N tile under way: DMA and feeder may work
  output logic              drain_o,       // stopping: nothing new is issued
  output logic              job_start_o,   // a checked command starts (this cycle)
  output logic              b3_o,          // the job's weight stream is base-3
  output logic              tile_start_o,  // an N tile starts (this cycle)
  output logic [31:0]       tile_nt_o,     // ... with this many rows
  output logic [ADDR_W-1:0] w_base_o,
  output logic [31:0]       m_o, xs_o, ys_o, ktb_o, kt_tot_o, mt_tot_o, wbeats_o, nt_o,
  output logic [31:0]       tiles_o,       // weight tiles per pass (M tiles x K tiles)
  output logic [ADDR_W-1:0] y_tile_o,      // result row 0 of the current N tile
  output logic              busy_o,
  output logic              done_o,        // pulse: job completed
  output logic              err_o,         // pulse: job stopped, err_code_o valid
  output logic [31:0]       err_code_o,
  output logic [63:0]       err_addr_o
);
  localparam int ROW_SH  = $clog2(ROWS);
  localparam int COL_SH  = $clog2(COLS);
  localparam int BEAT_SH = $clog2(DATA_W / 8);

  typedef enum logic [2:0] {SIdle, SNcalc, STile, SRun, SDrain} state_e;

  state_e            state_q, state_d;
  logic [ADDR_W-1:0] w_base_q, y_next_q, y_step_q, y_tile_q;
  logic [31:0]       m_q, n_q, xs_q, ys_q;
  logic [31:0]       kt_tot_q, mt_tot_q, ktb_q, rowb_q, wbeats_q;
  logic [31:0]       nt_max_q, used_q, n0_q, nt_q;
  logic [31:0]       err_code_q;
  logic [63:0]       err_addr_q;
  logic              err_seen_q;
  logic [31:0]       tile_nt;
  logic              ncalc_more, last_tile;
  logic              b3_q, div_go_q, div_busy, div_rem_nz, wb_ready;
  localparam int DIV_W = 32 + $clog2(4 * TILE_BEATS);  // tiles x units per tile, exactly
  logic [DIV_W-1:0]  div_quo;
  logic [31:0]       tiles;
  // K tiles of a job: at most ACT_BYTES / ROWS (the command check bounds K by ACT_BYTES).
  localparam int KT_W = $clog2(ACT_BYTES / ROWS) + 1;
  logic              mul_go_q, mul_busy, mul_last;

  assign job_start_o  = (state_q == SIdle) && start_i && c_err_i == tritium_reg_pkg::ERR_NONE;
  assign tile_start_o = (state_q == STile);
  assign tile_nt      = (n_q - n0_q < nt_max_q) ? n_q - n0_q : nt_max_q;
  // N-tile sizing: one more activation row fits the accumulator and the activation buffer.
  assign ncalc_more   = nt_max_q != 32'(ACC_NT) && nt_max_q != n_q && used_q + rowb_q <= 32'(ACT_BYTES);
  // The N tile under way is the job's last.
  assign last_tile    = (n0_q + nt_q == n_q);
  // The weight beats per pass are known: after the multiplier for 2-bit codes, after the divider
  // that follows it for base-3.
  assign wb_ready     = !mul_go_q && !mul_busy && (!b3_q || (!div_go_q && !div_busy));

  // Next state: the job FSM alone, so only it sits in the logic that follows the bus inputs.
  always_comb begin
    state_d = state_q;
    unique case (state_q)
      SIdle:  if (start_i && c_err_i == tritium_reg_pkg::ERR_NONE) state_d = SNcalc;
      SNcalc: if (!ncalc_more && wb_ready) state_d = STile;
      STile:  state_d = SRun;
      SRun:   if (nt_done_i) state_d = last_tile ? SIdle : STile;
      SDrain: if (drained_i) state_d = SIdle;
      default: state_d = SIdle;
    endcase
    // Faults and abort: stop issuing, let bursts in flight finish. Faults seen while draining belong
    // to a job already stopped (or aborted): not reported again.
    if (state_q != SIdle && state_q != SDrain && (r_err_i || b_err_i || w_err_i || win_err_i || abort_i))
      state_d = SDrain;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= SIdle;
      w_base_q   <= '0;
      y_next_q   <= '0;
      y_step_q   <= '0;
      y_tile_q   <= '0;
      m_q        <= '0;
      n_q        <= '0;
      xs_q       <= '0;
      ys_q       <= '0;
      kt_tot_q   <= '0;
      mt_tot_q   <= '0;
      ktb_q      <= '0;
      rowb_q     <= '0;
      wbeats_q   <= '0;
      nt_max_q   <= '0;
      used_q     <= '0;
      n0_q       <= '0;
      nt_q       <= '0;
      err_code_q <= '0;
      err_addr_q <= '0;
      err_seen_q <= 1'b0;
      b3_q       <= 1'b0;
      div_go_q   <= 1'b0;
      mul_go_q   <= 1'b0;
      done_o     <= 1'b0;
      err_o      <= 1'b0;
    end else begin
      state_q <= state_d;
      done_o  <= 1'b0;
      err_o   <= 1'b0;
      div_go_q <= mul_last && b3_q;
      mul_go_q <= 1'b0;
      unique case (state_q)
        SIdle: begin
          if (start_i) begin
            if (c_err_i != tritium_reg_pkg::ERR_NONE) begin
              err_code_q <= c_err_i;
              err_addr_q <= '0;
              err_o      <= 1'b1;
            end else begin
              w_base_q   <= cmd_w_i;
              y_next_q   <= cmd_y_i;
              y_step_q   <= '0;
              m_q        <= cmd_m_i;
              n_q        <= cmd_n_i;
              xs_q       <= cmd_xs_i;
              ys_q       <= cmd_ys_i;
              kt_tot_q   <= (cmd_k_i >> ROW_SH) + {31'd0, |cmd_k_i[ROW_SH-1:0]};
              mt_tot_q   <= (cmd_m_i >> COL_SH) + {31'd0, |cmd_m_i[COL_SH-1:0]};
              ktb_q      <= c_ktb_i;
              rowb_q     <= c_ktb_i << BEAT_SH;
              nt_max_q   <= '0;
              used_q     <= '0;
              n0_q       <= '0;
              err_code_q <= tritium_reg_pkg::ERR_NONE;
              err_addr_q <= '0;
              err_seen_q <= 1'b0;
              b3_q       <= (cmd_flags_i & tritium_reg_pkg::CMD_FLAGS_WFMT_BASE3) != 32'd0;
              mul_go_q   <= 1'b1;
            end
          end
        end
        SNcalc: begin
          // How many activation rows fit both buffers; a few dozen cycles once per job.
          if (b3_q) wbeats_q <= div_quo[31:0] + {31'd0, div_rem_nz};
          else wbeats_q <= tiles << $clog2(TILE_BEATS);
          if (ncalc_more) begin
            nt_max_q <= nt_max_q + 32'd1;
            used_q   <= used_q + rowb_q;
            y_step_q <= y_step_q + ADDR_W'(ys_q);  // nt_max_q * ys_q: a full N tile's result rows
          end
        end
        STile: begin
          // Every N tile but the last is full: the next one starts y_step_q further.
          nt_q     <= tile_nt;
          y_tile_q <= y_next_q;
          y_next_q <= y_next_q + y_step_q;
        end
        SRun: begin
          if (nt_done_i) begin
            if (last_tile) done_o <= 1'b1;
            else n0_q <= n0_q + nt_q;
          end
        end
        SDrain: begin
          if (drained_i) err_o <= err_seen_q;
        end
        default: ;
      endcase
      if (state_q != SIdle && state_q != SDrain) begin
        if (r_err_i) begin
          err_seen_q <= 1'b1;
          err_code_q <= tritium_reg_pkg::ERR_AXI_READ;
          err_addr_q <= 64'(r_err_addr_i);
        end else if (b_err_i) begin
          err_seen_q <= 1'b1;
          err_code_q <= tritium_reg_pkg::ERR_AXI_WRITE;
          err_addr_q <= 64'(b_err_addr_i);
        end else if (w_err_i) begin
          err_seen_q <= 1'b1;
          err_code_q <= tritium_reg_pkg::ERR_WEIGHT_CODE;
          err_addr_q <= 64'(w_err_addr_i);
        end else if (win_err_i) begin
          err_seen_q <= 1'b1;
          err_code_q <= tritium_reg_pkg::ERR_DMA_WINDOW;
          err_addr_q <= 64'(win_err_addr_i);
        end
      end
      if (abort_i) err_seen_q <= 1'b0;
    end
  end

  // Tiles per pass: M tiles x K tiles, started the cycle after the job starts (when the tile counts
  // are registered).
  tritium_seq_mul #(.W(32), .BW(KT_W)) u_tiles (
    .clk_i, .rst_ni,
    .start_i(mul_go_q),
    .a_i    (mt_tot_q),
    .b_i    (kt_tot_q[KT_W-1:0]),
    .busy_o (mul_busy),
    .last_o (mul_last),
    .prod_o (tiles)
  );
  logic unused_kt;
  assign unused_kt = ^kt_tot_q[31:KT_W];

  // Base-3 beats per pass: ceil(tiles * 4 * TILE_BEATS / 5), started when the product is ready.
  tritium_seq_div #(.W(DIV_W), .DIV(5)) u_b3_beats (
    .clk_i, .rst_ni,
    .start_i (div_go_q),
    .num_i   (DIV_W'(tiles) << $clog2(4 * TILE_BEATS)),
    .busy_o  (div_busy),
    .quo_o   (div_quo),
    .rem_nz_o(div_rem_nz)
  );

  assign run_o          = (state_q == SRun);
  assign b3_o           = b3_q;
  // The beats of a pass are counted in 32 bits, as for the 2-bit format.
  logic unused_quo;
  assign unused_quo = ^div_quo[DIV_W-1:32];
  assign tiles_o        = tiles;
  assign drain_o        = (state_q == SDrain);
  assign busy_o         = (state_q != SIdle);
  assign tile_nt_o      = tile_nt;
  assign w_base_o       = w_base_q;
  assign m_o            = m_q;
  assign xs_o           = xs_q;
  assign ys_o           = ys_q;
  assign ktb_o          = ktb_q;
  assign kt_tot_o       = kt_tot_q;
  assign mt_tot_o       = mt_tot_q;
  assign wbeats_o       = wbeats_q;
  assign nt_o           = nt_q;
  assign y_tile_o       = y_tile_q;
  assign err_code_o     = err_code_q;
  assign err_addr_o     = err_addr_q;

`ifndef SYNTHESIS
  a_job_state_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
      state_q inside {SIdle, SNcalc, STile, SRun, SDrain})
    else $error("tritium_job_ctrl: illegal state");
  a_one_outcome: assert property (@(posedge clk_i) disable iff (!rst_ni) !(done_o && err_o))
    else $error("tritium_job_ctrl: a job both done and failed");
`endif
endmodule
