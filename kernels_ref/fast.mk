# The fast CPU path (kernels_ref/kr_fast*, kr_ops, kr_head, kr_pool): per-file ISA flags, the
# test_fast runner and `make bench-kernels`. Each SIMD file is compiled for its own ISA only; the
# choice among them is made at run time from what the CPU reports (kr_fast_best_isa).
KR_X86 := $(filter x86_64 amd64,$(shell $(CC) -dumpmachine 2>/dev/null | cut -d- -f1))
ifneq ($(KR_X86),)
$(BUILD)/obj/kernels_ref/kr_fast_avx2.o: CFLAGS += -mavx2 -mfma -mf16c
$(BUILD)/obj/kernels_ref/kr_fast_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mfma -mf16c
$(BUILD)/obj/kernels_ref/kr_fast_vnni.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mavx512vnni -mfma -mf16c
endif

# ---- bench-kernels (bench/kernels*.c) ----
BENCH_KERNELS_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard bench/kernels*.c))
$(BUILD)/bench/kernels: $(BENCH_KERNELS_OBJS) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: bench-kernels
bench-kernels: $(BUILD)/bench/kernels
	$(BUILD)/bench/kernels
BENCH_TARGETS += bench-kernels
ifneq ($(KR_X86),)
$(BUILD)/obj/kernels_ref/kr_fast_head_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mfma -mf16c
endif
ifneq ($(KR_X86),)
$(BUILD)/obj/kernels_ref/kr_simd_ops_avx512.o: CFLAGS += -mavx512f -mavx512dq -mavx512vl
$(BUILD)/obj/kernels_ref/kr_simd_quant_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl
endif
