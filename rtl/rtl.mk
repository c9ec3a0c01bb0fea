# rtl: synthesizable SystemVerilog of the accelerator (tritium_top) and its lint.
# Order matters for the tools that read files in sequence: the generated package first. The
# generated includes (the CSR's configuration decode, the rule checks) are found with -I$(BUILD)/gen.
RTL_CELLS := rtl/tritium_fifo.sv rtl/tritium_pe.sv rtl/tritium_delay.sv rtl/tritium_array.sv \
             rtl/tritium_cmd_check.sv rtl/tritium_job_ctrl.sv rtl/tritium_rd_dma.sv rtl/tritium_act_buf.sv \
             rtl/tritium_wgt_stage.sv rtl/tritium_feeder.sv rtl/tritium_acc.sv rtl/tritium_wr_dma.sv \
             rtl/tritium_csr.sv rtl/tritium_core.sv rtl/tritium_top.sv
RTL_SRCS := $(BUILD)/gen/tritium_reg_pkg.sv $(RTL_CELLS)
RTL_INCS := $(BUILD)/gen/tritium_csr_cfg.svh $(BUILD)/gen/tritium_cfg_check.svh
RTL_VLT  := rtl/lint/tritium.vlt
# A broken rule of hw/tritium.toml is an $error at elaboration: fatal for Verilator too.
RTL_VFLAGS := -I$(BUILD)/gen -Werror-USERERROR

# yosys runs a full generic synth; small buffers keep it to about half a minute (memories become flops).
RTL_YOSYS_PARAMS := -set ROWS 4 -set COLS 8 -set DATA_W 64 -set ACT_BYTES 256 -set WGT_BYTES 256 -set ACC_WORDS 64

.PHONY: lint lint-verilator lint-yosys
lint: lint-verilator lint-yosys

# Every named configuration of hw/tritium.toml, with its real parameters.
lint-verilator: $(RTL_SRCS) $(RTL_INCS) $(RTL_VLT)
	@set -e; $(foreach c,$(HW_CONFIGS),echo "verilator --lint-only -Wall ($(c))"; \
	  verilator --lint-only -Wall $(RTL_VFLAGS) +define+TRITIUM_ASSERTIONS $(RTL_VLT) $(RTL_SRCS) --top-module tritium_top $(HW_GFLAGS_$(c));)

# yosys: a full synthesis of a small configuration, then every named configuration elaborated with
# its real parameters (its rule checks included) and its processes converted; latches and width or
# port problems anywhere are errors, whatever yosys itself decided.
$(BUILD)/lint/yosys.log: $(RTL_SRCS) $(RTL_INCS) rtl/rtl.mk $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(dir $@)
	yosys -q -l $@.tmp -p "read_verilog -defer -sv -I$(BUILD)/gen $(RTL_SRCS); chparam $(RTL_YOSYS_PARAMS) tritium_top; \
	  hierarchy -check -top tritium_top; proc; check -assert; synth -top tritium_top; check -assert"
	@set -e; $(foreach c,$(HW_CONFIGS),echo "yosys elaboration + proc ($(c))"; \
	  yosys -q -p "read_verilog -defer -sv -I$(BUILD)/gen $(RTL_SRCS); chparam $(HW_YSET_$(c)) tritium_top; \
	    hierarchy -check -top tritium_top; proc; check -assert" >> $@.tmp 2>&1;)
	@if grep -nE 'Latch inferred|[$$]_?(dlatch|DLATCH)|Resizing cell port|implicitly declared|[Ww]idth mismatch|truncat' $@.tmp; then \
	  echo "lint-yosys: latch or width problem (see $@.tmp)"; exit 1; fi
	@mv $@.tmp $@

lint-yosys: $(BUILD)/lint/yosys.log
	@echo "yosys: clean ($(BUILD)/lint/yosys.log)"
