# The iCE40 timing top (fpga/ice40/tritium_ice40.sv): tritium_top with its bus inputs on pins and its
# outputs folded into 32 registered pins, so that the I/O of an hx8k holds it.
#   make fpga-ice40 CONFIG=<name> | HW=rows=8,cols=4,...   synthesize it with the configuration's
#       parameters, pack it for the hx8k (ct256) and, when it fits, place and route it (Fmax from
#       nextpnr's report, a bitstream from icepack); one line on the terminal and
#       $(BUILD)/fpga/<name>/ice40_top.json
# Opt-in, not part of make fpga-report (whose iCE40 column packs tritium_top's bare ports).
ICE40_TOP_SRC := fpga/ice40/tritium_ice40.sv

define FPGA_ICE40_TOP_RULES
$(BUILD)/fpga/$(1)/ice40_top.json: $(RTL_SRCS) $(RTL_INCS) $(ICE40_TOP_SRC) fpga/ice40/ice40.mk $(BUILD)/gen/hw_configs.mk
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
	  nextpnr-ice40 --hx8k --package ct256 --json $$$$d/ice40_top.netlist.json --pack-only \
	    -l $$$$d/ice40_top.pack.log -q >/dev/null 2>&1 || true; \
	  lc=$$$$(sed -n 's/.*ICESTORM_LC: *\([0-9]*\)\/.*/\1/p' $$$$d/ice40_top.pack.log | head -1); \
	  io=$$$$(sed -n 's/.*SB_IO: *\([0-9]*\)\/.*/\1/p' $$$$d/ice40_top.pack.log | head -1); \
	  ram=$$$$(sed -n 's/.*ICESTORM_RAM: *\([0-9]*\)\/.*/\1/p' $$$$d/ice40_top.pack.log | head -1); \
	  test -n "$$$$lc" || { echo "fpga: nextpnr-ice40 did not pack tritium_ice40 ($(1)): see $$$$d/ice40_top.pack.log"; exit 1; }; \
	  if [ "$$$$lc" -le $(FPGA_ICE40_LC) ] && [ "$$$$io" -le $(FPGA_ICE40_IO) ] && [ "$$$$ram" -le 32 ]; then \
	    if nextpnr-ice40 --hx8k --package ct256 --json $$$$d/ice40_top.netlist.json --freq $(FPGA_PNR_FREQ) \
	        --asc $$$$d/ice40_top.asc --report $$$$d/ice40_top.pnr.json -l $$$$d/ice40_top.pnr.log -q >/dev/null 2>&1; then \
	      icepack $$$$d/ice40_top.asc $$$$d/ice40_top.bin; \
	      fmax=$$$$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(min(v['achieved'] for v in r['fmax'].values()))" $$$$d/ice40_top.pnr.json); \
	      printf '{"fits": true, "lc": %s, "io": %s, "ram4k": %s, "fmax_mhz": %s}\n' $$$$lc $$$$io $$$$ram $$$$fmax > $$@; \
	    else \
	      printf '{"fits": false, "lc": %s, "io": %s, "ram4k": %s, "why": "place and route failed (see %s)"}\n' \
	        $$$$lc $$$$io $$$$ram $$$$d/ice40_top.pnr.log > $$@; \
	    fi; \
	  else \
	    printf '{"fits": false, "lc": %s, "io": %s, "ram4k": %s, "why": "needs %s of %s logic cells, %s of %s I/O, %s of 32 RAM4K"}\n' \
	      $$$$lc $$$$io $$$$ram $$$$lc $(FPGA_ICE40_LC) $$$$io $(FPGA_ICE40_IO) $$$$ram > $$@; \
	  fi
endef
$(foreach c,$(HW_CONFIGS) $(FPGA_SET_NAMES),$(eval $(call FPGA_ICE40_TOP_RULES,$(c))))

.PHONY: fpga-ice40
fpga-ice40: $(BUILD)/fpga/$(FPGA_ONE)/ice40_top.json
	@echo "fpga-ice40 ($(FPGA_ONE)): $$(cat $<)"
