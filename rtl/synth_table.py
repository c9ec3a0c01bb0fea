#!/usr/bin/env python3
"""Prints the cell counts of `make synth` (yosys `stat -json` files, one per configuration), or with
--b3 those of `make synth-b3` (the base-3 decoder alone, <name>.b3_ice40.json and <name>.b3_xcup.json)."""
import json
import re
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


def only_module(path):
    with open(path) as f:
        mods = json.load(f)["modules"]
    return next(iter(mods.values()))["num_cells_by_type"]


def main_b3(paths):
    bases = []  # build/synth/<name>, once per configuration, in the order given
    for p in paths:
        base = p.split(".b3_")[0]
        if base not in bases:
            bases.append(base)
    print("the base-3 decoder alone (tritium_b3_dec), mapped by yosys")
    print(f"{'configuration':<18} {'weights/cycle':>13} {'iCE40 LUT4':>10} {'carry':>6} {'flops':>6} "
          f"{'xcup LUT':>9} {'MUXF7/8/9':>10} {'flops':>6}")
    for base in bases:
        name = os.path.basename(base)
        ice = only_module(base + ".b3_ice40.json")
        xcu = only_module(base + ".b3_xcup.json")
        lut4 = ice.get("SB_LUT4", 0)
        carry = ice.get("SB_CARRY", 0)
        iff = sum(n for t, n in ice.items() if t.startswith("SB_DFF"))
        lut = sum(n for t, n in xcu.items() if t.startswith("LUT"))
        muxf = sum(n for t, n in xcu.items() if t.startswith("MUXF"))
        xff = sum(n for t, n in xcu.items() if t.startswith("FD"))
        with open(base + ".b3_ice40.log") as f:
            m = re.search(r"-set DATA_W (\d+)", f.read())
        per = str(5 * int(m.group(1)) // 8) if m else "?"
        print(f"{name:<18} {per:>13} {lut4:>10} {carry:>6} {iff:>6} {lut:>9} {muxf:>10} {xff:>6}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--b3"]:
        main_b3(sys.argv[2:])
    else:
        main(sys.argv[1:])
