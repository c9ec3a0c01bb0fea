# tools: the model maker (build/tritium-mkmodel) and build helpers.
MKMODEL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/mkmodel*.c))
ifneq ($(MKMODEL_OBJS),)
# Only GGUF, the tokenizer and kernels_ref: the archives pull in just those objects, no simulator.
$(BUILD)/tritium-mkmodel: $(MKMODEL_OBJS) $(RT_LIB) $(KF_LIB) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(MKMODEL_OBJS) $(RT_LIB) $(KF_LIB) $(KR_LIB) $(PCRE2_LIBS) $(LDLIBS)
ALL_TARGETS += $(BUILD)/tritium-mkmodel
endif

# demo: the tiny model (made once; with the LLaMA-3 vocabulary of DEMO_VOCAB when that file exists) on the
# simulated accelerator, every matmul verified against kernels_ref, greedy, then the report.
DEMO_MODEL := $(BUILD)/models/tiny.gguf
DEMO_VOCAB ?= ../shared/data/llama3-vocab/ggml-vocab-llama-bpe.gguf
demo: deps-check
	@$(MAKE) --no-print-directory $(BUILD)/tritium $(BUILD)/tritium-mkmodel $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@if [ ! -f $(DEMO_MODEL) ]; then \
	  mkdir -p $(dir $(DEMO_MODEL)); \
	  if [ -f $(DEMO_VOCAB) ]; then \
	    echo "demo: making $(DEMO_MODEL) with the LLaMA-3 vocabulary from $(DEMO_VOCAB)"; \
	    $(BUILD)/tritium-mkmodel --preset tiny --vocab llama3 --vocab-file $(DEMO_VOCAB) -o $(DEMO_MODEL).tmp; \
	  else \
	    echo "demo: $(DEMO_VOCAB) not found: making $(DEMO_MODEL) with the byte vocabulary (--vocab bytes)"; \
	    $(BUILD)/tritium-mkmodel --preset tiny --vocab bytes -o $(DEMO_MODEL).tmp; \
	  fi && mv $(DEMO_MODEL).tmp $(DEMO_MODEL); \
	fi
	$(BUILD)/tritium run -m $(DEMO_MODEL) -p "The ternary accelerator" -n 16 --temp 0 --backend sim --verify
include tools/install/install.mk

# The opt-in training pipeline of the tiny English model (make train-tiny).
include tools/train/train.mk
