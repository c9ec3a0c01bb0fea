# runtime: libtritium (one folder per module: common, gguf, tokenizer, backend, model, sampler,
# report, sweep, eval) and the tritium CLI (runtime/cli/, one file per command).
RT_MODULES := common gguf tokenizer backend model sampler report sweep eval
RT_SRCS := $(foreach m,$(RT_MODULES),$(wildcard runtime/$(m)/*.c))
RT_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(RT_SRCS))
RT_LIB  := $(BUILD)/lib/libtritium.a
CLI_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard runtime/cli/*.c))

PCRE2_CFLAGS = $(shell pkg-config --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS   = $(shell pkg-config --libs libpcre2-8 2>/dev/null)
$(BUILD)/obj/runtime/tokenizer/%.o: CFLAGS += $(PCRE2_CFLAGS)

$(RT_LIB): $(RT_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Everything a program above the runtime links, in dependency order. It has no simulator: a program
# that offers the sim backend links $(DRV_SIM_LINK) before it and $(SIM_LDLIBS) after.
RT_LINK = $(RT_LIB) $(DRV_LIB) $(KF_LIB) $(KR_LIB)
RT_LDLIBS = $(PCRE2_LIBS) $(LDLIBS)

# tritium loads the model of the configuration it is asked for (building it once if needed).
$(BUILD)/tritium: $(CLI_OBJS) $(DRV_SIM_LINK) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(CLI_OBJS) $(DRV_SIM_LINK) $(RT_LINK) $(RT_LDLIBS) $(SIM_LDLIBS)

ALL_TARGETS += $(RT_LIB) $(BUILD)/tritium

# What built this program, for the inputs a sweep records (sweep.json): the source tree's git
# description when it is a git checkout, else "unknown".
TRITIUM_BUILD_ID := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
$(BUILD)/obj/runtime/cli/cli_sweep.o: CFLAGS += '-DTRITIUM_BUILD_ID="$(TRITIUM_BUILD_ID)"'
