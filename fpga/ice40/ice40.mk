# The iCE40 timing top (fpga/ice40/tritium_ice40.sv): tritium_top with its bus inputs on pins and its
# outputs folded into 32 registered pins, so that the I/O of an hx8k holds it.
#   make fpga-ice40 CONFIG=<name> | HW=rows=8,cols=4,...   synthesize it with the configuration's
#       parameters, pack it for the hx8k (ct256) and, when it fits, place and route it (Fmax from
#       nextpnr's report, a bitstream from icepack: fpga/ice40/ice40_pnr.sh); one line on the
#       terminal and $(BUILD)/fpga/<name>/ice40_top.json
# make fpga-report runs it for every configuration whose bare tritium_top fits the hx8k's logic.
ICE40_TOP_SRC := fpga/ice40/tritium_ice40.sv

define FPGA_ICE40_TOP_RULES
$(BUILD)/fpga/$(1)/ice40_top.json: $(RTL_SRCS) $(RTL_INCS) $(ICE40_TOP_SRC) fpga/ice40/ice40.mk $(ICE40_PNR) $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(BUILD)/fpga/$(1)
	@echo "verilator -Wall, yosys, nextpnr-ice40: tritium_ice40 ($(1))"
	@d=$(BUILD)/fpga/$(1); yset="$$(FPGA_YSET_$(1))"; test -n "$$$$yset" || { echo "fpga: no parameters for $(1)"; exit 1; }; \
	  verilator --lint-only -Wall $(RTL_VFLAGS) $(RTL_VLT) $(RTL_SRCS) $(ICE40_TOP_SRC) --top-module tritium_ice40 \
	    $$$$(echo "$$$$yset" | sed 's/-set \([A-Z_0-9]*\) \([0-9]*\)/-G\1=\2/g') || \
	    { echo "fpga: tritium_ice40 ($(1)) does not lint"; exit 1; }; \
	  yosys -q -l $$$$d/ice40_top.log -p "read_verilog -defer -sv -I$(BUILD)/gen $(RTL_SRCS) $(ICE40_TOP_SRC); \
	    chparam $$$$yset tritium_ice40; hierarchy -check -top tritium_ice40; synth_ice40 -top tritium_ice40; \
	    write_json $$$$d/ice40_top.netlist.json" >/dev/null 2>&1 || \
	    { tail -20 $$$$d/ice40_top.log; echo "fpga: yosys failed on tritium_ice40 ($(1))"; exit 1; }; \
	  sh $(ICE40_PNR) $$$$d/ice40_top.netlist.json $$@ pnr
endef
$(foreach c,$(HW_CONFIGS) $(FPGA_SET_NAMES),$(eval $(call FPGA_ICE40_TOP_RULES,$(c))))

.PHONY: fpga-ice40
fpga-ice40: $(BUILD)/fpga/$(FPGA_ONE)/ice40_top.json
	@echo "fpga-ice40 ($(FPGA_ONE)): $$(cat $<)"
