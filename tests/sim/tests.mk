# Simulator suite: full register -> command -> DMA -> array -> memory path against kr_gemm_ref.
TEST_SIM_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/sim/*.c)) $(BUILD)/obj/driver/tdrv_layout.o
$(BUILD)/tests/test_sim: $(TEST_SIM_OBJS) $(SIM_LIBS) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(SIM_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_sim
