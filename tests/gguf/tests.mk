# GGUF reader/writer, block codecs and the model maker's files. Links only the objects it tests, so
# it builds while other layers are mid-edit. A suite runs the model maker and reads back what it
# wrote; it uses a copy linked here without the simulator libraries the real binary carries.
TEST_GGUF_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/gguf/*.c))
GGUF_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/gguf_*.c))
TOK_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,runtime/tokenizer.c $(wildcard runtime/tok_*.c))
$(BUILD)/tests/tritium-mkmodel: $(MKMODEL_OBJS) $(GGUF_OBJS) $(TOK_OBJS) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCRE2_LIBS) $(LDLIBS)
$(BUILD)/tests/test_gguf: $(TEST_GGUF_OBJS) $(GGUF_OBJS) $(KR_LIB) | $(BUILD)/tests/tritium-mkmodel
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(TEST_GGUF_OBJS) $(GGUF_OBJS) $(KR_LIB) $(CHECK_LIBS) $(LDLIBS)
TEST_BINS += $(BUILD)/tests/test_gguf
