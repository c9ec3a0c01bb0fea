# driver: register map (generated), device handle, buffers, commands, backends (sim, later fpga).
# The sim backend is compiled only when sim/sim.mk provides a simulator library, so everything
# above the driver links (without "sim") while the model is still being built.
DRV_HAVE_SIM := $(if $(strip $(SIM_LIBS)),1,)
DRV_SRCS := $(if $(DRV_HAVE_SIM),$(wildcard driver/*.c),$(filter-out driver/tdrv_sim.c,$(wildcard driver/*.c)))
DRV_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(DRV_SRCS))
DRV_LIB  := $(BUILD)/lib/libtdrv.a

$(BUILD)/obj/driver/tdrv_backends.o: CFLAGS += $(if $(DRV_HAVE_SIM),-DTDRV_HAVE_SIM)
# Rebuild the backend list when the simulator appears or goes.
$(BUILD)/obj/driver/tdrv_backends.o: $(BUILD)/gen/drv_have_sim.$(if $(DRV_HAVE_SIM),yes,no)
$(BUILD)/gen/drv_have_sim.%:
	@mkdir -p $(dir $@) && rm -f $(BUILD)/gen/drv_have_sim.* && touch $@

$(DRV_LIB): $(DRV_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(DRV_LIB)

# The runtime's cpu backend and `tritium matmul` use kernels_ref's fast kernel once it is compiled
# (kernels_ref/kr_fast*.c); until then they fall back to the scalar reference. Kept here because
# the driver owner also owns those runtime files.
RT_HAVE_KR_FAST := $(if $(wildcard kernels_ref/kr_fast*.c),1,)
RT_KR_FAST_USERS := $(BUILD)/obj/runtime/rt_backend_cpu.o $(BUILD)/obj/runtime/cli_matmul.o
$(RT_KR_FAST_USERS): CFLAGS += $(if $(RT_HAVE_KR_FAST),-DRT_HAVE_KR_FAST)
$(RT_KR_FAST_USERS): $(BUILD)/gen/rt_have_kr_fast.$(if $(RT_HAVE_KR_FAST),yes,no)
$(BUILD)/gen/rt_have_kr_fast.%:
	@mkdir -p $(dir $@) && rm -f $(BUILD)/gen/rt_have_kr_fast.* && touch $@
