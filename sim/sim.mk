# sim: cycle-accurate Verilator models of rtl/tritium_top behind the C API of sim/tsim.h.
#
# Every configuration is verilated with its own --prefix (V<name>) into $(BUILD)/sim/<name>/, so all
# of them link into one program; tsim_create picks one by name. The first one is the default.
#   make sim CONFIG=<name>        fast model of one configuration (no tracing)
#   make sim-debug CONFIG=<name>  the same with --trace-fst, in $(BUILD)/sim-debug/<name>/
# Other layers link $(SIM_LIBS) $(SIM_LDLIBS); the driver's sim backend is $(DRV_SIM_LINK) (driver.mk).

# The named configurations of hw/tritium.toml (HW_CONFIGS, HW_GFLAGS_<name>: build/gen/hw_configs.mk).
SIM_CONFIGS := $(HW_CONFIGS)
SIM_DEFAULT := $(HW_DEFAULT)
CONFIG      ?= $(SIM_DEFAULT)

VERILATOR      ?= verilator
VERILATOR_ROOT_INC := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)/include
# One thread per model (TOOLCHAIN.md: --threads 2 is slower here).
# -O2 rather than -Os: faster for this design at the same build time (figures in docs/hardware.md).
SIM_OPT    ?= -O2
SIM_VFLAGS := --cc -O3 --x-assign fast --x-initial fast --noassert -Wno-fatal --top-module tritium_top $(RTL_VFLAGS)
SIM_MODEL_CXXFLAGS = -std=gnu++17 $(OPT) -g -Wall -Wextra -I. -I$(BUILD)/gen $(SAN_FLAGS) -pthread \
                     -isystem $(VERILATOR_ROOT_INC) -isystem $(VERILATOR_ROOT_INC)/vltstd

# $(1) = config, $(2) = output root (sim or sim-debug), $(3) = extra verilator flags, $(4) = extra C++ flags
define SIM_CONFIG_RULES
$(BUILD)/$(2)/$(1)/V$(1)__ALL.a: $(RTL_SRCS) $(RTL_INCS) $(RTL_VLT) $(BUILD)/gen/hw_configs.mk
	@mkdir -p $(BUILD)/$(2)/$(1)
	$(VERILATOR) $(SIM_VFLAGS) $(3) --prefix V$(1) -Mdir $(BUILD)/$(2)/$(1) $(HW_GFLAGS_$(1)) $(RTL_VLT) $(RTL_SRCS)
	$$(MAKE) --no-print-directory -s -C $(BUILD)/$(2)/$(1) -f V$(1).mk OPT_FAST=$(SIM_OPT) OPT_SLOW=-Os OPT_GLOBAL=$(SIM_OPT) \
	  V$(1)__ALL.a verilated.o verilated_threads.o $(if $(3),verilated_fst_c.o)

$(BUILD)/$(2)/$(1)/verilated.o: $(BUILD)/$(2)/$(1)/V$(1)__ALL.a
	@true

$(BUILD)/$(2)/$(1)/tsim_model.o: sim/tsim_model.cpp sim/tsim_model.h $(BUILD)/$(2)/$(1)/V$(1)__ALL.a
	$(CXX) $(SIM_MODEL_CXXFLAGS) $(4) -I$(BUILD)/$(2)/$(1) -DTSIM_CFG=$(1) -c $$< -o $$@
endef

$(foreach c,$(SIM_CONFIGS),$(eval $(call SIM_CONFIG_RULES,$(c),sim,,)))
$(foreach c,$(SIM_CONFIGS),$(eval $(call SIM_CONFIG_RULES,$(c),sim-debug,--trace-fst --trace-structs,-DTSIM_TRACE -DVM_TRACE=1 -DVM_TRACE_FST=1)))

SIM_SHIM_OBJ := $(BUILD)/obj/sim/tsim.o
$(SIM_SHIM_OBJ): CXXFLAGS += '-DTSIM_CONFIG_LIST=$(foreach c,$(SIM_CONFIGS),X($(c)))'
$(SIM_SHIM_OBJ): sim/sim.mk

# Link order: shim, per-config models and archives, then one copy of the Verilator runtime.
SIM_LIBS   := $(SIM_SHIM_OBJ) \
              $(foreach c,$(SIM_CONFIGS),$(BUILD)/sim/$(c)/tsim_model.o $(BUILD)/sim/$(c)/V$(c)__ALL.a) \
              $(BUILD)/sim/$(SIM_DEFAULT)/verilated.o $(BUILD)/sim/$(SIM_DEFAULT)/verilated_threads.o
SIM_LDLIBS := -lstdc++ -lm -pthread -latomic

# Debug (tracing) library of one configuration: $(BUILD)/sim-debug/<name>/libtsim.a, used like
# SIM_LIBS by linking SIM_DEBUG_LIBS with -lz added.
SIM_DEBUG_SHIM := $(BUILD)/sim-debug/$(CONFIG)/tsim.o
$(SIM_DEBUG_SHIM): sim/tsim.cpp sim/tsim.h sim/tsim_model.h sim/sim.mk | $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) '-DTSIM_CONFIG_LIST=X($(CONFIG))' -c $< -o $@
SIM_DEBUG_LIBS := $(SIM_DEBUG_SHIM) $(BUILD)/sim-debug/$(CONFIG)/tsim_model.o \
                  $(BUILD)/sim-debug/$(CONFIG)/V$(CONFIG)__ALL.a $(BUILD)/sim-debug/$(CONFIG)/verilated.o \
                  $(BUILD)/sim-debug/$(CONFIG)/verilated_threads.o $(BUILD)/sim-debug/$(CONFIG)/verilated_fst_c.o

.PHONY: sim sim-debug sim-all
sim: $(BUILD)/sim/$(CONFIG)/V$(CONFIG)__ALL.a $(BUILD)/sim/$(CONFIG)/tsim_model.o
sim-all: $(SIM_LIBS)
# The traced model of one configuration; tools/tools.mk adds the program that runs it.
sim-debug: $(SIM_DEBUG_LIBS)
