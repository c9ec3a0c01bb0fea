#!/usr/bin/env python3
"""The FPGA report of `make fpga-report` (fpga/fpga.mk): yosys `stat -json` of every configuration and
target, and nextpnr-ice40's packing (and place and route where it fits), into <out>/<config>.json, one
<out>/report.json with all of them, and <out>/report.md.

  fpga_report.py --out DIR [--fit hw/area.toml [--no-fit CONFIG]...] [--docs docs/fpga.md] CONFIG...

--fit fits the resource model (fpga/area_fit.py) on these configurations and writes it where hw/hwgen.py
reads it; --docs rewrites the tables between "<!-- fpga:NAME -->" and "<!-- /fpga -->" markers.

Resources per target, from the mapped cells:
  xcup  (Xilinx UltraScale+)  LUT = LUT1..LUT6, LUT-RAM and SRL cells, FF = FD*, CARRY = CARRY4/CARRY8 (yosys 0.23 maps CARRY4),
                              BRAM = RAMB36E2 + RAMB18E2 / 2 (36 Kb blocks), URAM = URAM288, DSP = DSP48E2
  ecp5  (Lattice ECP5)        LUT = LUT4 + 2 per CCU2C (carry cells hold two LUTs), FF = TRELLIS_FF,
                              BRAM = DP16KD, DSP = MULT18X18D + ALU54B
  ice40 (Lattice iCE40)       LC = logic cells after nextpnr's packing (LUT, carry and flop share a cell),
                              LUT = SB_LUT4, FF = SB_DFF*, BRAM = SB_RAM40_4K, DSP = SB_MAC16, IO = SB_IO;
                              fmax_mhz from nextpnr where the timing top (fpga/ice40/) fits an hx8k
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import area_fit  # noqa: E402

TARGETS = ("xcup", "ecp5", "ice40")


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
    return {"lut": count(cells, ["SB_LUT4"]), "ff": count(cells, ["SB_DFF"]), "carry": count(cells, ["SB_CARRY"]),
            "bram": count(cells, ["SB_RAM40"]), "dsp": count(cells, ["SB_MAC16"])}


def pnr(path):
    """nextpnr-ice40's verdicts (fpga/ice40/ice40_pnr.sh): "bare", tritium_top packed (its logic cells
    and I/O); "top", the timing top placed and routed where the bare top's logic fits (or None)."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def params_of(out, c):
    """The configuration's parameters, as the make rule recorded them (its chparam pairs)."""
    with open(os.path.join(out, c, "params.txt")) as f:
        return {k: int(v) for k, v in re.findall(r"-set (\w+) (\d+)", f.read())}


def seconds_of(out, c, t):
    p = os.path.join(out, c, t + ".seconds")
    return int(open(p).read().strip()) if os.path.exists(p) else None


def collect(out, configs):
    report = {}
    for c in configs:
        entry = {"params": params_of(out, c)}
        for t in TARGETS:
            p = os.path.join(out, c, t + ".stat.json")
            if os.path.exists(p):
                entry[t] = resources(t, cells_of(p))
                entry[t]["seconds"] = seconds_of(out, c, t)
        pr = pnr(os.path.join(out, c, "ice40.pnr.json"))
        if pr is not None and "ice40" in entry:
            entry["ice40"]["pnr"] = pr
            entry["ice40"]["lc"] = pr["bare"].get("lc")
            entry["ice40"]["io"] = pr["bare"].get("io")
            if pr.get("top") and pr["top"].get("fits"):
                entry["ice40"]["fmax_mhz"] = pr["top"]["fmax_mhz"]
        ap = os.path.join(out, c, "ice40.array.json")
        if os.path.exists(ap) and "ice40" in entry:
            with open(ap) as f:
                entry["ice40"]["array_lc"] = json.load(f)["lc"]
        report[c] = entry
        with open(os.path.join(out, c + ".json"), "w") as f:
            json.dump(entry, f, indent=1)
    return report


