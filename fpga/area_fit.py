"""The FPGA resource model: resources = const + sum of coef x term per target and resource, fitted by
least squares on relative error over the configurations `make fpga-report` synthesized, with terms
that come out negative dropped (a part cannot cost less than nothing). Written to hw/area.toml, which
hw/hwgen.py turns into TRITIUM_AREA_* macros for the sweep tool's area column.

Python standard library only (the fit is a small normal-equation solve).
"""
import os
import sys
import tomllib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hw"))
import hwgen  # noqa: E402

# The cost drivers, over the parameters of hw/tritium.toml (hwgen's expression language).
TERMS = [
    ("pe", "ROWS * COLS", "processing elements: the adder, weight registers and operand logic of each"),
    ("b3_skew", "WFORMATS / 2 * (ROWS * (ROWS - 1) / 2) * 2 * COLS",
     "bits of the base-3 tile's row skew (row r's codes delayed r cycles), when the decoder is built"),
    ("acc", "32 * COLS", "accumulator bits per row: a 32-bit adder and forward register per column"),
    ("bus", "DATA_W", "bus width: DMA data paths, the staging and output beat multiplexers"),
    ("b3", "WFORMATS / 2 * DATA_W", "bus width when the base-3 decoder is built (a byte ROM per bus byte, slots)"),
    ("queues", "(RD_BURSTS + WR_BURSTS) * ADDR_W", "bits of the read tag and write address queues"),
    ("buf_bytes", "ACT_BYTES + WGT_BYTES + 8 * ACC_WORDS",
     "buffer bytes: activation buffer, weight staging, accumulator and output buffer"),
]
LOGIC_TERMS = ["pe", "b3_skew", "acc", "bus", "b3", "queues"]
RAM_TERMS = ["buf_bytes", "acc", "bus"]

# (target, resource, unit, terms)
MODELS = [
    ("xcup", "lut", "LUT", LOGIC_TERMS), ("xcup", "ff", "FF", LOGIC_TERMS), ("xcup", "bram", "BRAM36", RAM_TERMS),
    ("ecp5", "lut", "LUT4", LOGIC_TERMS), ("ecp5", "ff", "FF", LOGIC_TERMS), ("ecp5", "bram", "DP16KD", RAM_TERMS),
    ("ice40", "lc", "LC", LOGIC_TERMS), ("ice40", "ff", "FF", LOGIC_TERMS), ("ice40", "bram", "RAM4K", RAM_TERMS),
]

KV260_ENGINE_LANES = 80     # bitnet-kv260: one engine's ternary lanes
KV260_ENGINE_LUT = 4179     # ... and its published LUTs


def term_values(d, params):
    """The terms at one parameter set (d: the hardware description, hwgen.load())."""
    v = hwgen.full(d, params)
    return {n: float(hwgen.evaluate(e, v, d["_names"])) for n, e, _ in TERMS}


def solve(a, b):
    """Gaussian elimination with partial pivoting; None when singular."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if abs(m[p][c]) < 1e-12:
            return None
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def lsq(rows, ys, terms):
    """Least squares on relative error: each point's equation divided by its own value."""
    cols = ["const"] + terms
    x = [[1.0] + [r[t] for t in terms] for r in rows]
    w = [1.0 / y for y in ys]
    ata = [[sum(w[k] ** 2 * x[k][i] * x[k][j] for k in range(len(ys))) for j in range(len(cols))]
           for i in range(len(cols))]
    aty = [sum(w[k] ** 2 * x[k][i] * ys[k] for k in range(len(ys))) for i in range(len(cols))]
    # a little ridge on the terms keeps a collinear pair solvable without moving a determined fit
    for i in range(1, len(cols)):
        ata[i][i] += 1e-9 * (ata[i][i] or 1.0)
    sol = solve(ata, aty)
    return None if sol is None else dict(zip(cols, sol))


def fit_terms(rows, ys, terms):
    """Drops the most negative term until none is negative (or too few points remain for the rest)."""
    terms = list(terms)
    while True:
        while len(terms) + 1 > len(ys):
            terms.pop()
        c = lsq(rows, ys, terms)
        if c is None:
            terms.pop()
            continue
        neg = [t for t in terms if c[t] < 0]
        if not neg:
            return c
        terms.remove(min(neg, key=lambda t: c[t]))


def predict(c, r):
    return c["const"] + sum(v * r[t] for t, v in c.items() if t != "const")


def fit(report):
    d = hwgen.load()
    tv = {name: term_values(d, e["params"]) for name, e in report.items()}
    out = []
    for target, res, unit, terms in MODELS:
        pts = [(name, tv[name], e[target][res]) for name, e in report.items() if e.get(target, {}).get(res)]
        if len(pts) < 3:
            continue
        rows, ys = [p[1] for p in pts], [float(p[2]) for p in pts]
        c = fit_terms(rows, ys, terms)
        errs = [abs(predict(c, r) - y) / y for r, y in zip(rows, ys)]
        loo = []
        for i in range(len(pts)):
            ci = fit_terms(rows[:i] + rows[i + 1:], ys[:i] + ys[i + 1:], terms)
            loo.append(abs(predict(ci, rows[i]) - ys[i]) / ys[i])
        out.append({"target": target, "resource": res, "unit": unit, "coef": c, "points": len(pts),
                    "mean_err_pct": 100 * sum(errs) / len(errs), "max_err_pct": 100 * max(errs),
                    "loo_mean_err_pct": 100 * sum(loo) / len(loo), "loo_max_err_pct": 100 * max(loo),
                    "worst": pts[max(range(len(pts)), key=lambda i: loo[i])][0]})
    return out


