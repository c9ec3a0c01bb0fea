# tools: the model maker (build/tritium-mkmodel) and build helpers.
MKMODEL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/mkmodel*.c))
ifneq ($(MKMODEL_OBJS),)
# Only GGUF, the tokenizer and kernels_ref: the archives pull in just those objects, no simulator.
$(BUILD)/tritium-mkmodel: $(MKMODEL_OBJS) $(RT_LIB) $(KF_LIB) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(MKMODEL_OBJS) $(RT_LIB) $(KF_LIB) $(KR_LIB) $(PCRE2_LIBS) $(LDLIBS)
ALL_TARGETS += $(BUILD)/tritium-mkmodel
endif

# tritium-convert: a model's ternary layers and embedding in another encoding (GGUF, tokenizer-free).
CONVERT_OBJS := $(BUILD)/obj/tools/convert.o
$(BUILD)/tritium-convert: $(CONVERT_OBJS) $(RT_LIB) $(KF_LIB) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(CONVERT_OBJS) $(RT_LIB) $(KF_LIB) $(KR_LIB) $(PCRE2_LIBS) $(LDLIBS)
ALL_TARGETS += $(BUILD)/tritium-convert

# demo: the trained English model of models/ (docs/training.md) on the simulated accelerator, every
# matmul verified against kernels_ref, sampled at temperature 0.7 with the default seed (greedy decoding
# of so small a model loops on a phrase), then the report.
DEMO_MODEL  ?= models/tiny-en.gguf
DEMO_PROMPT ?= It was a cold night, and
DEMO_N      ?= 48
DEMO_TEMP   ?= 0.7
demo: deps-check
	@$(MAKE) --no-print-directory $(BUILD)/tritium $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	$(BUILD)/tritium run -m $(DEMO_MODEL) -p "$(DEMO_PROMPT)" -n $(DEMO_N) --temp $(DEMO_TEMP) --backend sim --verify
include tools/install/install.mk

# The opt-in training pipeline of the tiny English model (make train-tiny).
include tools/train/train.mk
