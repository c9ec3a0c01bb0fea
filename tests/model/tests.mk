# tests/model: the forward pass on the tiny model (cpu and sim), loading errors, the sampler.
TEST_MODEL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/model/*.c))
$(BUILD)/tests/test_model: $(TEST_MODEL_OBJS) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_MODEL_OBJS) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_model
