# RTL cells alone, with their assertions on, against C++ models: the FIFO (and its assertions firing),
# the read DMA's bursts against the AXI rules, the array's wavefront. Each cell is verilated with
# --prefix Vtb_<cell> into $(VL_BUILD)/rtl_tb/<cell>/ (sim/sim.mk) with the parameters below.
RTL_TB_CELLS := fifo rd_dma array
RTL_TB_TOP_fifo    := tritium_fifo
RTL_TB_SRCS_fifo   := rtl/tritium_fifo.sv
RTL_TB_G_fifo      := -GWIDTH=16 -GDEPTH=4
RTL_TB_TOP_rd_dma  := tritium_rd_dma
RTL_TB_SRCS_rd_dma := $(VL_BUILD)/gen/tritium_reg_pkg.sv rtl/tritium_fifo.sv rtl/tritium_win_check.sv rtl/tritium_rd_dma.sv
RTL_TB_G_rd_dma    := -GDATA_W=64 -GADDR_W=32 -GWGT_BEATS=64 -GRD_BURSTS=4
RTL_TB_TOP_array   := tritium_array
RTL_TB_SRCS_array  := rtl/tritium_pe.sv rtl/tritium_delay.sv rtl/tritium_array.sv
RTL_TB_G_array     := -GROWS=4 -GCOLS=8

define RTL_TB_RULES
$(VL_BUILD)/rtl_tb/$(1)/Vtb_$(1)__ALL.a: $(RTL_TB_SRCS_$(1)) $(RTL_VLT) tests/rtl/tests.mk
	@mkdir -p $(VL_BUILD)/rtl_tb/$(1)
	$(VERILATOR) --cc -O3 --assert +define+TRITIUM_ASSERTIONS -Wno-fatal --top-module $(RTL_TB_TOP_$(1)) --prefix Vtb_$(1) -Mdir $(VL_BUILD)/rtl_tb/$(1) \
	  $(VL_RTL_VFLAGS) $(RTL_TB_G_$(1)) $(RTL_VLT) $(RTL_TB_SRCS_$(1))
	$$(MAKE) --no-print-directory -s -C $(VL_BUILD)/rtl_tb/$(1) -f Vtb_$(1).mk OPT_FAST=-O1 Vtb_$(1)__ALL.a \
	  $(if $(filter fifo,$(1)),verilated.o verilated_threads.o)
$(BUILD)/obj/tests/rtl/test_$(1).o: | $(VL_BUILD)/rtl_tb/$(1)/Vtb_$(1)__ALL.a
endef
$(VL_BUILD)/rtl_tb/fifo/verilated.o $(VL_BUILD)/rtl_tb/fifo/verilated_threads.o: $(VL_BUILD)/rtl_tb/fifo/Vtb_fifo__ALL.a
	@true
$(foreach c,$(RTL_TB_CELLS),$(eval $(call RTL_TB_RULES,$(c))))

RTL_TB_LIBS := $(foreach c,$(RTL_TB_CELLS),$(VL_BUILD)/rtl_tb/$(c)/Vtb_$(c)__ALL.a) \
               $(VL_BUILD)/rtl_tb/fifo/verilated.o $(VL_BUILD)/rtl_tb/fifo/verilated_threads.o
TEST_RTL_OBJS := $(patsubst %.cpp,$(BUILD)/obj/%.o,$(wildcard tests/rtl/*.cpp))
$(BUILD)/obj/tests/rtl/%.o: CXXFLAGS += $(CHECK_CFLAGS) -isystem $(VERILATOR_ROOT_INC) -isystem $(VERILATOR_ROOT_INC)/vltstd \
                                        $(foreach c,$(RTL_TB_CELLS),-I$(VL_BUILD)/rtl_tb/$(c))
$(BUILD)/obj/tests/rtl/main.o: | $(RTL_TB_LIBS)
$(BUILD)/tests/test_rtl: $(TEST_RTL_OBJS) $(RTL_TB_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(TEST_RTL_OBJS) $(RTL_TB_LIBS) $(CHECK_LIBS) -lstdc++ -lm -pthread -latomic
TEST_BINS += $(BUILD)/tests/test_rtl
