# hw: the hardware description (hw/tritium.toml) and its generator. Everything under $(BUILD)/gen/
# comes from here; the make fragment of the named configurations is included by the top Makefile.
HW_DESC := hw/tritium.toml
HW_GEN  := $(BUILD)/gen/tritium_reg_pkg.sv $(BUILD)/gen/tritium_csr_cfg.svh $(BUILD)/gen/tritium_cfg_check.svh \
           $(BUILD)/gen/tritium_regs.h $(BUILD)/gen/hw_configs.mk
HW_DOCS := docs/hardware.md

$(HW_GEN) &: $(HW_DESC) hw/hwgen.py
	@mkdir -p $(BUILD)/gen
	python3 hw/hwgen.py gen $(BUILD)/gen
	@touch $(HW_GEN)

# Rewrites the generated tables of the docs from the description (make test checks they are current).
.PHONY: hwdocs
hwdocs:
	python3 hw/hwgen.py docs $(HW_DOCS)
