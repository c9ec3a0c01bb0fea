# fpga: FPGA reports per configuration (docs/fpga.md); the board backend is driver/fpga/.
#   make fpga-report                      every named configuration and fit set on every target, the
#                                         resource model's fit (hw/area.toml) and the table in docs/fpga.md
#                                         (long: not in make test)
#   make fpga CONFIG=<name>               one named configuration on every target
#   make fpga HW=rows=8,cols=4,bus=64     any parameter set (the names and aliases --hw takes)
#   make fpga-report FPGA_TARGETS=ice40   some targets only
# yosys maps tritium_top with each configuration's parameters for Xilinx UltraScale+ (synth_xilinx
# -family xcup), Lattice ECP5 (synth_ecp5) and iCE40 (synth_ice40). nextpnr-ice40 packs the iCE40
# netlist for the largest part (hx8k, ct256) to count its logic cells and I/O; when both fit it places
# and routes it, reports Fmax, and icepack makes the bitstream. Per configuration
# $(BUILD)/fpga/<name>.json, all of them in $(BUILD)/fpga/report.json and report.md (fpga/fpga_report.py).
FPGA_TARGETS ?= xcup ecp5 ice40
FPGA_FLOW_xcup  := synth_xilinx -family xcup -top tritium_top -flatten
FPGA_FLOW_ecp5  := synth_ecp5 -top tritium_top
FPGA_FLOW_ice40 := synth_ice40 -top tritium_top
# the clock nextpnr-ice40 aims at (MHz); Fmax is reported whether or not it is met
FPGA_PNR_FREQ   ?= 48
export FPGA_PNR_FREQ

# Parameter sets beyond the named configurations that the resource model is fitted on as well
# (name=parameters as --hw takes them): they vary the array shape, the bus and the decoder apart.
FPGA_FIT_SETS := \
  fit_r8c4w64=rows=8,cols=4,bus=64,act_bytes=1024,wgt_bytes=512,acc_words=64,rd_bursts=2,wr_bursts=2,wformats=1 \
  fit_r8c8w64_nob3=rows=8,cols=8,bus=64,act_bytes=8192,wgt_bytes=2048,acc_words=256,wformats=1 \
  fit_r16c8w128=rows=16,cols=8,bus=128,act_bytes=16384,wgt_bytes=4096,acc_words=512 \
  fit_r16c32w512=rows=16,cols=32,bus=512,act_bytes=32768,wgt_bytes=16384,acc_words=2048 \
  fit_r8c16w128=rows=8,cols=16,bus=128,act_bytes=16384,wgt_bytes=4096,acc_words=1024 \
  fit_r16c16w256_nob3=rows=16,cols=16,bus=256,wformats=1
# Sets the report measures but does not fit the resource model on, as they vary what it has no term
# for: the smallest set with the 1 MB address space of an iCE40 board's SRAM (ADDR_W = 20), the one
# whose timing top fits an hx8k.
FPGA_ICE40_SETS := \
  ice40_r8c4w64=rows=8,cols=4,bus=64,act_bytes=1024,wgt_bytes=512,acc_words=64,rd_bursts=2,wr_bursts=2,wformats=1,addr_w=20
FPGA_NOFIT_NAMES := $(foreach s,$(FPGA_ICE40_SETS),$(firstword $(subst =, ,$(s))))
FPGA_SETS := $(FPGA_FIT_SETS) $(FPGA_ICE40_SETS) $(if $(HW),hw_$(subst =,_,$(subst $(comma),_,$(HW)))=$(HW))
FPGA_SET_NAMES := $(foreach s,$(FPGA_SETS),$(firstword $(subst =, ,$(s))))
# a set's chparam pairs, from hwgen (which also refuses a set that breaks a rule)
fpga_set_params = $(patsubst $(1)=%,%,$(filter $(1)=%,$(FPGA_SETS)))
fpga_yset = $$(shell python3 hw/hwgen.py check '$(call fpga_set_params,$(1))' | sed -n 1p | sed 's/\([A-Z_0-9]*\)=\([0-9]*\)/-set \1 \2/g')
$(foreach n,$(FPGA_SET_NAMES),$(eval FPGA_YSET_$(n) = $(call fpga_yset,$(n))))
$(foreach c,$(HW_CONFIGS),$(eval FPGA_YSET_$(c) = $(HW_YSET_$(c))))

# $(1) = configuration, $(2) = target
define FPGA_RULES
$(BUILD)/fpga/$(1)/$(2).stat.json: $(RTL_SRCS) $(RTL_INCS) fpga/fpga.mk $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(BUILD)/fpga/$(1)
	@echo "yosys $(2) ($(1))"
	@yset="$$(FPGA_YSET_$(1))"; test -n "$$$$yset" || { echo "fpga: no parameters for $(1)"; exit 1; }; \
	  start=$$$$(date +%s); \
	  yosys -q -l $(BUILD)/fpga/$(1)/$(2).log -p "read_verilog -defer -sv -I$(BUILD)/gen $(RTL_SRCS); \
	  chparam $$$$yset tritium_top; hierarchy -check -top tritium_top; \
	  $(FPGA_FLOW_$(2)); write_json $(BUILD)/fpga/$(1)/$(2).netlist.json; tee -q -o $$@.tmp stat -json" >/dev/null 2>&1 || \
	  { tail -20 $(BUILD)/fpga/$(1)/$(2).log; echo "fpga: yosys $(2) failed on $(1)"; exit 1; }; \
	  echo "$$$$yset" > $(BUILD)/fpga/$(1)/params.txt; echo $$$$(( $$$$(date +%s) - start )) > $(BUILD)/fpga/$(1)/$(2).seconds
	@mv $$@.tmp $$@
