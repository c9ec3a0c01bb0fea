# bench: `make bench` runs every benchmark target in BENCH_TARGETS, one after the other (fragments
# append theirs: bench-kernels, bench-sim). The recipe expands the list when it runs, after every
# fragment (also those included after this one) has been read.
.PHONY: bench bench-model
bench:
	@set -e; for t in $(BENCH_TARGETS); do echo "== make $$t"; $(MAKE) --no-print-directory $$t; done

# ---- bench-model: the 2b4t preset on the cpu backend (1 and 2 threads) + modeled accelerator ----
BENCH_MODEL := $(BUILD)/bench/bench-model
MODELS_DIR  := $(BUILD)/models
MODEL_2B4T  := $(MODELS_DIR)/2b4t.gguf
# The same weights with a 6-bit (Q6_K) embedding/head: the head format bitnet.cpp's fastest 2B4T
# figure uses, so that comparison is made with the same head bytes.
MODEL_2B4T_Q6K := $(MODELS_DIR)/2b4t-q6k.gguf
# Prefill/decode lengths and the simulated run (decode steps on the cycle-accurate model are slow).
# Every cpu row also runs with a binary16 KV cache (--kv f16), the cache bitnet.cpp and llama.cpp use.
BENCH_MODEL_ARGS ?= --prefill 128 --decode 32 --threads 1,2 --kv f32,f16 --sim-prefill 4 --sim-decode 2

# kernels_bw.o: the same read-bandwidth measurement as bench-kernels, taken beside every pass
$(BENCH_MODEL): $(BUILD)/obj/bench/bench_model.o $(BUILD)/obj/bench/kernels_bw.o $(DRV_SIM_LINK) $(RT_LINK) \
                | $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(BUILD)/obj/bench/bench_model.o $(BUILD)/obj/bench/kernels_bw.o $(DRV_SIM_LINK) $(RT_LINK) \
	  $(RT_LDLIBS) $(SIM_LDLIBS)

# The real vocabulary matters here: the 128256 x 2560 head is a large part of a decode step.
BENCH_VOCAB ?= ../shared/data/llama3-vocab/ggml-vocab-llama-bpe.gguf
# $(1): output file, $(2): embedding/head type
define BENCH_MKMODEL
	@mkdir -p $(dir $(1))
	@if [ -f $(BENCH_VOCAB) ]; then \
	  $(BUILD)/tritium-mkmodel --preset 2b4t --embd $(2) --vocab llama3 --vocab-file $(BENCH_VOCAB) -o $(1).tmp; \
	else \
	  echo "bench-model: $(BENCH_VOCAB) not found: the byte vocabulary makes the head far smaller than 2B4T's"; \
	  $(BUILD)/tritium-mkmodel --preset 2b4t --embd $(2) --vocab bytes -o $(1).tmp; \
	fi && mv $(1).tmp $(1)
endef
$(MODEL_2B4T): | $(BUILD)/tritium-mkmodel
	$(call BENCH_MKMODEL,$@,f16)
$(MODEL_2B4T_Q6K): | $(BUILD)/tritium-mkmodel
	$(call BENCH_MKMODEL,$@,q6_k)

bench-model: $(BENCH_MODEL) $(MODEL_2B4T) $(MODEL_2B4T_Q6K)
	$(BENCH_MODEL) -m $(MODEL_2B4T) $(BENCH_MODEL_ARGS)
	@echo
	$(BENCH_MODEL) -m $(MODEL_2B4T_Q6K) --prefill 128 --decode 32 --threads 2 --heads file --kv f32,f16 --sim-decode 0

BENCH_TARGETS += bench-model

