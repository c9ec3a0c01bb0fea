# sim: cycle-accurate Verilator models of rtl/tritium_top behind the C API of sim/tsim.h.
#
# Every configuration is its own model, a shared object $(BUILD)/sim/<key>/libtsim_model.so that the
# simulator shim (tsim.o, tsim_load.o) loads at run time: programs link no model. <key> is the name of
# a named configuration of hw/tritium.toml, or hw_<parameters> for any other legal parameter set; the
# shim builds a missing model by running this makefile (SIM_KEY, SIM_KEY_GFLAGS) and caches it.
#   make sim CONFIG=<name>        the model of one named configuration
#   make sim-all                  the models of every named configuration
#   make sim-debug CONFIG=<name>  the same with --trace-fst, in $(BUILD)/sim-debug/<name>/
#   make sim-assert               every named configuration with the RTL's assertions, in $(BUILD)/sim-assert/
# Other layers link $(SIM_LIBS) $(SIM_LDLIBS); the driver's sim backend is $(DRV_SIM_LINK) (driver.mk).

SIM_CONFIGS := $(HW_CONFIGS)
SIM_DEFAULT := $(HW_DEFAULT)
CONFIG      ?= $(SIM_DEFAULT)

VERILATOR      ?= verilator
VERILATOR_ROOT_INC := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include
# One thread per model (TOOLCHAIN.md: --threads 2 is slower here).
# -O2 rather than -Os: faster for this design at the same build time (figures in docs/hardware.md).
SIM_OPT    ?= -O2
# The RTL as Verilator reads it for the archives in $(VL_BUILD) (Makefile): its generated part there.
VL_RTL_SRCS   := $(patsubst $(BUILD)/gen/%,$(VL_BUILD)/gen/%,$(RTL_SRCS))
VL_RTL_INCS   := $(patsubst $(BUILD)/gen/%,$(VL_BUILD)/gen/%,$(RTL_INCS))
VL_RTL_VFLAGS := $(patsubst -I$(BUILD)/gen,-I$(VL_BUILD)/gen,$(RTL_VFLAGS))
SIM_VFLAGS := --cc -O3 --x-assign fast --x-initial fast -Wno-fatal --top-module tritium_top $(VL_RTL_VFLAGS) \
              -CFLAGS -fPIC
# The three kinds of model, one build root each: fast (no assertions), checked (the RTL's assertions
# compiled in: a failing one stops the program naming itself), traced (FST waveforms).
SIM_ROOT_VFLAGS_sim        := --noassert
SIM_ROOT_VFLAGS_sim-assert := --assert +define+TRITIUM_ASSERTIONS
SIM_ROOT_VFLAGS_sim-debug  := --noassert --trace-fst --trace-structs
SIM_ROOT_CXXFLAGS_sim-debug := -DTSIM_TRACE -DVM_TRACE=1 -DVM_TRACE_FST=1
SIM_MODEL_CXXFLAGS = -std=gnu++17 $(OPT) -g -Wall -Wextra -I. -I$(BUILD)/gen $(SAN_FLAGS) -pthread -fPIC \
                     -isystem $(VERILATOR_ROOT_INC) -isystem $(VERILATOR_ROOT_INC)/vltstd

