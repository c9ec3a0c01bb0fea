# test_fast: the fast CPU path against kernels_ref's scalar reference.
TEST_FAST_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/fast/*.c))
$(BUILD)/tests/test_fast: $(TEST_FAST_OBJS) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)
TEST_BINS += $(BUILD)/tests/test_fast