# ---- bench-sim: GEMMs on every linked configuration, through the driver (tests/sim's harness) ----
BENCH_SIM := $(BUILD)/bench/bench_sim
BENCH_SIM_OBJS := $(BUILD)/obj/bench/bench_sim.o $(BUILD)/obj/tests/sim/sim_harness.o
$(BENCH_SIM): $(BENCH_SIM_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) | $(SIM_MODELS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(BENCH_SIM_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) $(SIM_LDLIBS)

.PHONY: bench-sim
bench-sim: $(BENCH_SIM)
	$(BENCH_SIM)
BENCH_TARGETS += bench-sim

# `make sim-debug CONFIG=...` also builds $(BUILD)/sim-debug/tsim-trace-<config>: a small traced GEMM
# through the driver that writes an FST waveform when run.
TSIM_TRACE := $(BUILD)/sim-debug/tsim-trace-$(CONFIG)
TSIM_TRACE_OBJS := $(BUILD)/obj/bench/bench_sim_trace.o $(BUILD)/obj/tests/sim/sim_harness.o
$(TSIM_TRACE): $(TSIM_TRACE_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) | $(BUILD)/sim-debug/$(CONFIG)/libtsim_model.so
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TSIM_TRACE_OBJS) $(DRV_SIM_LINK) $(DRV_LIB) $(KR_LIB) $(SIM_LDLIBS)
sim-debug: $(TSIM_TRACE)

# ---- bench-tlm: the fast model (docs/tlm.md) ----
# bench_tlm: 2B4T decode-token and 128-token-prefill cycles on the timing model alone, cycle-stepped
# and memoized, and its speed; tlm-calib: bench-sim's GEMMs, RTL against the timing model.
BENCH_TLM := $(BUILD)/bench/bench_tlm
$(BENCH_TLM): $(BUILD)/obj/bench/bench_tlm.o $(TLM_TIMING_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^
TLM_CALIB := $(BUILD)/tlm/tlm_calib
TLM_CALIB_CONFIGS ?= $(SIM_DEFAULT)
$(TLM_CALIB): $(BUILD)/obj/sim/tlm/tlm_calib.o $(TLM_TIMING_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^

# bench_tlm_model: every 2B4T matmul through the tlm backend with results, beside the cpu backend, and
# the same shapes on the RTL.
BENCH_TLM_MODEL := $(BUILD)/bench/bench_tlm_model
$(BENCH_TLM_MODEL): $(BUILD)/obj/bench/bench_tlm_model.o $(DRV_SIM_LINK) $(RT_LINK) | $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(DRV_SIM_LINK) $(RT_LINK) $(RT_LDLIBS) $(SIM_LDLIBS)
BENCH_TLM_ARGS ?= --prefill 128 --decode 3

.PHONY: bench-tlm tlm-calib
bench-tlm: $(BENCH_TLM) $(BENCH_TLM_MODEL)
	$(BENCH_TLM) $(TLM_CALIB_CONFIGS)
	$(BENCH_TLM_MODEL) $(BENCH_TLM_ARGS)
tlm-calib: $(TLM_CALIB) $(BENCH_SIM)
	$(BENCH_SIM) $(TLM_CALIB_CONFIGS) | $(TLM_CALIB)
BENCH_TARGETS += bench-tlm

# ---- bench-sweep: a 100-point design-space sweep of 2B4T on the fast model (docs/sweep.md) ----
SWEEP_DIR ?= $(BUILD)/sweeps
.PHONY: bench-sweep
bench-sweep: $(BUILD)/tritium
	rm -rf $(SWEEP_DIR)/explore
	$(BUILD)/tritium sweep examples/sweeps/explore.toml -o $(SWEEP_DIR)/explore -j 2
BENCH_TARGETS += bench-sweep

# ---- bench-accuracy: what each speed option costs on the trained model (docs/accuracy.md) ----
ACCURACY_MODEL ?= models/tiny-en.gguf
ACCURACY_TEXT  ?= models/tiny-en.heldout.txt
ACCURACY_DEV_CHUNKS ?= 4
.PHONY: bench-accuracy
bench-accuracy: $(BUILD)/tritium $(BUILD)/tritium-convert | $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	sh bench/accuracy.sh $(BUILD) $(ACCURACY_MODEL) $(ACCURACY_TEXT) $(BUILD)/accuracy 256 $(ACCURACY_DEV_CHUNKS)
BENCH_TARGETS += bench-accuracy
