# soak: random matmuls and a model on the Verilator model of every named configuration, with random
# faults in its memory and --verify on (tests/soak/soak.c).
#   make soak             10,000 matmuls and a 2B4T-shaped model of two layers (long: not in make test)
#   make soak SOAK_N=N SOAK_RATE=R SOAK_SEED=S
# make test runs a short one: 300 matmuls and the tiny model.
SOAK_N    ?= 10000
SOAK_RATE ?= 0.25
SOAK_SEED ?= 1
SOAK_BIN  := $(BUILD)/tritium-soak
SOAK_OBJS := $(BUILD)/obj/tests/soak/soak.o
$(SOAK_BIN): $(SOAK_OBJS) $(DRV_SIM_LINK) $(RT_LINK) | $(SIM_MODELS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(SOAK_OBJS) $(DRV_SIM_LINK) $(RT_LINK) $(RT_LDLIBS) $(SIM_LDLIBS)

$(BUILD)/soak/2b4t-2l.gguf: $(BUILD)/tritium-mkmodel
	@mkdir -p $(dir $@)
	$(BUILD)/tritium-mkmodel --preset 2b4t --layers 2 --vocab bytes -o $@ >/dev/null
$(BUILD)/soak/tiny.gguf: $(BUILD)/tritium-mkmodel
	@mkdir -p $(dir $@)
	$(BUILD)/tritium-mkmodel --preset tiny --vocab bytes -o $@ >/dev/null

.PHONY: soak
soak: deps-check $(SOAK_BIN) $(BUILD)/soak/2b4t-2l.gguf
	$(SOAK_BIN) --matmuls $(SOAK_N) --fault-rate $(SOAK_RATE) --seed $(SOAK_SEED) \
	  --model $(BUILD)/soak/2b4t-2l.gguf --tokens 6

$(BUILD)/tests/test_soak: $(SOAK_BIN) $(BUILD)/soak/tiny.gguf tests/soak/tests.mk tests/soak/run_soak.sh
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec sh tests/soak/run_soak.sh "%s" --matmuls 300 --fault-rate 0.3 --seed 7 --model "%s" --tokens 12\n' \
	  '$(abspath $(SOAK_BIN))' '$(abspath $(BUILD)/soak/tiny.gguf)' > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@
TEST_BINS += $(BUILD)/tests/test_soak
