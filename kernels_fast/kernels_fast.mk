# kernels_fast: the fast CPU path (SIMD kernels per ISA, run-time dispatch, the thread pool, the
# head GEMV), bit-exact with kernels_ref. Each SIMD file is compiled for its own ISA only; the choice
# among them is made at run time from what the CPU reports (kr_fast_best_isa). Files under x86/ and
# arm/ are empty translation units on other architectures.
KF_SRCS := $(wildcard kernels_fast/*.c kernels_fast/x86/*.c kernels_fast/arm/*.c)
KF_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(KF_SRCS))
KF_LIB  := $(BUILD)/lib/libkrfast.a

$(KF_LIB): $(KF_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(KF_LIB)

# Per-file ISA flags (x86-64 builds only).
KR_X86 := $(filter x86_64 amd64,$(shell $(CC) -dumpmachine 2>/dev/null | cut -d- -f1))
ifneq ($(KR_X86),)
$(BUILD)/obj/kernels_fast/x86/kr_fast_avx2.o: CFLAGS += -mavx2 -mfma -mf16c
$(BUILD)/obj/kernels_fast/x86/kr_fast_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mfma -mf16c
$(BUILD)/obj/kernels_fast/x86/kr_fast3_avx2.o: CFLAGS += -mavx2
$(BUILD)/obj/kernels_fast/x86/kr_fast3_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl
$(BUILD)/obj/kernels_fast/x86/kr_fast3_vbmi.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mavx512vnni -mavx512vbmi
$(BUILD)/obj/kernels_fast/x86/kr_fast_head_avx2.o: CFLAGS += -mavx2 -mfma -mf16c
$(BUILD)/obj/kernels_fast/x86/kr_fast_head_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mfma -mf16c
$(BUILD)/obj/kernels_fast/x86/kr_fast_head_vnni.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mavx512vnni -mfma -mf16c
$(BUILD)/obj/kernels_fast/x86/kr_fast_vnni.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl -mavx512vnni -mfma -mf16c
$(BUILD)/obj/kernels_fast/x86/kr_simd_attn_avx512.o: CFLAGS += -mavx512f -mavx512dq -mavx512vl
$(BUILD)/obj/kernels_fast/x86/kr_simd_attn_heads_avx512.o: CFLAGS += -mavx512f -mavx512dq -mavx512vl
$(BUILD)/obj/kernels_fast/x86/kr_simd_ops_avx512.o: CFLAGS += -mavx512f -mavx512dq -mavx512vl
$(BUILD)/obj/kernels_fast/x86/kr_simd_quant_avx512.o: CFLAGS += -mavx512f -mavx512bw -mavx512vl
endif

# ---- bench-kernels (bench/kernels*.c) ----
BENCH_KERNELS_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard bench/kernels*.c))
$(BUILD)/bench/kernels: $(BENCH_KERNELS_OBJS) $(KF_LIB) $(KR_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: bench-kernels
bench-kernels: $(BUILD)/bench/kernels
	$(BUILD)/bench/kernels
BENCH_TARGETS += bench-kernels

# ---- NEON: cross-built for aarch64 and run under qemu-user by test_kernels_fast when both are installed ----
AARCH64_CC ?= aarch64-linux-gnu-gcc
KR_HAVE_AARCH64 := $(shell command -v $(AARCH64_CC) >/dev/null 2>&1 && echo 1)
NEON_CHECK := $(BUILD)/aarch64/neon_check
NEON_CHECK_SRCS := $(KR_SRCS) $(wildcard kernels_fast/*.c kernels_fast/arm/*.c) tests/kernels_fast/neon/neon_check.c
NEON_CFLAGS := -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I. -pthread -MMD -MP
$(BUILD)/aarch64/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(AARCH64_CC) $(NEON_CFLAGS) -c $< -o $@
$(BUILD)/aarch64/obj/kernels_fast/arm/kr_fast_neon.o: NEON_CFLAGS += -march=armv8.2-a+dotprod
$(BUILD)/aarch64/obj/kernels_fast/arm/kr_fast3_neon.o: NEON_CFLAGS += -march=armv8.2-a+dotprod
$(NEON_CHECK): $(patsubst %.c,$(BUILD)/aarch64/obj/%.o,$(NEON_CHECK_SRCS))
	$(AARCH64_CC) -static -pthread -o $@ $^ -lm
$(BUILD)/obj/tests/kernels_fast/test_neon.o: CFLAGS += -DTF_NEON_CHECK='"$(NEON_CHECK)"'
ifeq ($(KR_HAVE_AARCH64),1)
$(BUILD)/tests/test_kernels_fast: | $(NEON_CHECK)
endif
-include $(shell find $(BUILD)/aarch64 -name '*.d' 2>/dev/null)
