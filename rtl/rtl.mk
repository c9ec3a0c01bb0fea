# rtl: synthesizable SystemVerilog of the accelerator (tritium_top) and its lint.
# Order matters for the tools that read files in sequence: package first.
RTL_SRCS := rtl/tritium_reg_pkg.sv rtl/tritium_pe.sv rtl/tritium_delay.sv rtl/tritium_array.sv \
            rtl/tritium_csr.sv rtl/tritium_core.sv rtl/tritium_top.sv
RTL_VLT  := rtl/lint/tritium.vlt

# Parameter sets linted with verilator: every simulated configuration's shape.
RTL_LINT_PARAMS := "-GROWS=16 -GCOLS=16 -GDATA_W=256" \
                   "-GROWS=8 -GCOLS=8 -GDATA_W=64 -GACT_BYTES=8192 -GWGT_BYTES=2048 -GACC_WORDS=256" \
                   "-GROWS=8 -GCOLS=32 -GDATA_W=128" \
                   "-GROWS=32 -GCOLS=16 -GDATA_W=512"
# yosys runs a full generic synth; small buffers keep it to about half a minute (memories become flops).
RTL_YOSYS_PARAMS := -set ROWS 4 -set COLS 8 -set DATA_W 64 -set ACT_BYTES 256 -set WGT_BYTES 256 -set ACC_WORDS 64

.PHONY: lint lint-verilator lint-yosys
lint: lint-verilator lint-yosys

lint-verilator: $(RTL_SRCS) $(RTL_VLT)
	@for p in $(RTL_LINT_PARAMS); do \
	  echo "verilator --lint-only -Wall $$p"; \
	  verilator --lint-only -Wall $(RTL_VLT) $(RTL_SRCS) --top-module tritium_top $$p || exit 1; \
	done

$(BUILD)/lint/yosys.log: $(RTL_SRCS) rtl/rtl.mk
	@mkdir -p $(dir $@)
	yosys -q -l $@.tmp -p "read_verilog -sv $(RTL_SRCS); chparam $(RTL_YOSYS_PARAMS) tritium_top; \
	  hierarchy -check -top tritium_top; proc; check -assert; synth -top tritium_top; check -assert"
	@# Latches and width/port mismatches are errors here, whatever yosys itself decided.
	@if grep -nE 'Latch inferred|[$$]_?(dlatch|DLATCH)|Resizing cell port|implicitly declared|[Ww]idth mismatch|truncat' $@.tmp; then \
	  echo "lint-yosys: latch or width problem (see $@.tmp)"; exit 1; fi
	@mv $@.tmp $@

lint-yosys: $(BUILD)/lint/yosys.log
	@echo "yosys: clean ($(BUILD)/lint/yosys.log)"
