# Tokenizer: byte-level cases on a vocabulary written here, and LLaMA-3's 46 reference vectors from
# ../shared/data/llama3-vocab (TRITIUM_LLAMA3_VOCAB overrides the directory; absent data is reported).
TEST_TOK_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/tokenizer/*.c))
TOK_RT_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/gguf/*.c runtime/common/*.c runtime/tokenizer/*.c))
$(BUILD)/tests/test_tokenizer: $(TEST_TOK_OBJS) $(TOK_RT_OBJS) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(PCRE2_LIBS) $(LDLIBS)
TEST_BINS += $(BUILD)/tests/test_tokenizer
