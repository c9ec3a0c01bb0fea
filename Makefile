# tritium top-level build. Every folder contributes a fragment (<folder>/<folder>.mk) that adds its
# library, programs and test runner; this file holds only the shared rules and the user targets.
# Build output goes under $(BUILD) only. `make -j2` is safe and incremental.

BUILD   ?= build
CC      ?= cc
CXX     ?= c++
OPT     ?= -O2
# SAN=1 builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (see `make test-asan`).
SAN     ?=
# Where the verilated archives (Verilator's C++ of the models and of the RTL cells' test benches) and
# the generated RTL they read are built. Verilator's make gets neither $(SAN) nor $(OPT), so those
# archives are the same in every build: make test-asan points this at the plain build and compiles
# only the model wrappers again, with the sanitizers, instead of every model.
VL_BUILD ?= $(BUILD)

comma := ,
SAN_FLAGS := $(if $(SAN),-fsanitize=address$(comma)undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
CFLAGS   = -std=c11 $(OPT) -g -Wall -Wextra -Werror -D_GNU_SOURCE -I. -I$(BUILD)/gen -MMD -MP $(SAN_FLAGS) -pthread
CXXFLAGS = -std=gnu++17 $(OPT) -g -Wall -Wextra -I. -I$(BUILD)/gen -MMD -MP $(SAN_FLAGS) -pthread
LDFLAGS  = $(SAN_FLAGS) -pthread
LDLIBS   = -lm

CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell pkg-config --libs check 2>/dev/null)

# Filled by the fragments.
TEST_BINS  :=
ALL_TARGETS :=
GEN_HEADERS := $(BUILD)/gen/tritium_regs.h $(BUILD)/gen/tritium_area.h

.PHONY: all test test-run test-asan demo lint bench clean deps deps-check help
.DEFAULT_GOAL := all

include hw/hw.mk
# The named configurations (HW_CONFIGS, HW_GFLAGS_<name>, ...), generated from hw/tritium.toml; make
# builds it first and restarts when it changes.
include $(BUILD)/gen/hw_configs.mk
include kernels_ref/kernels_ref.mk
include kernels_fast/kernels_fast.mk
include rtl/rtl.mk
include sim/sim.mk
include sim/tlm/tlm.mk
include driver/driver.mk
include runtime/runtime.mk
include tools/tools.mk
include tests/tests.mk
include bench/bench.mk
# after driver/ and bench/: its rules name their link sets and bench_sim
include fpga/fpga.mk

all: $(ALL_TARGETS)

help:
	@echo "make demo      run the demo (installs what it needs)"
	@echo "make test      build and run every test suite (installs what it needs)"
	@echo "make test-asan the C tests again with ASan + UBSan"
	@echo "make fuzz      each libFuzzer harness FUZZ_S seconds (default 60)"
	@echo "make soak      10,000 random matmuls and a model on sim with random faults, --verify on"
	@echo "make lint      verilator -Wall on rtl/, then make synth"
	@echo "make synth     yosys synthesis of every named configuration (no latch; cell counts)"
	@echo "make synth-b3  the base-3 weight decoder's iCE40 and UltraScale+ cost per configuration"
	@echo "make fpga-report  FPGA resources of every configuration, the resource model (long; docs/fpga.md)"
	@echo "make fpga CONFIG=NAME | HW=LIST  the same for one configuration"
	@echo "make fpga-ice40 CONFIG=NAME | HW=LIST  the iCE40 timing top: fit, and Fmax where it fits"
	@echo "make fpga-kv260  what Vivado needs for the Kria KV260 board design (docs/fpga.md)"
	@echo "make bench     benchmarks (long); make bench-sweep: a 100-point sweep of 2B4T"
	@echo "make bench-accuracy  what each speed option costs on the trained model (docs/accuracy.md)"
	@echo "make train-tiny  train the tiny English model (opt-in, PyTorch; docs/training.md)"
	@echo "make test-slurm  tritium sweep --slurm on a one-node Slurm started here (root)"
	@echo "make install   programs, headers, libraries, tritium.pc (PREFIX=/usr/local DESTDIR=)"
	@echo "make deps      install the Debian packages tritium needs"
	@echo "make clean     remove $(BUILD)/"

# ---- dependencies ----
deps:
	@sh tools/deps.sh install

# Installs (as root) or explains (otherwise) anything missing before a test or demo run.
deps-check:
	@sh tools/deps.sh ensure

# ---- shared compile rules ----
$(BUILD)/obj/%.o: %.c | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.cpp | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

# ---- user targets ----
test: deps-check
	@$(MAKE) --no-print-directory test-run

test-run: $(TEST_BINS)
	@sh tools/run_tests.sh $(TEST_BINS)

test-asan: deps-check
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan VL_BUILD=$(BUILD) SAN=1 OPT=-O1 test-run

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
