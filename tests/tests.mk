# One Check runner per layer: tests/<layer>/ holds its suites and a tests.mk that adds
# $(BUILD)/tests/test_<layer> to TEST_BINS.
$(BUILD)/obj/tests/%.o: CFLAGS += $(CHECK_CFLAGS)
include $(wildcard tests/*/tests.mk)