def g(d, k, fmt="%g"):
    return (fmt % d[k]) if d.get(k) is not None else "-"


def resource_table(report):
    lines = ["| configuration | PEs | xcup LUT | FF | CARRY4 | BRAM36 | DSP | ECP5 LUT4 | FF | DP16KD | DSP "
             "| iCE40 LC | FF | RAM4K | DSP | iCE40 LC per PE, array alone | iCE40 hx8k |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for c, e in report.items():
        x, p, i = e.get("xcup", {}), e.get("ecp5", {}), e.get("ice40", {})
        pr = i.get("pnr")
        top = pr.get("top") if pr else None
        if top and top.get("fits"):
            where = "fits (timing top: %d LC, %d I/O), **Fmax %.1f MHz**" % (top["lc"], top["io"], top["fmax_mhz"])
        elif top:
            where = "timing top does not fit: " + top.get("why", "")
        elif pr:
            where = "does not fit: " + pr["bare"].get("why", "")
        else:
            where = "-"
        pes = e["params"]["ROWS"] * e["params"]["COLS"]
        per_pe = ("%.1f" % (i["array_lc"] / pes)) if i.get("array_lc") is not None else "-"
        lines.append(f"| {c} | {pes} | {g(x, 'lut')} | {g(x, 'ff')} | {g(x, 'carry')} | {g(x, 'bram')} | "
                     f"{g(x, 'dsp')} | {g(p, 'lut')} | {g(p, 'ff')} | {g(p, 'bram')} | {g(p, 'dsp')} | {g(i, 'lc')} | "
                     f"{g(i, 'ff')} | {g(i, 'bram')} | {g(i, 'dsp')} | {per_pe} | {where} |")
    return "\n".join(lines) + "\n"


def docs(path, tables):
    """Rewrites each "<!-- fpga:NAME -->" ... "<!-- /fpga -->" block with tables[NAME]."""
    with open(path) as f:
        text = f.read()
    seen = set()

    def repl(m):
        name = m.group(1)
        if name not in tables:
            return m.group(0)
        seen.add(name)
        return f"<!-- fpga:{name} -->\n{tables[name]}<!-- /fpga -->"
    text = re.sub(r"<!-- fpga:(\w+) -->\n.*?<!-- /fpga -->", repl, text, flags=re.S)
    missing = set(tables) - seen
    if missing:
        raise SystemExit(f"fpga-report: {path} has no <!-- fpga:NAME --> block for {', '.join(sorted(missing))}")
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--fit", help="write the fitted resource model here (hw/area.toml)")
    ap.add_argument("--docs", help="rewrite the generated tables of this page")
    ap.add_argument("--no-fit", action="append", default=[], metavar="CONFIG",
                    help="report this configuration but leave it out of the resource model's fit")
    ap.add_argument("configs", nargs="+")
    a = ap.parse_args()
    report = collect(a.out, a.configs)
    with open(os.path.join(a.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    tables = {"resources": resource_table(report)}
    if a.fit:
        fitted = {c: e for c, e in report.items() if c not in a.no_fit}
        model = area_fit.fit(fitted)
        area_fit.write_toml(a.fit, model, len(fitted))
        # the table from the file as written, so that make test's check of it compares like with like
        tables["model"] = area_fit.markdown(area_fit.load_toml(a.fit)["model"])
        tables["lanes"] = area_fit.lanes_table(model, report)
    with open(os.path.join(a.out, "report.md"), "w") as f:
        f.write("\n".join(tables.values()))
    print("\n".join(tables.values()))
    if a.docs:
        docs(a.docs, tables)
    print(f"fpga-report: {os.path.join(a.out, 'report.json')}, {os.path.join(a.out, 'report.md')}"
          + (f", {a.fit}" if a.fit else "") + (f", {a.docs}" if a.docs else ""))


if __name__ == "__main__":
    sys.exit(main())
