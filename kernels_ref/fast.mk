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
$(BUILD)/obj/kernels_ref/kr_simd_attn_avx512.o: CFLAGS += -mavx512f -mavx512dq -mavx512vl
$(BUILD)/obj/kernels_ref/kr_simd_attn_heads_avx512.o: CFLAGS += -mavx512f -mavx512dq -mavx512vl
$(BUILD)/obj/kernels_ref/kr_simd_quant_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl
endif

# ---- NEON: cross-built for aarch64 and run under qemu-user by test_fast when both are installed ----
AARCH64_CC ?= aarch64-linux-gnu-gcc
KR_HAVE_AARCH64 := $(shell command -v $(AARCH64_CC) >/dev/null 2>&1 && echo 1)
NEON_CHECK := $(BUILD)/aarch64/neon_check
NEON_CHECK_SRCS := kernels_ref/kr_fast.c kernels_ref/kr_fast_scalar.c kernels_ref/kr_fast_neon.c \
  kernels_ref/kr_pool.c kernels_ref/kr_gemm_ref.c kernels_ref/kr_ternary.c kernels_ref/kr_quant.c \
  kernels_ref/kr_quant_fast.c kernels_ref/kr_ops.c kernels_ref/kr_status.c kernels_ref/kr_head.c \
  kernels_ref/kr_fast_head.c kernels_ref/kr_blockfmt.c kernels_ref/kr_f16.c tests/fast/neon/neon_check.c
NEON_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I. -pthread -MMD -MP
$(BUILD)/aarch64/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(NEON_CFLAGS) -c $< -o $@
$(BUILD)/aarch64/obj/kernels_ref/kr_fast_neon.o: NEON_CFLAGS += -march=armv8.2-a+dotprod
$(NEON_CHECK): $(patsubst %.c,$(BUILD)/aarch64/obj/%.o,$(NEON_CHECK_SRCS))
	$(AARCH64_CC) -static -pthread -o $@ $^ -lm
$(BUILD)/obj/tests/fast/test_neon.o: CFLAGS += -DTF_NEON_CHECK='"$(NEON_CHECK)"'
ifeq ($(KR_HAVE_AARCH64),1)
$(BUILD)/tests/test_fast: | $(NEON_CHECK)
endif
-include $(shell find $(BUILD)/aarch64 -name '*.d' 2>/dev/null)
ifneq ($(KR_X86),)
$(BUILD)/obj/kernels_ref/kr_fast_head_vnni.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mavx512vnni -mfma -mf16c
endif
ifneq ($(KR_X86),)
$(BUILD)/obj/kernels_ref/kr_fast_head_avx2.o: CFLAGS += -mavx2 -mfma -mf16c
endif
