# driver: register map (generated), device handle, buffers, commands, backends (sim, later fpga).
DRV_SRCS := $(wildcard driver/*.c)
DRV_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(DRV_SRCS))
DRV_LIB  := $(BUILD)/lib/libtdrv.a

$(DRV_LIB): $(DRV_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(DRV_LIB)
