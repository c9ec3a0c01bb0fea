# tritium on the Kria KV260: the Vivado batch flow (docs/fpga.md). Written against Vivado's documented
# Tcl commands (UG835) and IP integrator rules (UG994); not run here (no Vivado on the build machine).
#   make fpga-kv260                      (prepares build/kv260/: parameters, source list, lint)
#   vivado -mode batch -source fpga/kv260/build.tcl -tclargs build/kv260
# Output in that folder: vivado/ (the project), tritium.bit, tritium.bit.bin (when bootgen is on the
# PATH), tritium.xsa, utilization.rpt, utilization_hier.rpt, timing.rpt.
set here [file dirname [file normalize [info script]]]
if {[llength $argv] < 1} { error "usage: vivado -mode batch -source build.tcl -tclargs <build/kv260 folder>" }
set out [file normalize [lindex $argv 0]]
if {![file exists $out/sources.tcl]} { error "$out/sources.tcl is missing: run make fpga-kv260 first" }
source $out/sources.tcl

# the clock of the programmable logic (pl_clk0) and of both AXI ports
set pl_mhz 200
# the bus width of the configuration (the S_AXI_HP0_FPD port is set to it)
set fp [open $out/tritium_kv260_params.vh r]
set params [read $fp]
close $fp
if {![regexp {`define TK_DATA_W ([0-9]+)} $params -> data_w]} { error "no TK_DATA_W in tritium_kv260_params.vh" }

create_project -force tritium_kv260 $out/vivado -part xck26-sfvc784-2LV-c
set boards [get_board_parts -quiet -latest_file_version {*kv260_som*}]
if {[llength $boards] == 0} {
  error "no KV260 board files in this Vivado (install them: Tools > Vivado Store > Boards > Kria KV260)"
}
set_property board_part [lindex $boards 0] [current_project]

add_files -norecurse $tritium_sv
add_files -norecurse $tritium_wrapper
set_property include_dirs $tritium_inc [current_fileset]
add_files -fileset constrs_1 -norecurse $here/kv260.xdc

# ---- block design: PS, the accelerator, two interconnects, the interrupt ----
create_bd_design system
create_bd_cell -type ip -vlnv xilinx.com:ip:zynq_ultra_ps_e ps
apply_bd_automation -rule xilinx.com:bd_rule:zynq_ultra_ps_e -config {apply_board_preset "1"} [get_bd_cells ps]
set_property -dict [list \
  CONFIG.PSU__FPGA_PL0_ENABLE {1} \
  CONFIG.PSU__CRL_APB__PL0_REF_CTRL__FREQMHZ $pl_mhz \
  CONFIG.PSU__USE__M_AXI_GP0 {1} \
  CONFIG.PSU__USE__M_AXI_GP1 {0} \
  CONFIG.PSU__USE__M_AXI_GP2 {0} \
  CONFIG.PSU__USE__S_AXI_GP2 {1} \
  CONFIG.PSU__SAXIGP2__DATA_WIDTH $data_w \
  CONFIG.PSU__USE__IRQ0 {1} \
] [get_bd_cells ps]

create_bd_cell -type module -reference tritium_kv260 tritium

# registers: M_AXI_HPM0_FPD -> SmartConnect -> tritium/s_axi; DMA: tritium/m_axi -> S_AXI_HP0_FPD.
# The automation adds the interconnects, the processor reset and the clock connections (pl_clk0).
apply_bd_automation -rule xilinx.com:bd_rule:axi4 -config [list \
  Clk_master {/ps/pl_clk0} Clk_slave {/ps/pl_clk0} Clk_xbar {/ps/pl_clk0} \
  Master {/ps/M_AXI_HPM0_FPD} Slave {/tritium/s_axi} ddr_seg {Auto} intc_ip {New AXI SmartConnect} \
  master_apm {0}] [get_bd_intf_pins tritium/s_axi]
apply_bd_automation -rule xilinx.com:bd_rule:axi4 -config [list \
  Clk_master {/ps/pl_clk0} Clk_slave {/ps/pl_clk0} Clk_xbar {/ps/pl_clk0} \
  Master {/tritium/m_axi} Slave {/ps/S_AXI_HP0_FPD} ddr_seg {Auto} intc_ip {New AXI SmartConnect} \
  master_apm {0}] [get_bd_intf_pins ps/S_AXI_HP0_FPD]
connect_bd_net [get_bd_pins tritium/irq] [get_bd_pins ps/pl_ps_irq0]

# the register file at 0xA000_0000 (the device-tree overlay's reg); the DMA master sees all of DDR
assign_bd_address
set regseg [get_bd_addr_segs -of_objects [get_bd_addr_spaces ps/Data] -filter {NAME =~ "*tritium*"}]
set_property offset 0xA0000000 $regseg
set_property range 4K $regseg

validate_bd_design
save_bd_design
set wrapper [make_wrapper -files [get_files system.bd] -top]
add_files -norecurse $wrapper
set_property top system_wrapper [current_fileset]
update_compile_order -fileset sources_1

# ---- synthesis, implementation, bitstream, reports ----
launch_runs synth_1 -jobs 4
wait_on_run synth_1
if {[get_property PROGRESS [get_runs synth_1]] != "100%"} { error "synthesis failed: see $out/vivado" }
launch_runs impl_1 -to_step write_bitstream -jobs 4
wait_on_run impl_1
if {[get_property PROGRESS [get_runs impl_1]] != "100%"} { error "implementation failed: see $out/vivado" }

open_run impl_1
report_utilization -file $out/utilization.rpt
report_utilization -hierarchical -file $out/utilization_hier.rpt
report_timing_summary -file $out/timing.rpt
file copy -force [file join [get_property DIRECTORY [get_runs impl_1]] system_wrapper.bit] $out/tritium.bit
write_hw_platform -fixed -include_bit -force -file $out/tritium.xsa

# the .bit.bin the Kria's xmutil / fpgautil load (bootgen ships with Vivado and Vitis)
if {[auto_execok bootgen] ne ""} {
  set fp [open $out/tritium.bif w]
  puts $fp "all: { $out/tritium.bit }"
  close $fp
  exec bootgen -arch zynqmp -image $out/tritium.bif -process_bitstream bin -w on
}
puts "tritium_kv260: $out/tritium.bit, $out/tritium.xsa, reports in $out"
