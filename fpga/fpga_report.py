#!/usr/bin/env python3
"""The FPGA report of `make fpga-report` (fpga/fpga.mk): yosys `stat -json` of every configuration and
target, and nextpnr-ice40's report where place and route ran, into <out>/<config>.json, one
<out>/report.json with all of them, and <out>/report.md (the table docs/fpga.md shows).

Resources per target, from the mapped cells:
  xcup  (Xilinx UltraScale+)  LUT = LUT1..LUT6 and LUT-RAM cells, FF = FD*, CARRY = CARRY8,
                              BRAM = RAMB36E2 + RAMB18E2 / 2 (36 Kb blocks), URAM = URAM288, DSP = DSP48E2
  ecp5  (Lattice ECP5)        LUT = LUT4 + 2 per CCU2C (carry cells hold two LUTs), FF = TRELLIS_FF,
                              BRAM = DP16KD, DSP = MULT18X18D + ALU54B
  ice40 (Lattice iCE40)       LC = SB_LUT4 (carries share their LUTs' cells), FF = SB_DFF*,
                              BRAM = SB_RAM40_4K, DSP = SB_MAC16; fmax_mhz from nextpnr where it fits an hx8k
"""
import argparse
import json
import os
import sys



def cells_of(path):
    with open(path) as f:
        mods = json.load(f)["modules"]
    top = mods.get("\\tritium_top") or next(iter(mods.values()))
    return top["num_cells_by_type"]


def count(cells, prefixes):
    return sum(n for t, n in cells.items() if any(t.startswith(p) for p in prefixes))


def resources(target, cells):
    if target == "xcup":
        return {"lut": count(cells, ["LUT", "RAM16", "RAM32", "RAM64", "RAM128", "RAM256", "SRL"]),
                "ff": count(cells, ["FD"]), "carry": count(cells, ["CARRY"]),
                "bram": count(cells, ["RAMB36"]) + count(cells, ["RAMB18"]) / 2,
                "uram": count(cells, ["URAM"]), "dsp": count(cells, ["DSP"])}
    if target == "ecp5":
        return {"lut": count(cells, ["LUT4"]) + 2 * count(cells, ["CCU2"]), "ff": count(cells, ["TRELLIS_FF"]),
                "carry": count(cells, ["CCU2"]), "bram": count(cells, ["DP16KD", "PDPW16KD"]),
                "dsp": count(cells, ["MULT18X18", "ALU54"])}
    return {"lc": count(cells, ["SB_LUT4"]), "ff": count(cells, ["SB_DFF"]), "carry": count(cells, ["SB_CARRY"]),
            "bram": count(cells, ["SB_RAM40"]), "dsp": count(cells, ["SB_MAC16"])}


def pnr(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        r = json.load(f)
    if r.get("fits") is False:
        return {"fits": False, "why": r.get("why", "")}
    fmax = min((v.get("achieved", 0) for v in r.get("fmax", {}).values()), default=None)
    util = {k: v for k, v in r.get("utilization", {}).items()}
    return {"fits": True, "part": "hx8k", "fmax_mhz": fmax, "utilization": util}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("configs", nargs="+")
    a = ap.parse_args()
    report = {}
    for c in a.configs:
        entry = {}
        for t in ("xcup", "ecp5", "ice40"):
            p = os.path.join(a.out, c, t + ".stat.json")
            if os.path.exists(p):
                entry[t] = resources(t, cells_of(p))
        pr = pnr(os.path.join(a.out, c, "ice40.pnr.json"))
        if pr is not None and "ice40" in entry:
            entry["ice40"]["pnr"] = pr
            if pr.get("fits"):
                entry["ice40"]["fmax_mhz"] = pr["fmax_mhz"]
        report[c] = entry
        with open(os.path.join(a.out, c + ".json"), "w") as f:
            json.dump(entry, f, indent=1)
    with open(os.path.join(a.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    lines = ["| configuration | xcup LUT | FF | CARRY8 | BRAM36 | URAM | DSP | ECP5 LUT4 | FF | DP16KD | DSP "
             "| iCE40 LC | FF | RAM4K | DSP | iCE40 hx8k place and route |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for c, e in report.items():
        x, p, i = e.get("xcup", {}), e.get("ecp5", {}), e.get("ice40", {})
        pr = i.get("pnr")
        where = ("fits, Fmax %.1f MHz" % pr["fmax_mhz"]) if pr and pr.get("fits") else \
                ("does not fit" + (": " + pr["why"] if pr and pr.get("why") else "")) if pr else "-"
        g = lambda d, k: ("%g" % d[k]) if k in d else "-"
        lines.append(f"| {c} | {g(x, 'lut')} | {g(x, 'ff')} | {g(x, 'carry')} | {g(x, 'bram')} | {g(x, 'uram')} | "
                     f"{g(x, 'dsp')} | {g(p, 'lut')} | {g(p, 'ff')} | {g(p, 'bram')} | {g(p, 'dsp')} | {g(i, 'lc')} | "
                     f"{g(i, 'ff')} | {g(i, 'bram')} | {g(i, 'dsp')} | {where} |")
    with open(os.path.join(a.out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"fpga-report: {os.path.join(a.out, 'report.json')}, {os.path.join(a.out, 'report.md')}")


if __name__ == "__main__":
    sys.exit(main())
