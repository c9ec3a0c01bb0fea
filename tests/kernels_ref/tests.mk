TEST_KR_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/kernels_ref/*.c))
$(BUILD)/tests/test_kernels_ref: $(TEST_KR_OBJS) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)
TEST_BINS += $(BUILD)/tests/test_kernels_ref
