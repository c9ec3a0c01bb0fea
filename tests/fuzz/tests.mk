# fuzz: libFuzzer harnesses (clang, ASan + UBSan) for every input a user or a file controls:
#   fuzz_gguf       a GGUF file: reader, every metadata and tensor access, tokenizer, model load and a
#                   one-token forward
#   fuzz_tokenizer  encode / decode arbitrary bytes and ids, round-trip properties
#   fuzz_spec       the sweep specification (TOML, JSON) and --set assignments
#   fuzz_chat       the chat prompt of a system and a user message, encoded and decoded
#   fuzz_hwcfg      a hardware configuration as --config / --hw take it: a name, a list, a .toml file
#   fuzz_cli        the command lines of tritium matmul, info, run and sweep, parsed and checked
# The libraries are built again under $(FUZZ_BUILD) with clang and -fsanitize=fuzzer-no-link; the seed
# corpora are made by the build (tritium-mkmodel's micro model in each ternary format, texts, the
# example sweeps), no binary is committed. Each harness keeps its corpus in $(FUZZ_BUILD)/corpus/<name>.
#   make fuzz FUZZ_S=N     each harness N seconds (default 60); crashes in $(FUZZ_BUILD)/crash/<name>/
# make test runs each for FUZZ_TEST_S seconds (tests/fuzz/run_fuzz.sh).
FUZZ_NAMES   := gguf tokenizer spec chat hwcfg cli
FUZZ_BUILD   := build/fuzz
FUZZ_S       ?= 60
FUZZ_TEST_S  ?= 10
FUZZ_CFLAGS  := -fsanitize=fuzzer-no-link

# Inside the fuzz build (FUZZ=1): the harnesses, linked against this build's sanitized libraries.
ifneq ($(FUZZ),)
CFLAGS   += $(FUZZ_CFLAGS)
CXXFLAGS += $(FUZZ_CFLAGS)
# kernels_fast dispatches on __builtin_cpu_supports features clang 14 does not name (f16c): built with
# gcc and without instrumentation (the kernels compute on checked inputs; the parsers are the target).
$(BUILD)/obj/kernels_fast/%.o: override CC := gcc
$(BUILD)/obj/kernels_fast/%.o: SAN_FLAGS :=
$(BUILD)/obj/kernels_fast/%.o: FUZZ_CFLAGS :=
$(BUILD)/fuzz/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/vocab_fixture.o $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/obj/tests/fuzz/vocab_fixture.o $(RT_LINK) $(RT_LDLIBS)
# the command lines: the CLI's objects but its main, with every backend as the tritium program has them
$(BUILD)/fuzz/fuzz_cli: $(BUILD)/obj/tests/fuzz/fuzz_cli.o $(filter-out %/cli_main.o,$(CLI_OBJS)) $(DRV_SIM_LINK) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(filter-out %/cli_main.o,$(CLI_OBJS)) $(DRV_SIM_LINK) $(RT_LINK) \
	  $(RT_LDLIBS) $(SIM_LDLIBS)
