# test_kernels_fast: the fast CPU path against kernels_ref's reference.
TEST_FAST_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/kernels_fast/*.c))
$(BUILD)/tests/test_kernels_fast: $(TEST_FAST_OBJS) $(KF_LIB) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)
TEST_BINS += $(BUILD)/tests/test_kernels_fast
