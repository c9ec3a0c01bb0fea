# fpga: reserved for the board and place-and-route flows (docs/architecture.md); `make lint` already runs a yosys synthesis of rtl/.
