# Driver runner: the core against a register-file mock (no simulator needed for its cases), the
# device address allocator, error decoding and the tiler's arithmetic.
TEST_DRV_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/driver/*.c))
$(BUILD)/tests/test_driver: $(TEST_DRV_OBJS) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_DRV_OBJS) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_driver
# The error-name test reads the register map source itself, so a new ERR_* cannot go undecoded.
$(BUILD)/obj/tests/driver/test_open.o: CFLAGS += -DTRITIUM_REG_PKG_PATH='"$(abspath rtl/tritium_reg_pkg.sv)"'
