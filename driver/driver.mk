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

# The simulator device backends: "sim" (driver/sim/, the Verilator models through the shim) and "tlm"
# (driver/tlm/, the SystemC model of sim/tlm/ computing with the CPU kernels). What a program that
# offers them links, plus $(SIM_LDLIBS); the libraries they stand on come with it. The shim loads each
# configuration's Verilator model at run time (building it once if needed); a program that must not
# wait for a build lists the models it uses as prerequisites ($(SIM_MODELS): every named
# configuration). The backends are linked as objects so the registry's weak references find them.
DRV_SIM_OBJ  := $(BUILD)/obj/driver/sim/tdrv_sim.o
DRV_TLM_OBJS := $(BUILD)/obj/driver/tlm/tdrv_tlm.o $(BUILD)/obj/driver/tlm/tdrv_tlm_compute.o
# The "fpga" backend (driver/fpga/: Linux UIO and u-dma-buf, no simulator) comes with the same set:
# every program that offers devices offers the board too.
DRV_FPGA_OBJ := $(BUILD)/obj/driver/fpga/tdrv_fpga.o
DRV_SIM_LINK := $(DRV_SIM_OBJ) $(DRV_TLM_OBJS) $(DRV_FPGA_OBJ) $(SIM_LIBS) $(TLM_LIBS) $(DRV_LIB) $(KF_LIB) $(KR_LIB)
