// tritium register map, error codes and identity: the single source of truth.
//
// The C header build/gen/tritium_regs.h is generated from this file by tools/gen_regs.sh, which
// reads every line of the form
//   localparam logic [W-1:0] NAME = W'hVALUE;  // comment
// so keep that exact shape (hex literals, one per line) for anything software must see.
// Registers are 32 bits wide at byte offsets on the AXI4-Lite slave; 64-bit values are LO/HI pairs
// (reading LO latches HI so a pair read is consistent).
package tritium_reg_pkg;

  // ---- identity ----
  localparam logic [31:0] ID_VALUE              = 32'h54524954;  // ASCII "TRIT"
  localparam logic [31:0] VERSION_VALUE         = 32'h00010000;  // major 1, minor 0 (major<<16 | minor)

  // ---- read-only identity and configuration ----
  localparam logic [11:0] REG_ID            = 12'h000;  // ID_VALUE
  localparam logic [11:0] REG_VERSION       = 12'h004;  // VERSION_VALUE
  localparam logic [11:0] REG_CFG_ROWS      = 12'h008;  // array rows (K direction)
  localparam logic [11:0] REG_CFG_COLS      = 12'h00C;  // array columns (M direction)
  localparam logic [11:0] REG_CFG_DATA_W    = 12'h010;  // AXI4 master data width in bits
  localparam logic [11:0] REG_CFG_ACT_BYTES = 12'h014;  // activation buffer size in bytes
  localparam logic [11:0] REG_CFG_WGT_BYTES = 12'h018;  // weight staging buffer size in bytes
  localparam logic [11:0] REG_CFG_ACC_WORDS = 12'h01C;  // output accumulator size in int32 words
  localparam logic [11:0] REG_CFG_ADDR_W    = 12'h020;  // AXI4 master address width in bits
  localparam logic [11:0] REG_CFG_MAX_N     = 12'h024;  // largest N tile the buffers hold for the largest K

  // ---- control and status ----
  localparam logic [11:0] REG_CTRL          = 12'h040;  // write: CTRL_* bits (self-clearing)
  localparam logic [11:0] REG_STATUS        = 12'h044;  // read: STATUS_* bits
  localparam logic [11:0] REG_ERR_CODE      = 12'h048;  // ERR_* of the job that failed
  localparam logic [11:0] REG_DONE_COUNT    = 12'h04C;  // jobs completed since reset
  localparam logic [11:0] REG_IRQ_ENABLE    = 12'h050;  // bit 0: raise irq_o on completion or error
  localparam logic [11:0] REG_IRQ_STATUS    = 12'h054;  // bit 0: irq pending; write 1 to clear
  localparam logic [11:0] REG_ERR_ADDR_LO   = 12'h058;  // address of the faulting DMA burst
  localparam logic [11:0] REG_ERR_ADDR_HI   = 12'h05C;

  localparam logic [31:0] CTRL_START        = 32'h00000001;  // run the command in the CMD_* registers
  localparam logic [31:0] CTRL_SOFT_RESET   = 32'h00000002;  // abort, clear error and state
  localparam logic [31:0] CTRL_CLEAR_PERF   = 32'h00000004;  // zero the performance counters

  localparam logic [31:0] STATUS_BUSY       = 32'h00000001;
  localparam logic [31:0] STATUS_DONE       = 32'h00000002;  // last job finished (cleared by START)
  localparam logic [31:0] STATUS_ERROR      = 32'h00000004;  // last job stopped with ERR_CODE

  // ---- command: one matmul Y[n][m] = sum_k W[m][k] * X[n][k] ----
  localparam logic [11:0] REG_CMD_W_LO      = 12'h080;  // weights, device-native tiled layout
  localparam logic [11:0] REG_CMD_W_HI      = 12'h084;
  localparam logic [11:0] REG_CMD_X_LO      = 12'h088;  // activations: N rows of K int8
  localparam logic [11:0] REG_CMD_X_HI      = 12'h08C;
  localparam logic [11:0] REG_CMD_Y_LO      = 12'h090;  // results: N rows of M int32
  localparam logic [11:0] REG_CMD_Y_HI      = 12'h094;
  localparam logic [11:0] REG_CMD_M         = 12'h098;
  localparam logic [11:0] REG_CMD_K         = 12'h09C;
  localparam logic [11:0] REG_CMD_N         = 12'h0A0;
  localparam logic [11:0] REG_CMD_X_STRIDE  = 12'h0A4;  // bytes between activation rows
  localparam logic [11:0] REG_CMD_Y_STRIDE  = 12'h0A8;  // bytes between result rows
  localparam logic [11:0] REG_CMD_FLAGS     = 12'h0AC;  // reserved, must be 0

  // ---- 64-bit performance counters (LO at offset, HI at offset + 4) ----
  localparam logic [11:0] REG_PERF_CYCLES        = 12'h100;  // cycles since reset / clear
  localparam logic [11:0] REG_PERF_BUSY          = 12'h108;  // cycles with a job running
  localparam logic [11:0] REG_PERF_COMPUTE       = 12'h110;  // cycles the array consumed activations
  localparam logic [11:0] REG_PERF_RD_BYTES      = 12'h118;  // bytes read by DMA
  localparam logic [11:0] REG_PERF_WR_BYTES      = 12'h120;  // bytes written by DMA
  localparam logic [11:0] REG_PERF_STALL_WGT     = 12'h128;  // busy, array idle waiting for weights
  localparam logic [11:0] REG_PERF_STALL_ACT     = 12'h130;  // busy, array idle waiting for activations
  localparam logic [11:0] REG_PERF_STALL_OUT     = 12'h138;  // busy, array idle waiting for result write-back
  localparam logic [11:0] REG_PERF_TERNARY_OPS   = 12'h140;  // PE add/sub/pass operations executed
  localparam logic [11:0] REG_PERF_JOBS          = 12'h148;  // commands started

  // ---- error codes (REG_ERR_CODE) ----
  localparam logic [31:0] ERR_NONE          = 32'h00000000;
  localparam logic [31:0] ERR_AXI_READ      = 32'h00000001;  // SLVERR/DECERR on a DMA read
  localparam logic [31:0] ERR_AXI_WRITE     = 32'h00000002;  // SLVERR/DECERR on a DMA write
  localparam logic [31:0] ERR_CMD_ZERO_DIM  = 32'h00000003;  // M, K or N is zero
  localparam logic [31:0] ERR_CMD_ALIGN     = 32'h00000004;  // an address or stride not bus-aligned
  localparam logic [31:0] ERR_CMD_TOO_LARGE = 32'h00000005;  // K (or a stride) exceeds the buffers
  localparam logic [31:0] ERR_CMD_FLAGS     = 32'h00000006;  // reserved flag bits set
  localparam logic [31:0] ERR_START_BUSY    = 32'h00000007;  // START while a job was running
  localparam logic [31:0] ERR_CMD_STRIDE    = 32'h00000008;  // N > 1 and X_STRIDE < K or Y_STRIDE < 4*M

endpackage
