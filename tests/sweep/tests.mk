# Sweep runner (tests/sweep): the spec reader, and `tritium sweep` itself on a tiny grid against direct
# `tritium matmul` runs (values, a failed point, resume, --confirm on the RTL).
TEST_SWEEP_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/sweep/*.c))
$(BUILD)/obj/tests/sweep/%.o: CFLAGS += '-DTS_TRITIUM="$(abspath $(BUILD))/tritium"' '-DTS_SRC="$(abspath .)"'
$(BUILD)/tests/test_sweep: $(TEST_SWEEP_OBJS) $(RT_LINK) | $(BUILD)/tritium $(SIM_MODELS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_SWEEP_OBJS) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_sweep
