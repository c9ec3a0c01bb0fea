# fpga: FPGA reports per configuration (docs/fpga.md); the board backend is driver/fpga/.
#   make fpga-report                      every named configuration on every target (long: not in make test)
#   make fpga CONFIG=<name>               one configuration on every target
#   make fpga-report FPGA_TARGETS=ice40   some targets only
# yosys maps tritium_top with each configuration's parameters for Xilinx UltraScale+ (synth_xilinx
# -family xcup), Lattice ECP5 (synth_ecp5) and iCE40 (synth_ice40); nextpnr-ice40 places and routes
# the iCE40 netlist on the largest part (hx8k) and reports Fmax when it fits, icepack makes the
# bitstream. Per configuration $(BUILD)/fpga/<name>.json, all of them in $(BUILD)/fpga/report.json
# and $(BUILD)/fpga/report.md (fpga/fpga_report.py).
FPGA_TARGETS ?= xcup ecp5 ice40
FPGA_FLOW_xcup  := synth_xilinx -family xcup -top tritium_top -flatten
FPGA_FLOW_ecp5  := synth_ecp5 -top tritium_top
FPGA_FLOW_ice40 := synth_ice40 -top tritium_top
FPGA_PNR_FREQ   ?= 48

# $(1) = configuration, $(2) = target
define FPGA_RULES
$(BUILD)/fpga/$(1)/$(2).stat.json: $(RTL_SRCS) $(RTL_INCS) fpga/fpga.mk $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(BUILD)/fpga/$(1)
	@echo "yosys $(2) ($(1))"
	@yosys -q -l $(BUILD)/fpga/$(1)/$(2).log -p "read_verilog -defer -sv -I$(BUILD)/gen $(RTL_SRCS); \
	  chparam $(HW_YSET_$(1)) tritium_top; hierarchy -check -top tritium_top; \
	  $(FPGA_FLOW_$(2)) -json $(BUILD)/fpga/$(1)/$(2).netlist.json; tee -q -o $$@.tmp stat -json" >/dev/null 2>&1 || \
	  { tail -20 $(BUILD)/fpga/$(1)/$(2).log; echo "fpga: yosys $(2) failed on $(1)"; exit 1; }
	@mv $$@.tmp $$@
endef
$(foreach c,$(HW_CONFIGS),$(foreach t,xcup ecp5 ice40,$(eval $(call FPGA_RULES,$(c),$(t)))))

# iCE40 place and route: a report (and a bitstream) when the design fits an hx8k, else the reason
define FPGA_PNR_RULES
$(BUILD)/fpga/$(1)/ice40.pnr.json: $(BUILD)/fpga/$(1)/ice40.stat.json
	@echo "nextpnr-ice40 hx8k ($(1))"
	@if nextpnr-ice40 --hx8k --package ct256 --json $(BUILD)/fpga/$(1)/ice40.netlist.json --freq $(FPGA_PNR_FREQ) \
	    --asc $(BUILD)/fpga/$(1)/ice40.asc --report $$@.tmp -l $(BUILD)/fpga/$(1)/ice40.pnr.log -q >/dev/null 2>&1; then \
	  icepack $(BUILD)/fpga/$(1)/ice40.asc $(BUILD)/fpga/$(1)/ice40.bin && mv $$@.tmp $$@; \
	else \
	  printf '{"fits": false, "why": "%s"}\n' "$$$$(grep -m1 -iE 'error|unable|too many|insufficient' \
	    $(BUILD)/fpga/$(1)/ice40.pnr.log | tr -d '"\\\\' | cut -c1-200)" > $$@; \
	fi
endef
$(foreach c,$(HW_CONFIGS),$(eval $(call FPGA_PNR_RULES,$(c))))

FPGA_CONFIG_FILES = $(foreach t,$(FPGA_TARGETS),$(BUILD)/fpga/$(1)/$(t).stat.json) \
                    $(if $(filter ice40,$(FPGA_TARGETS)),$(BUILD)/fpga/$(1)/ice40.pnr.json)

.PHONY: fpga fpga-report
fpga: $(call FPGA_CONFIG_FILES,$(CONFIG))
	@python3 fpga/fpga_report.py --out $(BUILD)/fpga $(CONFIG)
fpga-report: $(foreach c,$(HW_CONFIGS),$(call FPGA_CONFIG_FILES,$(c)))
	@python3 fpga/fpga_report.py --out $(BUILD)/fpga $(HW_CONFIGS)
include fpga/kv260/kv260.mk
