# sim/tlm: the fast model of issue 15 (docs/tlm.md). So far its timing model (tlm_timing.c: the
# PERF_* counters of one command, from the RTL's control rules and the harness's memory rules) and
# the calibration printer that sets it beside the Verilator model's figures.
#   make tlm-calib [TLM_CALIB_CONFIGS="r16c16w256 ..."]   bench_sim's GEMMs, RTL vs model, with errors
TLM_TIMING_OBJS := $(BUILD)/obj/sim/tlm/tlm_timing.o $(BUILD)/obj/sim/tlm/tlm_timing_cache.o
TLM_CALIB := $(BUILD)/tlm/tlm_calib
TLM_CALIB_CONFIGS ?= $(SIM_DEFAULT)

$(TLM_CALIB): $(BUILD)/obj/sim/tlm/tlm_calib.o $(TLM_TIMING_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^

.PHONY: tlm-calib
tlm-calib: $(TLM_CALIB) $(BENCH_SIM)
	$(BENCH_SIM) $(TLM_CALIB_CONFIGS) | $(TLM_CALIB)

# tests/tlm/tlm_sweep: the model against the Verilator model of one configuration over odd shapes,
# both formats and three memory speeds (run by hand for now: `$(BUILD)/tests/tlm_sweep [config]`).
TLM_SWEEP := $(BUILD)/tests/tlm_sweep
TLM_SWEEP_OBJS := $(BUILD)/obj/tests/tlm/tlm_sweep.o $(BUILD)/obj/tests/sim/sim_harness.o $(TLM_TIMING_OBJS)
$(TLM_SWEEP): $(TLM_SWEEP_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) | $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TLM_SWEEP_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) $(SIM_LDLIBS)

# The SystemC skeleton (SystemC 2.3.4 from Debian: C++17, shared library; TOOLCHAIN.md): the device
# and memory modules and the module tree with its C interface, and tests/tlm/tlm_smoke, which opens,
# uses and closes devices of two configurations on one elaboration.
TLM_SC_CFLAGS := $(shell pkg-config --cflags systemc tlm 2>/dev/null)
TLM_SC_LIBS   := $(shell pkg-config --libs systemc tlm 2>/dev/null)
TLM_SC_OBJS   := $(BUILD)/obj/sim/tlm/tlm_dev.o $(BUILD)/obj/sim/tlm/tlm_mem_target.o $(BUILD)/obj/sim/tlm/tlm_world.o
$(TLM_SC_OBJS): CXXFLAGS += -Werror $(TLM_SC_CFLAGS)
TLM_LIBS := $(TLM_SC_OBJS) $(TLM_TIMING_OBJS)

TLM_SMOKE := $(BUILD)/tests/tlm_smoke
$(TLM_SMOKE): $(BUILD)/obj/tests/tlm/tlm_smoke.o $(TLM_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(TLM_SC_LIBS)

.PHONY: tlm-test
# The skeleton's smoke test and the timing model against the default configuration's Verilator model.
tlm-test: $(TLM_SMOKE) $(TLM_SWEEP)
	$(TLM_SMOKE)
	$(TLM_SWEEP)

# bench/bench_tlm: 2B4T decode-token and 128-token-prefill cycles on the timing model, and its speed.
BENCH_TLM := $(BUILD)/bench/bench_tlm
$(BENCH_TLM): $(BUILD)/obj/bench/bench_tlm.o $(TLM_TIMING_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^

.PHONY: bench-tlm
bench-tlm: $(BENCH_TLM)
	$(BENCH_TLM) $(TLM_CALIB_CONFIGS)
