# tritium on the KV260: no package pins (every signal stays between the PS and the PL); the PL clock
# pl_clk0 is constrained by the PS IP itself. A compressed bitstream loads faster through fpga_manager.
set_property BITSTREAM.GENERAL.COMPRESS TRUE [current_design]
