# sim/tlm: the fast model of issue 15 (docs/tlm.md): the timing model of a command (tlm_timing.c, C11)
# and the SystemC / TLM-2.0 module tree around it (tlm_dev, tlm_mem_target, tlm_world: C++17 over
# Debian's libsystemc, a shared library; TOOLCHAIN.md). Programs reach it through the driver's "tlm"
# backend (driver/tlm/), which $(DRV_SIM_LINK) links beside the Verilator one. The tests and benches
# built from it are in tests/tlm/tests.mk and bench/bench.mk.
TLM_TIMING_OBJS := $(BUILD)/obj/sim/tlm/tlm_timing.o $(BUILD)/obj/sim/tlm/tlm_timing_cache.o
TLM_SC_CFLAGS := $(shell pkg-config --cflags systemc tlm 2>/dev/null)
TLM_SC_LIBS   := $(shell pkg-config --libs systemc tlm 2>/dev/null)
TLM_SC_OBJS   := $(BUILD)/obj/sim/tlm/tlm_dev.o $(BUILD)/obj/sim/tlm/tlm_mem_target.o $(BUILD)/obj/sim/tlm/tlm_world.o
$(TLM_SC_OBJS): CXXFLAGS += -Werror $(TLM_SC_CFLAGS)
TLM_LIBS := $(TLM_SC_OBJS) $(TLM_TIMING_OBJS)
# Every program that links the simulators links SystemC too.
SIM_LDLIBS += $(TLM_SC_LIBS)
