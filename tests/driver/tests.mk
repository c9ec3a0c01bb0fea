# Driver runner: the core against a register-file mock, the device address allocator and error
# decoding. Linked with libtdrv and kernels_ref only, no simulator: it also checks that the driver
# works (and says so) when no device backend is linked. The driver on the real sim backend is
# tests/sim's suite sim_driver.
TEST_DRV_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/driver/*.c))
$(BUILD)/tests/test_driver: $(TEST_DRV_OBJS) $(DRV_LIB) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(TEST_DRV_OBJS) $(DRV_LIB) $(KR_LIB) $(CHECK_LIBS) $(LDLIBS)
TEST_BINS += $(BUILD)/tests/test_driver
