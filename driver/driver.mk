# driver: register semantics, device handle, buffers, commands, counters, the weight layout, and the
# registry of device backends (driver/tdrv_backends.def). libtdrv links without any simulator: a
# backend that needs one (driver/sim/) is built into the simulator's library, $(SIM_LINK).
DRV_SRCS := $(wildcard driver/*.c)
DRV_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(DRV_SRCS))
DRV_LIB  := $(BUILD)/lib/libtdrv.a

$(DRV_LIB): $(DRV_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(DRV_LIB)

# The "sim" device backend (driver/sim/) with the simulator shim it drives: what a program that opens
# the sim backend links before $(DRV_LIB), plus $(SIM_LDLIBS). The shim loads each configuration's
# model at run time (building it once if needed); a program that must not wait for a build lists the
# models it uses as prerequisites ($(SIM_MODELS): every named configuration). The backend is linked
# as an object so the registry's weak reference finds it.
DRV_SIM_OBJ  := $(BUILD)/obj/driver/sim/tdrv_sim.o
DRV_SIM_LINK := $(DRV_SIM_OBJ) $(SIM_LIBS)