# the configuration resolver is C++ (sim/)
$(BUILD)/fuzz/fuzz_hwcfg: $(BUILD)/obj/tests/fuzz/fuzz_hwcfg.o $(SIM_CFG_OBJ)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# Seeds: the micro model in each ternary format, texts for the tokenizer, the example sweeps.
$(BUILD)/fuzz/seeds.stamp: $(BUILD)/tritium-mkmodel tests/fuzz/tests.mk $(wildcard examples/sweeps/*)
	@rm -rf $(BUILD)/fuzz/seeds && mkdir -p $(BUILD)/fuzz/seeds/gguf $(BUILD)/fuzz/seeds/tokenizer $(BUILD)/fuzz/seeds/spec
	@for t in i2_s tq2_0 tq1_0; do \
	  $(BUILD)/tritium-mkmodel --preset micro --vocab bytes --ternary $$t -o $(BUILD)/fuzz/seeds/gguf/micro_$$t.gguf >/dev/null; done
	@printf '\000The ternary accelerator adds and subtracts.' > $(BUILD)/fuzz/seeds/tokenizer/plain
	@printf '\003<|begin_of_text|>Hello <|eot_id|> world\n\t  123 caf\303\251 \360\237\230\200' > $(BUILD)/fuzz/seeds/tokenizer/special
	@printf '\004\001\000\000\000\002\001\000\000\377\377\377\177' > $(BUILD)/fuzz/seeds/tokenizer/ids
	@for f in examples/sweeps/*.toml; do { printf '\000'; cat $$f; } > $(BUILD)/fuzz/seeds/spec/$$(basename $$f); done
	@for f in examples/sweeps/*.json; do { printf '\001'; cat $$f; } > $(BUILD)/fuzz/seeds/spec/$$(basename $$f); done
	@printf '\002rows=8,16,32' > $(BUILD)/fuzz/seeds/spec/set
	@mkdir -p $(BUILD)/fuzz/seeds/chat
	@printf '\001  You are helpful.  \000 Hello <|eot_id|> there ' > $(BUILD)/fuzz/seeds/chat/system
	@printf '\000What is 1 + 1?' > $(BUILD)/fuzz/seeds/chat/user
	@mkdir -p $(BUILD)/fuzz/seeds/hwcfg
	@printf '\000r8c32w128' > $(BUILD)/fuzz/seeds/hwcfg/name
	@printf '\000rows=32,cols=32,bus=512,act_bytes=65536' > $(BUILD)/fuzz/seeds/hwcfg/list
	@printf '\001[params]\nROWS = 8\nCOLS = 16\nDATA_W = 128\n' > $(BUILD)/fuzz/seeds/hwcfg/file
	@mkdir -p $(BUILD)/fuzz/seeds/cli
	@printf '\000--m\000640\000--k\0002560\000--n\0001\000--backend\000tlm\000--weights\000base3' > $(BUILD)/fuzz/seeds/cli/matmul
	@printf '\001--backend\000sim\000--hw\000rows=8,cols=8,bus=64' > $(BUILD)/fuzz/seeds/cli/info
	@printf '\002-m\000x.gguf\000-p\000Hi\000-n\0004\000--temp\0000\000--chat\000--system\000S\000--kv\000f16' > $(BUILD)/fuzz/seeds/cli/run
	@printf '\003--set\000rows=8,16\000-o\000/tmp/x\000-j\0002\000--confirm\0001' > $(BUILD)/fuzz/seeds/cli/sweep
	@touch $@

fuzz-bins: $(foreach n,$(FUZZ_NAMES),$(BUILD)/fuzz/fuzz_$(n)) $(BUILD)/fuzz/seeds.stamp
endif

FUZZ_MAKE = $(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CXX=clang++ SAN=1 FUZZ=1 OPT=-O1

.PHONY: fuzz fuzz-bins
fuzz: deps-check
	@$(FUZZ_MAKE) fuzz-bins
	@sh tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_S) $(FUZZ_NAMES)

# The short run of make test: a runner that builds the fuzz set and runs each harness FUZZ_TEST_S s.
ifeq ($(SAN)$(FUZZ),)
$(BUILD)/tests/test_fuzz: tests/fuzz/tests.mk tests/fuzz/run_fuzz.sh
	@mkdir -p $(dir $@)
	$(FUZZ_MAKE) fuzz-bins
	printf '#!/bin/sh\nexec sh tests/fuzz/run_fuzz.sh "%s" "%s" %s\n' '$(FUZZ_BUILD)' '$(FUZZ_TEST_S)' '$(FUZZ_NAMES)' > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@
.PHONY: $(BUILD)/tests/test_fuzz
TEST_BINS += $(BUILD)/tests/test_fuzz
endif
