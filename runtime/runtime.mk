# runtime: libtritium (GGUF, tokenizer, model, backends, reports) and the tritium CLI (cli_*.c).
RT_SRCS := $(filter-out runtime/cli_%.c,$(wildcard runtime/*.c))
RT_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(RT_SRCS))
RT_LIB  := $(BUILD)/lib/libtritium.a
CLI_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/cli_*.c))

PCRE2_CFLAGS = $(shell pkg-config --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS   = $(shell pkg-config --libs libpcre2-8 2>/dev/null)
$(BUILD)/obj/runtime/%.o: CFLAGS += $(PCRE2_CFLAGS)

$(RT_LIB): $(RT_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Everything a program above the runtime links, in dependency order.
RT_LINK = $(RT_LIB) $(DRV_LIB) $(SIM_LIBS) $(KR_LIB)
RT_LDLIBS = $(PCRE2_LIBS) $(SIM_LDLIBS) $(LDLIBS)

$(BUILD)/tritium: $(CLI_OBJS) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(CLI_OBJS) $(RT_LINK) $(RT_LDLIBS)

ALL_TARGETS += $(RT_LIB) $(BUILD)/tritium
