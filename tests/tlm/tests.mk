# Fast-model runner (tests/tlm): the SystemC model against the Verilator model through the driver, on
# every named configuration (tests/tlm/test_calib.c), and the backend's own behaviour. Also, opt-in:
#   make tlm-test   tlm_smoke (the SystemC tree alone: slots, configurations on one elaboration) and
#                   tlm_sweep (the timing model against the RTL over more shapes and three memories)
TEST_TLM_OBJS := $(BUILD)/obj/tests/tlm/main.o $(BUILD)/obj/tests/tlm/test_calib.o \
                 $(BUILD)/obj/tests/tlm/test_tlm_backend.o $(BUILD)/obj/tests/sim/sim_harness.o
$(BUILD)/tests/test_tlm: $(TEST_TLM_OBJS) $(DRV_SIM_LINK) $(RT_LINK) | $(SIM_MODELS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_TLM_OBJS) $(DRV_SIM_LINK) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS) $(SIM_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_tlm

TLM_SMOKE := $(BUILD)/tests/tlm_smoke
$(TLM_SMOKE): $(BUILD)/obj/tests/tlm/tlm_smoke.o $(TLM_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(TLM_SC_LIBS)

TLM_SWEEP := $(BUILD)/tests/tlm_sweep
TLM_SWEEP_OBJS := $(BUILD)/obj/tests/tlm/tlm_sweep.o $(BUILD)/obj/tests/sim/sim_harness.o
$(TLM_SWEEP): $(TLM_SWEEP_OBJS) $(DRV_SIM_LINK) | $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TLM_SWEEP_OBJS) $(DRV_SIM_LINK) $(SIM_LDLIBS)

.PHONY: tlm-test
tlm-test: $(TLM_SMOKE) $(TLM_SWEEP)
	$(TLM_SMOKE)
	$(TLM_SWEEP)
