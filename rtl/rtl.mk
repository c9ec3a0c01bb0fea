# rtl: synthesizable SystemVerilog of the accelerator (tritium_top) and its lint.
# Order matters for the tools that read files in sequence: the generated package first. The
# generated includes (the CSR's configuration decode, the rule checks) are found with -I$(BUILD)/gen.
RTL_CELLS := rtl/tritium_fifo.sv rtl/tritium_ram.sv rtl/tritium_seq_div.sv rtl/tritium_seq_mul.sv rtl/tritium_b3_dec.sv rtl/tritium_pe.sv rtl/tritium_delay.sv rtl/tritium_array.sv \
             rtl/tritium_cmd_check.sv rtl/tritium_win_check.sv rtl/tritium_job_ctrl.sv rtl/tritium_rd_dma.sv rtl/tritium_act_buf.sv \
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

# make synth-b3: the cost of the base-3 weight decoder alone (tritium_b3_dec with each named
# configuration's ROWS, COLS, DATA_W), mapped by yosys to iCE40 (LUT4, carry, flops) and to Xilinx
# UltraScale+ (LUTs, flops); one table on the terminal. Opt-in: about 5 minutes here.
B3_FLOW_ice40 := synth_ice40 -top tritium_b3_dec
B3_FLOW_xcup  := synth_xilinx -family xcup -top tritium_b3_dec

define SYNTH_B3_RULES
$(BUILD)/synth/$(1).b3_$(2).json: $(BUILD)/gen/tritium_reg_pkg.sv rtl/tritium_b3_dec.sv rtl/rtl.mk $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(BUILD)/synth
	@echo "yosys $(2): the base-3 decoder of $(1)"
	@yosys -q -l $(BUILD)/synth/$(1).b3_$(2).log -p "read_verilog -defer -sv -I$(BUILD)/gen $(BUILD)/gen/tritium_reg_pkg.sv \
	  rtl/tritium_b3_dec.sv; chparam $$$$(echo '$(HW_YSET_$(1))' | grep -oE -- '-set (ROWS|COLS|DATA_W) [0-9]+' | tr '\n' ' ') \
	  tritium_b3_dec; hierarchy -check -top tritium_b3_dec; $(B3_FLOW_$(2)); tee -q -o $$@.tmp stat -json" >/dev/null 2>&1 || \
	  { tail -20 $(BUILD)/synth/$(1).b3_$(2).log; echo "synth-b3: yosys failed on $(1) ($(2))"; exit 1; }
	@mv $$@.tmp $$@
endef
# The configurations with the decoder (WFORMATS bit 1; the rules allow 1 or 3).
B3_CONFIGS := $(foreach c,$(HW_CONFIGS),$(if $(findstring -set WFORMATS 1,$(HW_YSET_$(c))),,$(c)))
$(foreach c,$(B3_CONFIGS),$(foreach f,ice40 xcup,$(eval $(call SYNTH_B3_RULES,$(c),$(f)))))

.PHONY: synth-b3
synth-b3: $(foreach c,$(B3_CONFIGS),$(BUILD)/synth/$(c).b3_ice40.json $(BUILD)/synth/$(c).b3_xcup.json)
	@python3 rtl/synth_table.py --b3 $^
