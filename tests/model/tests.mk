# tests/model: the forward pass on the tiny model (cpu and sim), loading errors, the sampler.
TEST_MODEL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/model/*.c))
$(BUILD)/tests/test_model: $(TEST_MODEL_OBJS) $(DRV_SIM_LINK) $(RT_LINK) | $(SIM_MODELS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_MODEL_OBJS) $(DRV_SIM_LINK) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS) $(SIM_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_model
