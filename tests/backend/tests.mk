# Backend runner: cpu and sim backends against kernels_ref, --verify, fault injection and recovery.
TEST_BE_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/backend/*.c))
$(BUILD)/tests/test_backend: $(TEST_BE_OBJS) $(DRV_SIM_LINK) $(RT_LINK) | $(SIM_MODELS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_BE_OBJS) $(DRV_SIM_LINK) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS) $(SIM_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_backend
