# The hardware description: docs tables current, every rule refused at elaboration (Verilator, yosys)
# and by hwgen, naming the rule. The runner is a generated wrapper that passes this build's folder.
$(BUILD)/tests/test_hw: tests/hw/test_hw.sh tests/hw/tests.mk $(HW_GEN) $(BUILD)/gen/tritium_area.h $(RTL_SRCS)
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec sh tests/hw/test_hw.sh "%s"\n' '$(BUILD)' > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@
TEST_BINS += $(BUILD)/tests/test_hw
