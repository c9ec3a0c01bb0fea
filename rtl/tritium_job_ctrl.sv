// Job control: takes a checked command, sizes the N tile (how many activation rows fit both the
// activation buffer and the accumulator), runs the N tiles one after the other, and stops a job on
// a fault or an abort once the bursts in flight have finished, keeping the error and its address.
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
  input  logic [31:0]       c_err_i,       // the command check's verdict
  input  logic [31:0]       c_ktb_i,       // beats per activation row
  input  logic              nt_done_i,     // the N tile is fed, written and every burst answered
  input  logic              drained_i,     // nothing in flight any more
  input  logic              r_err_i,
  input  logic [ADDR_W-1:0] r_err_addr_i,
  input  logic              b_err_i,
  input  logic [ADDR_W-1:0] b_err_addr_i,
  output logic              run_o,         // N tile under way: DMA and feeder may work
  output logic              drain_o,       // stopping: nothing new is issued
  output logic              job_start_o,   // a checked command starts (this cycle)
  output logic              tile_start_o,  // an N tile starts (this cycle)
  output logic [31:0]       tile_nt_o,     // ... with this many rows
  output logic [31:0]       tile_x_beats_o,// ... and this many activation beats
  output logic [ADDR_W-1:0] w_base_o,
  output logic [31:0]       m_o, xs_o, ys_o, ktb_o, kt_tot_o, mt_tot_o, wbeats_o, nt_o,
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
  logic [ADDR_W-1:0] w_base_q, w_base_d, y_base_q, y_base_d, y_tile_q, y_tile_d;
  logic [31:0]       m_q, m_d, n_q, n_d, xs_q, xs_d, ys_q, ys_d;
  logic [31:0]       kt_tot_q, kt_tot_d, mt_tot_q, mt_tot_d, ktb_q, ktb_d, rowb_q, rowb_d, wbeats_q, wbeats_d;
  logic [31:0]       nt_max_q, nt_max_d, used_q, used_d, n0_q, n0_d, nt_q, nt_d;
  logic [31:0]       err_code_q, err_code_d;
  logic [63:0]       err_addr_q, err_addr_d;
  logic              err_seen_q, err_seen_d, done_d, err_d;
  logic [31:0]       tile_nt;

  assign job_start_o  = (state_q == SIdle) && start_i && c_err_i == tritium_reg_pkg::ERR_NONE;
  assign tile_start_o = (state_q == STile);
  assign tile_nt      = (n_q - n0_q < nt_max_q) ? n_q - n0_q : nt_max_q;

  always_comb begin
    state_d    = state_q;
    w_base_d   = w_base_q;
    y_base_d   = y_base_q;
    y_tile_d   = y_tile_q;
    m_d        = m_q;
    n_d        = n_q;
    xs_d       = xs_q;
    ys_d       = ys_q;
    kt_tot_d   = kt_tot_q;
    mt_tot_d   = mt_tot_q;
    ktb_d      = ktb_q;
    rowb_d     = rowb_q;
    wbeats_d   = wbeats_q;
    nt_max_d   = nt_max_q;
    used_d     = used_q;
    n0_d       = n0_q;
    nt_d       = nt_q;
    err_code_d = err_code_q;
    err_addr_d = err_addr_q;
    err_seen_d = err_seen_q;
    done_d     = 1'b0;
    err_d      = 1'b0;
    unique case (state_q)
      SIdle: begin
        if (start_i) begin
          if (c_err_i != tritium_reg_pkg::ERR_NONE) begin
            err_code_d = c_err_i;
            err_addr_d = '0;
            err_d      = 1'b1;
          end else begin
            state_d    = SNcalc;
            w_base_d   = cmd_w_i;
            y_base_d   = cmd_y_i;
            m_d        = cmd_m_i;
            n_d        = cmd_n_i;
            xs_d       = cmd_xs_i;
            ys_d       = cmd_ys_i;
            kt_tot_d   = (cmd_k_i >> ROW_SH) + {31'd0, |cmd_k_i[ROW_SH-1:0]};
            mt_tot_d   = (cmd_m_i >> COL_SH) + {31'd0, |cmd_m_i[COL_SH-1:0]};
            ktb_d      = c_ktb_i;
            rowb_d     = c_ktb_i << BEAT_SH;
            nt_max_d   = '0;
            used_d     = '0;
            n0_d       = '0;
            err_code_d = tritium_reg_pkg::ERR_NONE;
            err_addr_d = '0;
            err_seen_d = 1'b0;
          end
        end
      end
      SNcalc: begin
        // How many activation rows fit both buffers; a few dozen cycles once per job.
        wbeats_d = (mt_tot_q * kt_tot_q) << $clog2(TILE_BEATS);
        if (nt_max_q != 32'(ACC_NT) && nt_max_q != n_q && used_q + rowb_q <= 32'(ACT_BYTES)) begin
          nt_max_d = nt_max_q + 32'd1;
          used_d   = used_q + rowb_q;
        end else begin
          state_d = STile;
        end
      end
      STile: begin
        nt_d     = tile_nt;
        y_tile_d = y_base_q + ADDR_W'(n0_q * ys_q);
        state_d  = SRun;
      end
      SRun: begin
        if (nt_done_i) begin
          if (n0_q + nt_q == n_q) begin
            state_d = SIdle;
            done_d  = 1'b1;
          end else begin
            n0_d    = n0_q + nt_q;
            state_d = STile;
          end
        end
      end
      SDrain: begin
        if (drained_i) begin
          state_d = SIdle;
          err_d   = err_seen_q;
        end
      end
      default: state_d = SIdle;
    endcase

    // Faults and abort: stop issuing, let bursts in flight finish. Faults seen while draining belong
    // to a job already stopped (or aborted): not reported again.
    if (state_q != SIdle && state_q != SDrain) begin
      if (r_err_i) begin
        err_seen_d = 1'b1;
        err_code_d = tritium_reg_pkg::ERR_AXI_READ;
        err_addr_d = 64'(r_err_addr_i);
        state_d    = SDrain;
      end else if (b_err_i) begin
        err_seen_d = 1'b1;
        err_code_d = tritium_reg_pkg::ERR_AXI_WRITE;
        err_addr_d = 64'(b_err_addr_i);
        state_d    = SDrain;
      end else if (abort_i) begin
        state_d    = SDrain;
      end
    end
    if (abort_i) err_seen_d = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= SIdle;
      w_base_q   <= '0;
      y_base_q   <= '0;
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
      done_o     <= 1'b0;
      err_o      <= 1'b0;
    end else begin
      state_q    <= state_d;
      w_base_q   <= w_base_d;
      y_base_q   <= y_base_d;
      y_tile_q   <= y_tile_d;
      m_q        <= m_d;
      n_q        <= n_d;
      xs_q       <= xs_d;
      ys_q       <= ys_d;
      kt_tot_q   <= kt_tot_d;
      mt_tot_q   <= mt_tot_d;
      ktb_q      <= ktb_d;
      rowb_q     <= rowb_d;
      wbeats_q   <= wbeats_d;
      nt_max_q   <= nt_max_d;
      used_q     <= used_d;
      n0_q       <= n0_d;
      nt_q       <= nt_d;
      err_code_q <= err_code_d;
      err_addr_q <= err_addr_d;
      err_seen_q <= err_seen_d;
      done_o     <= done_d;
      err_o      <= err_d;
    end
  end

  assign run_o          = (state_q == SRun);
  assign drain_o        = (state_q == SDrain);
  assign busy_o         = (state_q != SIdle);
  assign tile_nt_o      = tile_nt;
  assign tile_x_beats_o = ktb_q * tile_nt;
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
