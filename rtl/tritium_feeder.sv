// Feeder: walks the tiles of an N tile (M tile outer, K tile inner, then the rows of the N tile) and
// drives the array: one activation per cycle once the rows are in, a weight tile into the shadow
// registers while the previous one computes, and the swap with the first activation of each tile. The
// last K tile of an M tile needs the output buffer, which the write DMA releases when it has written
// the previous M tile. The stage-1 control registers ride with the buffers' registered outputs.
module tritium_feeder #(
  parameter int ACT_ENT = 2048,  // activation buffer entries
  parameter int ACT_E   = 2,     // activation entries per bus beat
  parameter int ACC_NT  = 64     // accumulator rows (the largest N tile)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       run_i,
  input  logic                       clear_i,       // a new command
  input  logic                       tile_start_i,  // an N tile starts
  input  logic                       drain_i,       // the job stops: nothing more is fed
  input  logic [31:0]                nt_i,          // rows of this N tile
  input  logic [31:0]                kt_tot_i,      // K tiles
  input  logic [31:0]                mt_tot_i,      // M tiles
  input  logic [31:0]                ktb_i,         // beats per activation row
  input  logic                       x_ready_i,     // every activation row has arrived
  input  logic                       tile_avail_i,  // a whole weight tile is staged
  input  logic                       out_release_i, // the write DMA has written an M tile
  output logic                       act_issue_o,   // an activation goes to the array (perf: compute)
  output logic                       load_issue_o,  // a weight tile goes to the shadow registers
  output logic [$clog2(ACT_ENT)-1:0] act_addr_o,
  output logic                       done_o,        // every tile of the N tile has been fed
  output logic                       s1_load_o,     // stage 1, beside the buffers' registered data
  output logic                       s1_swap_o,
  output logic                       s1_valid_o,
  output logic                       s1_first_o,    // first K tile: the accumulator starts from zero
  output logic                       s1_last_o,     // last K tile: the result goes to the output buffer
  output logic [$clog2(ACC_NT)-1:0]  s1_n_o,
  output logic                       stall_wgt_o,   // perf events
  output logic                       stall_act_o,
  output logic                       stall_out_o
);
  localparam int ACT_AW = $clog2(ACT_ENT);
  localparam int ACC_AW = $clog2(ACC_NT);

  // Updated in the clocked block in priority order (later wins): this logic follows the bus inputs
  // (the write DMA's release), and a separate next-state block would be evaluated at every input change.
  logic              done_q, shadow_full_q, out_claimed_q;
  logic [31:0]       n_q, kt_q, mt_q;
  logic [ACT_AW-1:0] nbase_q;
  logic              start_tile, need_out, act_ok, swap;

  assign start_tile   = (n_q == 32'd0);
  assign need_out     = start_tile && (kt_q == kt_tot_i - 32'd1);
  assign act_ok       = !start_tile || (shadow_full_q && !(need_out && out_claimed_q));
  assign act_issue_o  = run_i && x_ready_i && !done_q && act_ok;
  assign swap         = act_issue_o && start_tile;
  assign load_issue_o = run_i && tile_avail_i && (!shadow_full_q || swap);
  assign act_addr_o   = nbase_q + kt_q[ACT_AW-1:0];
  assign done_o       = done_q;


  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      done_q        <= 1'b1;
      shadow_full_q <= 1'b0;
      out_claimed_q <= 1'b0;
      n_q           <= '0;
      kt_q          <= '0;
      mt_q          <= '0;
      nbase_q       <= '0;
      s1_load_o     <= 1'b0;
      s1_swap_o     <= 1'b0;
      s1_valid_o    <= 1'b0;
      s1_first_o    <= 1'b0;
      s1_last_o     <= 1'b0;
      s1_n_o        <= '0;
    end else begin
      s1_load_o     <= load_issue_o;
      s1_swap_o     <= swap;
      s1_valid_o    <= act_issue_o;
      s1_first_o    <= (kt_q == 32'd0);
      s1_last_o     <= (kt_q == kt_tot_i - 32'd1);
      s1_n_o        <= n_q[ACC_AW-1:0];
      if (tile_start_i) begin
        done_q  <= 1'b0;
        n_q     <= '0;
        kt_q    <= '0;
        mt_q    <= '0;
        nbase_q <= '0;
      end
      if (load_issue_o && !swap) shadow_full_q <= 1'b1;
      else if (swap && !load_issue_o) shadow_full_q <= 1'b0;
      if (act_issue_o && need_out) out_claimed_q <= 1'b1;
      if (act_issue_o) begin
        if (n_q == nt_i - 32'd1) begin
          n_q     <= '0;
          nbase_q <= '0;
          if (kt_q == kt_tot_i - 32'd1) begin
            kt_q <= '0;
            if (mt_q == mt_tot_i - 32'd1) done_q <= 1'b1;
            else mt_q <= mt_q + 32'd1;
          end else begin
            kt_q <= kt_q + 32'd1;
          end
        end else begin
          n_q     <= n_q + 32'd1;
          nbase_q <= nbase_q + ACT_AW'(ktb_i << $clog2(ACT_E));
        end
      end
      if (out_release_i) out_claimed_q <= 1'b0;
      if (drain_i) done_q <= 1'b1;
      if (clear_i) begin
        shadow_full_q <= 1'b0;
        out_claimed_q <= 1'b0;
      end
    end
  end

  assign stall_act_o = run_i && !done_q && !x_ready_i;
  assign stall_out_o = run_i && !done_q && x_ready_i && need_out && shadow_full_q && out_claimed_q;
  assign stall_wgt_o = run_i && !done_q && x_ready_i && start_tile && !shadow_full_q;

`ifndef SYNTHESIS
  a_swap_has_tile: assert property (@(posedge clk_i) disable iff (!rst_ni) swap |-> shadow_full_q)
    else $error("tritium_feeder: swap without a loaded tile");
  a_out_claimed_once: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (act_issue_o && need_out) |-> !out_claimed_q)
    else $error("tritium_feeder: the output buffer claimed twice");
`endif
endmodule
