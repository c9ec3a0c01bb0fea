# kernels_ref: the arithmetic's definition (packings, quantization, scalar GEMM/GEMV, float-op
# definitions). Depends on nothing; every faster path is tested against it.
KR_SRCS := $(wildcard kernels_ref/*.c)
KR_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(KR_SRCS))
KR_LIB  := $(BUILD)/lib/libkr.a

$(KR_LIB): $(KR_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(KR_LIB)
