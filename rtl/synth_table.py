#!/usr/bin/env python3
"""Prints the cell counts of `make synth` (yosys `stat -json` files, one per configuration)."""
import json
import os
import sys


def main(paths):
    print(f"{'configuration':<18} {'cells':>9} {'flops':>8} {'RAMs':>5} {'latches':>8}")
    for path in paths:
        with open(path) as f:
            mod = json.load(f)["modules"]["\\tritium_top"]
        cells = mod["num_cells_by_type"]
        flops = sum(n for t, n in cells.items() if "DFF" in t.upper())
        latches = sum(n for t, n in cells.items() if "LATCH" in t.upper())
        rams = sum(n for t, n in cells.items() if t.startswith("$mem"))
        name = os.path.basename(path)[: -len(".json")]
        print(f"{name:<18} {mod['num_cells']:>9} {flops:>8} {rams:>5} {latches:>8}")
        if latches:
            sys.exit(f"synth: {name} has latches")


if __name__ == "__main__":
    main(sys.argv[1:])
