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

.PHONY: lint lint-verilator lint-yosys
lint: lint-verilator lint-yosys

# Every named configuration of hw/tritium.toml, with its real parameters.
lint-verilator: $(RTL_SRCS) $(RTL_INCS) $(RTL_VLT)
	@set -e; $(foreach c,$(HW_CONFIGS),echo "verilator --lint-only -Wall ($(c))"; \
	  verilator --lint-only -Wall $(RTL_VFLAGS) +define+TRITIUM_ASSERTIONS $(RTL_VLT) $(RTL_SRCS) --top-module tritium_top $(HW_GFLAGS_$(c));)

# lint-yosys (alias synth): every named configuration synthesized with its real parameters (its rule
# checks included) by yosys's generic flow: flattened, logic mapped to gates by abc, the buffers kept
# as RAM cells as any FPGA or ASIC flow maps them (not hundreds of thousands of flops). Latches and
# width or port problems anywhere are errors, whatever yosys itself decided. Cell counts per
# configuration in $(BUILD)/synth/<name>.json and a table on the terminal; the largest configuration
# takes a few minutes.
SYNTH_SCRIPT = read_verilog -defer -sv -I$(BUILD)/gen $(RTL_SRCS); chparam $(1) tritium_top; \
  hierarchy -check -top tritium_top; proc; check -assert; synth -top tritium_top -flatten -run begin:fine; \
  opt -fast -full; techmap; opt -fast; abc -fast; opt -fast; check -assert; tee -q -o $(2) stat -json

define SYNTH_RULES
$(BUILD)/synth/$(1).json: $(RTL_SRCS) $(RTL_INCS) rtl/rtl.mk $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(BUILD)/synth
	@echo "yosys synth ($(1))"
	@yosys -q -l $(BUILD)/synth/$(1).log -p "$(call SYNTH_SCRIPT,$(HW_YSET_$(1)),$$@.tmp)" >/dev/null 2>&1 || \
	  { tail -20 $(BUILD)/synth/$(1).log; echo "synth: yosys failed on $(1) (see $(BUILD)/synth/$(1).log)"; exit 1; }
	@if grep -nE 'Latch inferred|[$$$$]_?(dlatch|DLATCH)|Resizing cell port|implicitly declared|[Ww]idth mismatch|truncat' \
	  $(BUILD)/synth/$(1).log $$@.tmp; then echo "synth: latch or width problem in $(1) (see $(BUILD)/synth/$(1).log)"; exit 1; fi
	@mv $$@.tmp $$@
endef
$(foreach c,$(HW_CONFIGS),$(eval $(call SYNTH_RULES,$(c))))

.PHONY: synth
synth lint-yosys: $(foreach c,$(HW_CONFIGS),$(BUILD)/synth/$(c).json)
	@python3 rtl/synth_table.py $^
