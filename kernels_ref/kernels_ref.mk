# kernels_ref: packing formats, activation quantization, ternary GEMV/GEMM (reference + fast CPU).
KR_SRCS := $(wildcard kernels_ref/*.c)
KR_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(KR_SRCS))
KR_LIB  := $(BUILD)/lib/libkr.a

$(KR_LIB): $(KR_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(KR_LIB)
include kernels_ref/fast.mk