endef
$(foreach c,$(HW_CONFIGS) $(FPGA_SET_NAMES),$(foreach t,xcup ecp5 ice40,$(eval $(call FPGA_RULES,$(c),$(t)))))

# iCE40: tritium_top packed for the hx8k counts its logic cells (the resource columns). Its bare ports
# are more than any iCE40 package has pins, so where its logic fits, the timing top
# (fpga/ice40/ice40.mk: the same design, its bus on pins, its outputs folded) is placed and routed for
# Fmax and a bitstream; ice40.pnr.json holds both verdicts.
ICE40_PNR := fpga/ice40/ice40_pnr.sh
define FPGA_PNR_RULES
$(BUILD)/fpga/$(1)/ice40.pnr.json: $(BUILD)/fpga/$(1)/ice40.stat.json $(ICE40_PNR)
	@echo "nextpnr-ice40 hx8k ($(1))"
	@sh $(ICE40_PNR) $(BUILD)/fpga/$(1)/ice40.netlist.json $(BUILD)/fpga/$(1)/ice40_bare.json
	@if grep -q '"logic_fits": true' $(BUILD)/fpga/$(1)/ice40_bare.json; then \
	  $$(MAKE) --no-print-directory $(BUILD)/fpga/$(1)/ice40_top.json && \
	  printf '{"bare": %s, "top": %s}\n' "$$$$(cat $(BUILD)/fpga/$(1)/ice40_bare.json)" "$$$$(cat $(BUILD)/fpga/$(1)/ice40_top.json)" > $$@; \
	else \
	  printf '{"bare": %s, "top": null}\n' "$$$$(cat $(BUILD)/fpga/$(1)/ice40_bare.json)" > $$@; \
	fi
endef
$(foreach c,$(HW_CONFIGS) $(FPGA_SET_NAMES),$(eval $(call FPGA_PNR_RULES,$(c))))

# The array alone (tritium_array with the configuration's ROWS and COLS: its PEs and control chain)
# mapped to iCE40 and packed by nextpnr: the logic cells per PE, measured rather than fitted.
define FPGA_ARRAY_RULES
$(BUILD)/fpga/$(1)/ice40.array.json: rtl/tritium_pe.sv rtl/tritium_array.sv fpga/fpga.mk $(ICE40_PNR) $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(BUILD)/fpga/$(1)
	@echo "yosys + nextpnr-ice40: the array of $(1)"
	@d=$(BUILD)/fpga/$(1); yset="$$(FPGA_YSET_$(1))"; \
	  ap=$$$$(echo "$$$$yset" | grep -oE -- '-set (ROWS|COLS) [0-9]+' | tr '\n' ' '); \
	  yosys -q -l $$$$d/ice40.array.log -p "read_verilog -defer -sv rtl/tritium_pe.sv rtl/tritium_array.sv; \
	    chparam $$$$ap tritium_array; hierarchy -check -top tritium_array; synth_ice40 -top tritium_array; \
	    write_json $$$$d/ice40.array.netlist.json" >/dev/null 2>&1 || \
	    { tail -20 $$$$d/ice40.array.log; echo "fpga: yosys failed on the array of $(1)"; exit 1; }; \
	  sh $(ICE40_PNR) $$$$d/ice40.array.netlist.json $$@
endef
$(foreach c,$(HW_CONFIGS) $(FPGA_SET_NAMES),$(eval $(call FPGA_ARRAY_RULES,$(c))))

FPGA_CONFIG_FILES = $(foreach t,$(FPGA_TARGETS),$(BUILD)/fpga/$(1)/$(t).stat.json) \
                    $(if $(filter ice40,$(FPGA_TARGETS)),$(BUILD)/fpga/$(1)/ice40.pnr.json $(BUILD)/fpga/$(1)/ice40.array.json)
FPGA_ONE := $(if $(HW),$(lastword $(FPGA_SET_NAMES)),$(CONFIG))

.PHONY: fpga fpga-report
fpga: $(call FPGA_CONFIG_FILES,$(FPGA_ONE))
	@python3 fpga/fpga_report.py --out $(BUILD)/fpga $(FPGA_ONE)
fpga-report: $(foreach c,$(HW_CONFIGS) $(FPGA_SET_NAMES),$(call FPGA_CONFIG_FILES,$(c)))
	@python3 fpga/fpga_report.py --out $(BUILD)/fpga --fit hw/area.toml $(addprefix --no-fit ,$(FPGA_NOFIT_NAMES)) \
	  --docs docs/fpga.md $(HW_CONFIGS) $(FPGA_SET_NAMES)
include fpga/kv260/kv260.mk
include fpga/ice40/ice40.mk