# What a model is made from: a model and the shim that loads it must carry the same stamp, so a model
# built from other sources (or without this build's sanitizers) is rebuilt instead of loaded.
SIM_STAMP_SRCS := $(wildcard rtl/*.sv) $(RTL_VLT) hw/tritium.toml hw/hwgen.py sim/tsim_model.h sim/tsim_model.cpp
SIM_STAMP := $(shell cat $(SIM_STAMP_SRCS) | md5sum | cut -c1-16)$(if $(SAN),-san)

# $(1) = key, $(2) = output root (sim, sim-assert or sim-debug), $(5) = the -G parameter flags.
# Verilator's C++ and its archive go to $(VL_BUILD), the model object and library to $(BUILD).
define SIM_MODEL_RULES
$(VL_BUILD)/$(2)/$(1)/V$(1)__ALL.a: $(VL_RTL_SRCS) $(VL_RTL_INCS) $(SIM_STAMP_SRCS)
	@mkdir -p $(VL_BUILD)/$(2)/$(1)
	$(VERILATOR) $(SIM_VFLAGS) $(SIM_ROOT_VFLAGS_$(2)) --prefix V$(1) -Mdir $(VL_BUILD)/$(2)/$(1) $(5) $(RTL_VLT) $(VL_RTL_SRCS)
	$$(MAKE) --no-print-directory -s -C $(VL_BUILD)/$(2)/$(1) -f V$(1).mk OPT_FAST=$(SIM_OPT) OPT_SLOW=-Os OPT_GLOBAL=$(SIM_OPT) \
	  V$(1)__ALL.a verilated.o verilated_threads.o $(if $(SIM_ROOT_CXXFLAGS_$(2)),verilated_fst_c.o)

$(BUILD)/$(2)/$(1)/tsim_model.o: sim/tsim_model.cpp sim/tsim_model.h $(VL_BUILD)/$(2)/$(1)/V$(1)__ALL.a
	@mkdir -p $(BUILD)/$(2)/$(1)
	$(CXX) $(SIM_MODEL_CXXFLAGS) $(SIM_ROOT_CXXFLAGS_$(2)) -I$(VL_BUILD)/$(2)/$(1) -DTSIM_CFG=$(1) '-DTSIM_STAMP="$(SIM_STAMP)"' -c $$< -o $$@

# Each model carries its own Verilator runtime, bound inside it (-Bsymbolic), so models of any
# configurations load side by side. The stamp is written last: it marks a complete model.
$(BUILD)/$(2)/$(1)/libtsim_model.so: $(BUILD)/$(2)/$(1)/tsim_model.o $(VL_BUILD)/$(2)/$(1)/V$(1)__ALL.a
	$(CXX) -shared -Wl,-Bsymbolic $(SAN_FLAGS) -o $$@.tmp $$< $(VL_BUILD)/$(2)/$(1)/V$(1)__ALL.a \
	  $(VL_BUILD)/$(2)/$(1)/verilated.o $(VL_BUILD)/$(2)/$(1)/verilated_threads.o \
	  $(if $(SIM_ROOT_CXXFLAGS_$(2)),$(VL_BUILD)/$(2)/$(1)/verilated_fst_c.o -lz) -pthread -latomic
	mv $$@.tmp $$@
	echo '$(SIM_STAMP)' > $(BUILD)/$(2)/$(1)/stamp
endef

SIM_ROOTS := sim sim-assert sim-debug
$(foreach r,$(SIM_ROOTS),$(foreach c,$(SIM_CONFIGS),$(eval $(call SIM_MODEL_RULES,$(c),$(r),,,$(HW_GFLAGS_$(c))))))
# A parameter set the shim asked for (it passes the key, its root and the flags).
ifneq ($(SIM_KEY),)
$(eval $(call SIM_MODEL_RULES,$(SIM_KEY),$(or $(SIM_KEY_ROOT),sim),,,$(SIM_KEY_GFLAGS)))
endif

# The shim: where models live and how to build one that is missing.
SIM_SHIM_OBJS := $(BUILD)/obj/sim/tsim.o $(BUILD)/obj/sim/tsim_load.o
$(BUILD)/obj/sim/tsim_load.o: CXXFLAGS += '-DTSIM_SRC_DIR="$(abspath .)"' '-DTSIM_BUILD_DIR="$(abspath $(BUILD))"' \
                                         '-DTSIM_MAKE_VARS="SAN=$(SAN) OPT=$(OPT) VL_BUILD=$(abspath $(VL_BUILD))"' '-DTSIM_STAMP="$(SIM_STAMP)"'
$(BUILD)/obj/sim/tsim_load.o: sim/sim.mk $(SIM_STAMP_SRCS)
# The configuration resolver both simulators share (sim/tsim_cfg.h): $(SIM_CFG_OBJ), linked once.
SIM_CFG_OBJ := $(BUILD)/obj/sim/tsim_cfg.o
$(SIM_CFG_OBJ): CXXFLAGS += '-DTSIM_SRC_DIR="$(abspath .)"' '-DTSIM_BUILD_DIR="$(abspath $(BUILD))"'
$(SIM_CFG_OBJ): sim/sim.mk

SIM_LIBS   := $(SIM_SHIM_OBJS) $(SIM_CFG_OBJ)
SIM_LDLIBS := -lstdc++ -lm -pthread -ldl
# The models a program that tests every named configuration needs before it runs: fast, and checked.
SIM_MODELS := $(foreach c,$(SIM_CONFIGS),$(BUILD)/sim/$(c)/libtsim_model.so)
SIM_ASSERT_MODELS := $(foreach c,$(SIM_CONFIGS),$(BUILD)/sim-assert/$(c)/libtsim_model.so)

.PHONY: sim sim-debug sim-all sim-assert
sim: $(BUILD)/sim/$(CONFIG)/libtsim_model.so
sim-all: $(SIM_MODELS)
sim-assert: $(SIM_ASSERT_MODELS)
# The traced model of one configuration; bench/bench.mk adds the program that runs it.
sim-debug: $(BUILD)/sim-debug/$(CONFIG)/libtsim_model.so
