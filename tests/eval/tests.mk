# runtime/eval: the perplexity and KL arithmetic and the base file (test_eval.c), then tritium
# perplexity itself on a small model: cpu and sim agree to the bit, a run against its own base
# diverges by 0, refusals are clear (test_ppl_cli.sh).
TEST_EVAL_OBJS := $(BUILD)/obj/tests/eval/test_eval.o
$(BUILD)/tests/test_eval: $(TEST_EVAL_OBJS) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(TEST_EVAL_OBJS) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_eval

$(BUILD)/tests/test_ppl_cli: tests/eval/test_ppl_cli.sh tests/eval/tests.mk $(BUILD)/tritium $(BUILD)/tritium-mkmodel \
                             $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec sh tests/eval/test_ppl_cli.sh "%s"\n' '$(BUILD)' > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@
TEST_BINS += $(BUILD)/tests/test_ppl_cli

# The committed trained model against PyTorch's reference figures (models/tiny-en.ref.json): held-out
# perplexity within 1% (the first 24 windows in the sanitizer build), the greedy tokens of 3 prompts on
# cpu, sim and tlm (test_tiny_en.py).
$(BUILD)/tests/test_tiny_en: tests/eval/test_tiny_en.py tests/eval/tests.mk $(BUILD)/tritium \
                             $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec python3 tests/eval/test_tiny_en.py "%s" %s\n' '$(BUILD)' '$(if $(SAN),24)' > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@
TEST_BINS += $(BUILD)/tests/test_tiny_en
