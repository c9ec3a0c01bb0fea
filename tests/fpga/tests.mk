# FPGA backend runner (tests/fpga): driver/fpga/tdrv_fpga.c, the file that runs on the board, against an
# emulated board (fpga_emu.c: fake sysfs and /dev, the register window trapped and forwarded to the
# Verilator model, the u-dma-buf region shared with the model's memory, UIO's interrupt protocol).
TEST_FPGA_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/fpga/*.c)) $(BUILD)/obj/tests/sim/sim_harness.o
$(BUILD)/tests/test_fpga: $(TEST_FPGA_OBJS) $(DRV_SIM_LINK) $(RT_LINK) | $(BUILD)/sim/$(SIM_DEFAULT)/libtsim_model.so
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_FPGA_OBJS) $(DRV_SIM_LINK) $(RT_LINK) $(CHECK_LIBS) $(RT_LDLIBS) $(SIM_LDLIBS)
TEST_BINS += $(BUILD)/tests/test_fpga
