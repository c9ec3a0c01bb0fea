# hw: the hardware description (hw/tritium.toml) and its generator. Everything under $(BUILD)/gen/
# comes from here; the make fragment of the named configurations is included by the top Makefile.
HW_DESC := hw/tritium.toml
HW_GEN  := $(BUILD)/gen/tritium_reg_pkg.sv $(BUILD)/gen/tritium_csr_cfg.svh $(BUILD)/gen/tritium_cfg_check.svh \
           $(BUILD)/gen/tritium_regs.h $(BUILD)/gen/hw_configs.mk
HW_DOCS := docs/hardware.md

# $(1) = the build root; also made for $(VL_BUILD) when it is another (Makefile)
define HW_GEN_RULES
$(patsubst $(BUILD)/%,$(1)/%,$(HW_GEN)) &: $(HW_DESC) hw/hwgen.py
	@mkdir -p $(1)/gen
	python3 hw/hwgen.py gen $(1)/gen
	@touch $(patsubst $(BUILD)/%,$(1)/%,$(HW_GEN))
endef
$(foreach b,$(sort $(BUILD) $(VL_BUILD)),$(eval $(call HW_GEN_RULES,$(b))))

# Rewrites the generated tables of the docs from the description (make test checks they are current).
.PHONY: hwdocs
hwdocs:
	python3 hw/hwgen.py docs $(HW_DOCS)

# The FPGA resource model (hw/area.toml, fitted by make fpga-report) as C macros, apart from the
# description's header so that a new fit rebuilds only the sweep's area column and its tests.
# Asked every time (hwgen rewrites it only when its text changes), so a removed model is noticed too.
$(BUILD)/gen/tritium_area.h: FORCE
	@mkdir -p $(BUILD)/gen
	@python3 hw/hwgen.py area $@
.PHONY: FORCE
FORCE:
