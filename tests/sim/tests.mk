# Simulator runner: the full register -> command -> DMA -> array -> memory path against kr_gemm_ref,
# and the driver on the sim backend, on the checked models (the RTL's assertions on: a failing one
# stops the test and names itself). The device is reached only through the driver (libtdrv plus
# its sim backend, $(DRV_SIM_LINK)).
TEST_SIM_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/sim/*.c))
$(BUILD)/tests/test_sim: $(TEST_SIM_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) | $(SIM_ASSERT_MODELS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_SIM_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) $(CHECK_LIBS) $(SIM_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_sim
