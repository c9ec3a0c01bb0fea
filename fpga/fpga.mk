# fpga: see ../shared/ARCHITECTURE.md