def write_toml(path, model, configs):
    L = ["# The FPGA resource model, fitted by fpga/fpga_report.py (make fpga-report) on the yosys and nextpnr",
         "# results of build/fpga/report.json: resources = const + sum of coef x term. Generated: do not edit.",
         "# hw/hwgen.py turns it into TRITIUM_AREA_<TARGET>_<RESOURCE>(P) macros (build/gen/tritium_area.h).",
         f"configurations = {configs}", ""]
    for n, e, doc in TERMS:
        L += ["[[term]]", f'name = "{n}"', f'expr = "{e}"', f'doc = "{doc}"', ""]
    for m in model:
        coef = ", ".join(f"{k} = {v:.6g}" for k, v in m["coef"].items())
        L += ["[[model]]", f'target = "{m["target"]}"', f'resource = "{m["resource"]}"', f'unit = "{m["unit"]}"',
              f"coef = {{ {coef} }}", f'points = {m["points"]}',
              f'mean_err_pct = {m["mean_err_pct"]:.2f}', f'max_err_pct = {m["max_err_pct"]:.2f}',
              f'loo_mean_err_pct = {m["loo_mean_err_pct"]:.2f}', f'loo_max_err_pct = {m["loo_max_err_pct"]:.2f}',
              f'worst = "{m["worst"]}"', ""]
    with open(path, "w") as f:
        f.write("\n".join(L))


def markdown(model):
    names = ["const"] + [n for n, _, _ in TERMS]
    L = ["| target | resource | " + " | ".join(names) + " | points | error mean / max | leave-one-out mean / max |",
         "|---|---|" + "---|" * len(names) + "---|---|---|"]
    for m in model:
        cells = [("%.4g" % m["coef"][n]) if n in m["coef"] else "" for n in names]
        L.append(f"| {m['target']} | {m['unit']} | " + " | ".join(cells) +
                 f" | {m['points']} | {m['mean_err_pct']:.1f}% / {m['max_err_pct']:.1f}% | "
                 f"{m['loo_mean_err_pct']:.1f}% / {m['loo_max_err_pct']:.1f}% ({m['worst']}) |")
    return "\n".join(L) + "\n"


def lanes_table(model, report):
    """Cost per PE and the array at bitnet-kv260's lane count, from the fitted models."""
    L = ["| target | unit | per PE (pe term) | array of 8 x 8 (pe + acc terms) | per PE, 8 x 8 array | "
         f"array of {KV260_ENGINE_LANES} lanes (8 x 10) | measured: whole design, 64 PEs (r8c8w64) |",
         "|---|---|---|---|---|---|---|"]
    for m in model:
        if m["resource"] not in ("lut", "lc"):
            continue
        c = m["coef"]

        def array(rows, cols):
            return c.get("pe", 0) * rows * cols + c.get("acc", 0) * 32 * cols
        a64, a80 = array(8, 8), array(8, 10)
        meas = report.get("r8c8w64", {}).get(m["target"], {}).get(m["resource"])
        L.append(f"| {m['target']} | {m['unit']} | {c.get('pe', 0):.1f} | {a64:.0f} | {a64 / 64:.1f} | {a80:.0f} | "
                 f"{meas if meas is not None else '-'} |")
    L.append("")
    L.append(f"bitnet-kv260 publishes {KV260_ENGINE_LUT} LUTs for one {KV260_ENGINE_LANES}-lane engine; a tritium "
             "array needs power-of-two rows and columns, so 80 lanes is evaluated as 8 x 10 on the model only.")
    return "\n".join(L) + "\n"


def load_toml(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def predict_named(path):
    """Each named configuration's resources by the model of path: "config target resource value" lines."""
    a = load_toml(path)
    d = hwgen.load()
    terms = {t["name"]: t["expr"] for t in a["term"]}
    out = []
    for c in d["config"]:
        v = hwgen.full(d, c["params"])
        tv = {n: float(hwgen.evaluate(e, v, d["_names"])) for n, e in terms.items()}  # the file's terms, not TERMS
        for m in a["model"]:
            out.append(f"{c['name']} {m['target']} {m['resource']} {predict(m['coef'], tv):.0f}")
    return out


def main(argv):
    """area_fit.py predict AREA.toml | area_fit.py check-docs AREA.toml DOC.md (make test's checks)."""
    if len(argv) == 3 and argv[1] == "predict":
        print("\n".join(predict_named(argv[2])))
        return 0
    if len(argv) == 4 and argv[1] == "check-docs":
        table = markdown(load_toml(argv[2])["model"])
        with open(argv[3]) as f:
            text = f.read()
        want = f"<!-- fpga:model -->\n{table}<!-- /fpga -->"
        if want not in text:
            print(f"{argv[3]}: the model table is not the one {argv[2]} gives (make fpga-report)", file=sys.stderr)
            return 1
        return 0
    print(main.__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
