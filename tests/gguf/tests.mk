# GGUF reader/writer, block codecs and the model maker's files. Links only the objects it tests, so
# it builds on its own. A suite runs the real model maker ($(BUILD)/tritium-mkmodel) and converter
# ($(BUILD)/tritium-convert) and reads back what they wrote.
TEST_GGUF_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/gguf/*.c))
GGUF_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/gguf/*.c runtime/common/*.c))
$(BUILD)/tests/test_gguf: $(TEST_GGUF_OBJS) $(GGUF_OBJS) $(KR_LIB) | $(BUILD)/tritium-mkmodel $(BUILD)/tritium-convert
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(TEST_GGUF_OBJS) $(GGUF_OBJS) $(KR_LIB) $(CHECK_LIBS) $(LDLIBS)
TEST_BINS += $(BUILD)/tests/test_gguf
