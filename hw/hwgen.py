#!/usr/bin/env python3
"""hwgen: compiles hw/tritium.toml (the hardware description) into what every layer reads.

  hwgen.py gen OUTDIR               the SV package, the CSR configuration decode, the elaboration
                                    checks, the C header (X-macro tables), the make fragment
  hwgen.py area FILE.h               the FPGA resource model of hw/area.toml as C macros (tritium_area.h)
  hwgen.py docs FILE.md [--check]   rewrites (or, with --check, compares) the tables between
                                    "<!-- hwgen:NAME -->" and "<!-- /hwgen -->" markers
  hwgen.py check [--file F.toml | NAME=V,...]  validates a parameter set against the ranges and rules; prints
                                    the full set and its derived quantities, or the broken rules
  hwgen.py examples                 one line per rule: name|Verilator -G flags|yosys chparam -set
                                    pairs of its breaking example (for the tests)

Python standard library only. The description is validated before anything is written: every rule's
`bad` example breaks that rule before any other, every named configuration passes every rule.
"""
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
DESC = os.path.join(HERE, "tritium.toml")
AREA = os.path.join(HERE, "area.toml")  # the fitted FPGA resource model (make fpga-report), if any


class DescError(Exception):
    pass


# ---------------------------------------------------------------- expressions
TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(&&|\|\||==|!=|<=|>=|[-+*/%()<>!,]))")


def tokens(expr):
    out, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise DescError(f"cannot read expression at '{expr[pos:]}' in '{expr}'")
        pos = m.end()
        num, ident, op = m.groups()
        out.append(("num", num) if num else ("id", ident) if ident else ("op", op))
    return out


def translate(expr, lang, names, field_of=None):
    """The expression in SV, C or Python. names: parameter names allowed as identifiers."""
    out = []
    for kind, v in tokens(expr):
        if kind == "num":
            out.append(v)
        elif kind == "id":
            if v == "pow2":
                out.append({"sv": "tritium_pow2", "c": "TRITIUM_POW2", "py": "pow2"}[lang])
            elif v == "clog2":
                out.append({"sv": "$clog2", "c": "TRITIUM_CLOG2", "py": "clog2"}[lang])
            elif v in names:
                out.append(f"P({field_of[v]})" if lang == "c" else v)
            else:
                raise DescError(f"unknown name '{v}' in '{expr}'")
        else:
            if lang == "py":
                v = {"&&": " and ", "||": " or ", "!": " not ", "/": "//"}.get(v, v)
            out.append(v)
    s = " ".join(out) if lang != "py" else "".join(f" {t} " if t.strip() in ("and", "or", "not") else t for t in out)
    s = s.replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    return re.sub(r"(tritium_pow2|TRITIUM_POW2|\$clog2|TRITIUM_CLOG2|pow2|clog2) \(", r"\1(", s)


def pow2(x):
    return x > 0 and (x & (x - 1)) == 0


def clog2(x):
    return max(0, (x - 1).bit_length())


def evaluate(expr, values, names):
    code = translate(expr, "py", names)
    return eval(code, {"__builtins__": {}, "pow2": pow2, "clog2": clog2}, dict(values))


# ---------------------------------------------------------------- the description
def load(path=DESC):
    with open(path, "rb") as f:
        d = tomllib.load(f)
    params = d["param"]
    names = [p["name"] for p in params]
    field_of = {p["name"]: p["field"] for p in params}
    d["_names"], d["_field_of"] = names, field_of
    d["_defaults"] = {p["name"]: p["default"] for p in params}
    for r in d["rule"]:
        r["_sv"] = translate(r["expr"], "sv", names)
        r["_c"] = translate(r["expr"], "c", names, field_of)
    for x in d["derived"]:
        x["_sv"] = translate(x["expr"], "sv", names)
        x["_c"] = translate(x["expr"], "c", names, field_of)
    validate(d)
    return d


def broken(d, values):
    """Names of the ranges and rules the parameter set breaks, with a sentence each."""
    out = []
    for p in d["param"]:
        v = values[p["name"]]
        if not (p["min"] <= v <= p["max"]):
            out.append((f"{p['name'].lower()}_range", f"{p['name']} = {v} is outside {p['min']}..{p['max']}"))
    for r in d["rule"]:
        if not evaluate(r["expr"], values, d["_names"]):
            out.append((r["name"], f"{r['expr']} does not hold: {r['why']}"))
    return out


def full(d, overrides):
    values = dict(d["_defaults"])
    for k, v in overrides.items():
        if k not in values:
            raise DescError(f"unknown parameter '{k}' (parameters: {', '.join(d['_names'])})")
        values[k] = int(v)
    return values


def validate(d):
    seen = set()
    for p in d["param"]:
        if not (p["min"] <= p["default"] <= p["max"]):
            raise DescError(f"parameter {p['name']}: default {p['default']} outside {p['min']}..{p['max']}")
    bad_defaults = broken(d, d["_defaults"])
    if bad_defaults:
        raise DescError(f"the default parameters break: {bad_defaults}")
    for r in d["rule"]:
        if r["name"] in seen:
            raise DescError(f"rule {r['name']} twice")
        seen.add(r["name"])
        b = broken(d, full(d, r["bad"]))
        # The driver reports the first broken check (ranges, then rules in order): it must be this one.
        if not b or b[0][0] != r["name"]:
            raise DescError(f"rule {r['name']}: its bad example {r['bad']} breaks {[n for n, _ in b]}, "
                            f"not this rule first")
    offsets = {}
    for reg in d["reg"]:
        if reg["offset"] % 4 or reg["offset"] >= d["device"]["reg_bytes"] or reg["offset"] in offsets:
            raise DescError(f"register {reg['name']}: offset {reg['offset']:#x} misaligned, out of the window or taken")
        offsets[reg["offset"]] = reg["name"]
    perf_end = d["perf"]["base"] + 8 * len(d["perf"]["counter"])
    for off, name in offsets.items():
        if d["perf"]["base"] <= off < perf_end:
            raise DescError(f"register {name} overlaps the performance counters")
    codes = [e["code"] for e in d["error"]]
    if len(set(codes)) != len(codes) or d["error"][0]["name"] != "NONE" or codes[0] != 0:
        raise DescError("error codes must be unique, NONE = 0 first")
    cnames = set()
    for c in d["config"]:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", c["name"]) or c["name"] in cnames:
            raise DescError(f"configuration name '{c['name']}' must be a unique lower-case identifier")
        cnames.add(c["name"])
        b = broken(d, full(d, c["params"]))
        if b:
            raise DescError(f"configuration {c['name']} breaks {b}")


# ---------------------------------------------------------------- SystemVerilog
def hexw(v, w):
    return f"{w}'h{v:0{(w + 3) // 4}X}"


def gen_sv_pkg(d):
    dev = d["device"]
    L = ["// Generated by hw/hwgen.py from hw/tritium.toml: do not edit.",
         "// The register map, error codes and identity of tritium_top (docs/hardware.md).",
         "package tritium_reg_pkg;", ""]
    ver = dev["version_major"] << 16 | dev["version_minor"]
    L.append(f"  localparam logic [31:0] ID_VALUE      = {hexw(dev['id'], 32)};")
    L.append(f"  localparam logic [31:0] VERSION_VALUE = {hexw(ver, 32)};  // major << 16 | minor")
    L.append("")
    for r in d["reg"]:
        L.append(f"  localparam logic [11:0] REG_{r['name']:<14} = {hexw(r['offset'], 12)};  // {r['doc']}")
        for f in r.get("fields", []):
            L.append(f"  localparam logic [31:0] {r['name']}_{f['name']:<12} = {hexw(1 << f['bit'], 32)};  // {f['doc']}")
    L.append("")
    pf = d["perf"]
    L.append(f"  localparam int NPERF = {len(pf['counter'])};  // 64-bit counters from REG_PERF_BASE, 8 bytes apart")
    L.append(f"  localparam logic [11:0] REG_PERF_BASE = {hexw(pf['base'], 12)};")
    for i, c in enumerate(pf["counter"]):
        L.append(f"  localparam int PERF_{c['name']:<12} = {i};  // {c['doc']}")
        L.append(f"  localparam logic [11:0] REG_PERF_{c['name']:<12} = {hexw(pf['base'] + 8 * i, 12)};")
    L.append("")
    for e in d["error"]:
        L.append(f"  localparam logic [31:0] ERR_{e['name']:<14} = {hexw(e['code'], 32)};  // {e['msg']}")
    L.append("")
    lim = d["limits"]
    L.append(f"  localparam int CMD_M_BITS = {lim['m_bits']};  // CMD_M beyond this many bits: ERR_CMD_TOO_LARGE")
    L.append(f"  localparam int CMD_N_BITS = {lim['n_bits']};")
    L.append("")
    L.append("  // 1 for the offsets the AXI4-Lite slave accepts writes to (access rw, wo or w1c); others answer SLVERR.")
    L.append("  function automatic logic reg_writable(input logic [11:0] a);")
    L.append("    case (a)")
    wr = [r for r in d["reg"] if r["access"] in ("rw", "wo", "w1c")]
    L.append("      " + ", ".join(f"REG_{r['name']}" for r in wr) + ": reg_writable = 1'b1;")
    L.append("      default: reg_writable = 1'b0;")
    L.append("    endcase")
    L.append("  endfunction")
    L.append("")
    L.append("  // A base-3 weight byte (CMD_FLAGS_WFMT_BASE3) as five 2-bit codes: bits 2i+1..2i the code")
    L.append("  // (bit 0 nonzero, bit 1 negate) of digit i of b, digit = weight + 1. Bytes above 242 (no five")
    L.append("  // digits make them: ERR_WEIGHT_CODE) give zeros. A case per value: a ROM for synthesis.")
    L.append("  function automatic logic [9:0] b3_codes(input logic [7:0] b);")
    L.append("    case (b)")
    for v in range(243):
        e, x = 0, v
        for i in range(5):
            e |= (3, 0, 1)[x % 3] << (2 * i)
            x //= 3
        L.append(f"      8'd{v}: b3_codes = 10'h{e:03x};")
    L.append("      default: b3_codes = 10'h000;")
    L.append("    endcase")
    L.append("  endfunction")
    L.append("")
    L.append("  // 1 when x is a power of two (the rules' pow2).")
    L.append("  function automatic bit tritium_pow2(input int x);")
    L.append("    tritium_pow2 = x > 0 && (x & (x - 1)) == 0;")
    L.append("  endfunction")
    L.append("")
    L.append("endpackage")
    return "\n".join(L) + "\n"


def gen_sv_csr_cfg(d):
    L = ["// Generated by hw/hwgen.py from hw/tritium.toml: do not edit.",
         "// Case items of tritium_csr's read decode: the read-only registers that report the parameters."]
    for r in d["reg"]:
        if "value" in r:
            v = r["value"]
            expr = f"tritium_reg_pkg::{v}" if v in ("ID_VALUE", "VERSION_VALUE") else \
                f"32'({translate(v, 'sv', d['_names'])})"
            L.append(f"tritium_reg_pkg::REG_{r['name']}: rd_val = {expr};")
    return "\n".join(L) + "\n"


def gen_sv_check(d):
    L = ["// Generated by hw/hwgen.py from hw/tritium.toml: do not edit.",
         "// Included in tritium_top: an illegal parameter set stops elaboration with the rule's name",
         "// (Verilator: %Error-USERERROR with -Werror-USERERROR; yosys: ERROR)."]
    for p in d["param"]:
        n = p["name"]
        L.append(f"if ({n} < {p['min']} || {n} > {p['max']}) begin : g_rule_{n.lower()}_range")
        L.append(f"  $error(\"tritium_top: rule {n.lower()}_range broken: {n} must be {p['min']}..{p['max']} ({p['doc'].replace('%', '%%')})\");")
        L.append("end")
    for r in d["rule"]:
        # % starts a format code in $error's string
        why = r["why"].replace('"', "'").replace("%", "%%")
        text = r["expr"].replace("%", "%%")
        L.append(f"if (!({r['_sv'].replace('tritium_pow2', 'tritium_reg_pkg::tritium_pow2')})) begin : g_rule_{r['name']}")
        L.append(f"  $error(\"tritium_top: rule {r['name']} broken: {text} ({why})\");")
        L.append("end")
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------- C
def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def gen_c(d):
    dev = d["device"]
    ver = dev["version_major"] << 16 | dev["version_minor"]
    L = ["/* Generated by hw/hwgen.py from hw/tritium.toml: do not edit. */",
         "#ifndef TRITIUM_REGS_H", "#define TRITIUM_REGS_H", "",
         "#include <stddef.h>", "#include <stdint.h>", "#include <stdio.h>", "",
         f"#define TRITIUM_ID_VALUE 0x{dev['id']:08X}U /* ASCII \"TRIT\" */",
         f"#define TRITIUM_VERSION_VALUE 0x{ver:08X}U /* major << 16 | minor */",
         f"#define TRITIUM_VERSION_MAJOR {dev['version_major']}U",
         f"#define TRITIUM_REG_BYTES 0x{dev['reg_bytes']:X}U", ""]
    for r in d["reg"]:
        L.append(f"#define TRITIUM_REG_{r['name']:<16} 0x{r['offset']:03X}U /* {r['doc']} */")
        for f in r.get("fields", []):
            L.append(f"#define TRITIUM_{r['name']}_{f['name']:<12} 0x{1 << f['bit']:08X}U /* {f['doc']} */")
    pf = d["perf"]
    L += ["", f"#define TRITIUM_PERF_BASE 0x{pf['base']:03X}U", f"#define TRITIUM_NPERF {len(pf['counter'])}U"]
    for i, c in enumerate(pf["counter"]):
        L.append(f"#define TRITIUM_REG_PERF_{c['name']:<12} 0x{pf['base'] + 8 * i:03X}U /* {c['doc']} */")
    L.append("")
    for e in d["error"]:
        L.append(f"#define TRITIUM_ERR_{e['name']:<14} 0x{e['code']:08X}U")
    lim = d["limits"]
    L += ["", f"#define TRITIUM_CMD_M_BITS {lim['m_bits']}U", f"#define TRITIUM_CMD_N_BITS {lim['n_bits']}U", ""]

    L.append("/* X(NAME, offset, access, reset, doc) for every register (reset: the value after reset of the")
    L.append(" * registers that do not report a parameter). */")
    L.append("#define TRITIUM_REGS(X) \\")
    for r in d["reg"]:
        L.append(f"    X({r['name']}, 0x{r['offset']:03X}U, {cstr(r['access'])}, 0x{r.get('reset', 0):X}U, {cstr(r['doc'])}) \\")
    L.append("")
    L.append("/* X(field, REG_NAME) for the read-only registers that report the configuration, in offset order:")
    L.append(" * each is a uint32_t member of the driver's configuration. */")
    L.append("#define TRITIUM_CFG_FIELDS(X) \\")
    for r in d["reg"]:
        if "value" in r and r["name"].startswith("CFG_"):
            field = r.get("field") or d["_field_of"][r["value"]]
            L.append(f"    X({field}, {r['name']}) \\")
    L.append("")
    L.append("/* X(field, expr): CFG_* registers that report a quantity derived from the parameters, with its")
    L.append(" * expression over P() (a device must report exactly that). */")
    L.append("#define TRITIUM_CFG_DERIVED(X) \\")
    for r in d["reg"]:
        if "value" in r and r["name"].startswith("CFG_") and r["value"] not in d["_names"]:
            L.append(f"    X({r['field']}, ({translate(r['value'], 'c', d['_names'], d['_field_of'])})) \\")
    L.append("")
    L.append("/* X(field, NAME, doc): the 64-bit performance counters in register order. */")
    L.append("#define TRITIUM_PERF_COUNTERS(X) \\")
    for c in pf["counter"]:
        L.append(f"    X({c['field']}, {c['name']}, {cstr(c['doc'])}) \\")
    L.append("")
    L.append("/* X(NAME, code, message): the device error codes (ERR_CODE). */")
    L.append("#define TRITIUM_ERRORS(X) \\")
    for e in d["error"]:
        L.append(f"    X({e['name']}, {e['code']}U, {cstr(e['msg'])}) \\")
    L.append("")
    for p in d["param"]:
        L.append(f"#define TRITIUM_PARAM_{p['name']}_DEFAULT {p['default']}U")
        L.append(f"#define TRITIUM_PARAM_{p['name']}_MIN {p['min']}U")
        L.append(f"#define TRITIUM_PARAM_{p['name']}_MAX {p['max']}U")
    L.append("")
    L.append("/* X(field, tag): each parameter's short name in configuration keys. */")
    L.append("#define TRITIUM_PARAM_TAGS(X) \\")
    for p in d["param"]:
        L.append(f"    X({p['field']}, {p['tag']}) \\")
    L.append("")
    L.append("/* X(field, NAME, min, max, doc): the parameters of tritium_top. */")
    L.append("#define TRITIUM_PARAMS(X) \\")
    for p in d["param"]:
        L.append(f"    X({p['field']}, {p['name']}, {p['min']}U, {p['max']}U, {cstr(p['doc'])}) \\")
    L.append("")
    L.append("/* X(alias, field): other names a parameter list may use (besides NAME and field). */")
    L.append("#define TRITIUM_PARAM_ALIASES(X) \\")
    for p in d["param"]:
        if "alias" in p:
            L.append(f"    X({p['alias']}, {p['field']}) \\")
    L.append("")
    L += ["/* The rules' helpers (arguments are unsigned). */",
          "#define TRITIUM_POW2(x) ((x) != 0u && ((x) & ((x) - 1u)) == 0u)",
          "static inline unsigned TRITIUM_CLOG2(unsigned long long x)",
          "{", "    unsigned n = 0;", "    while ((1ull << n) < x)", "        n++;", "    return n;", "}", ""]
    L.append("/* X(name, <every parameter>): for each rule, a parameter set that breaks it (tests). */")
    L.append("#define TRITIUM_RULE_EXAMPLES(X) \\")
    for r in d["rule"]:
        v = full(d, r["bad"])
        L.append(f"    X({r['name']}, " + ", ".join(f"{v[n]}U" for n in d["_names"]) + ") \\")
    L.append("")
    L.append("/* One full parameter set of tritium_top. */")
    L.append("typedef struct {")
    for p in d["param"]:
        L.append(f"    uint32_t {p['field']}; /* {p['name']}: {p['doc']} */")
    L.append("} tritium_params;")
    L.append("")
    L += ["/* The first range or rule of the description that p breaks: its name, with a sentence in why",
          " * (why may be NULL); NULL when p is a legal configuration. */",
          "static inline const char *tritium_params_check(const tritium_params *p, char *why, size_t len)",
          "{",
          "#define P(f) ((unsigned long long)p->f)"]
    for p in d["param"]:
        L += [f"    if (P({p['field']}) < {p['min']}u || P({p['field']}) > {p['max']}u) {{",
              f"        if (why && len)",
              f"            snprintf(why, len, \"{p['name']} = %llu is outside {p['min']}..{p['max']} (%s)\", P({p['field']}), {cstr(p['doc'])});",
              f"        return \"{p['name'].lower()}_range\";",
              "    }"]
    for r in d["rule"]:
        L += [f"    if (!({r['_c']})) {{",
              f"        if (why && len)",
              f"            snprintf(why, len, \"rule {r['name']}: %s does not hold (%s)\", {cstr(r['expr'])}, {cstr(r['why'])});",
              f"        return \"{r['name']}\";",
              "    }"]
    L += ["#undef P", "    return (const char *)0;", "}", ""]
    L.append("/* Each derived quantity as a macro over a parameter accessor: TRITIUM_D_NAME(P) with P(field). */")
    for x in d["derived"]:
        L.append(f"#define TRITIUM_D_{x['name']}(P) ({translate(x['expr'], 'c', d['_names'], d['_field_of'])})")
    L.append("")
    L.append("/* X(NAME, expr, doc): derived quantities, over P() as the rules. */")
    L.append("#define TRITIUM_DERIVED(X) \\")
    for x in d["derived"]:
        L.append(f"    X({x['name']}, ({x['_c']}), {cstr(x['doc'])}) \\")
    L.append("")
    L.append("/* X(name, doc, rows, cols, data_w, addr_w, act_bytes, wgt_bytes, acc_words, rd_bursts, wr_bursts):")
    L.append(" * the named configurations, every parameter given, in the parameters' order; the first is the default. */")
    L.append("#define TRITIUM_CONFIGS(X) \\")
    for c in d["config"]:
        v = full(d, c["params"])
        L.append(f"    X({c['name']}, {cstr(c['doc'])}, " + ", ".join(f"{v[n]}U" for n in d["_names"]) + ") \\")
    L += ["", "#endif", ""]
    return "\n".join(L)


def gen_c_area(d):
    """tritium_area.h: the FPGA resource model of hw/area.toml (written by make fpga-report) as macros
    over P(), apart from tritium_regs.h so that a new fit rebuilds only what uses it."""
    L = ["/* Generated by hw/hwgen.py from hw/area.toml: do not edit. */", "#ifndef TRITIUM_AREA_H",
         "#define TRITIUM_AREA_H", ""]
    if not os.path.exists(AREA):
        L += ["/* No FPGA resource model (hw/area.toml): make fpga-report fits one. */", "#define TRITIUM_AREA_HAVE 0"]
        return "\n".join(L + ["", "#endif", ""])
    with open(AREA, "rb") as f:
        a = tomllib.load(f)
    expr = {t["name"]: translate(t["expr"], "c", d["_names"], d["_field_of"]) for t in a["term"]}
    L += ["/* The FPGA resource model (hw/area.toml, fitted by make fpga-report on "
         f"{a['configurations']} configurations):",
         " * TRITIUM_AREA_<TARGET>_<RESOURCE>(P) over P(field), and its leave-one-out error in percent. */",
         "#define TRITIUM_AREA_HAVE 1"]
    for m in a["model"]:
        name = f"TRITIUM_AREA_{m['target'].upper()}_{m['resource'].upper()}"
        parts = [f"{m['coef']['const']!r}"] + [f"{v!r} * (double)({expr[k]})" for k, v in m["coef"].items()
                                                 if k != "const"]
        L.append(f"#define {name}(P) ({' + '.join(parts)})")
        L.append(f"#define {name}_LOO_MAX_ERR_PCT {m['loo_max_err_pct']!r}")
    return "\n".join(L + ["", "#endif", ""])


# ---------------------------------------------------------------- make
def gen_mk(d):
    L = ["# Generated by hw/hwgen.py from hw/tritium.toml: do not edit.",
         "# The named configurations: HW_CONFIGS (the first is the default) and, per name, its",
         "# tritium_top parameters as Verilator -G flags (HW_GFLAGS_<name>) and yosys chparam -set pairs.",
         "HW_CONFIGS := " + " ".join(c["name"] for c in d["config"]),
         "HW_DEFAULT := " + d["config"][0]["name"]]
    for c in d["config"]:
        v = full(d, c["params"])
        L.append(f"HW_GFLAGS_{c['name']} := " + " ".join(f"-G{n}={v[n]}" for n in d["_names"]))
        L.append(f"HW_YSET_{c['name']} := " + " ".join(f"-set {n} {v[n]}" for n in d["_names"]))
    # Every rule's bad example, for the test that elaboration refuses each by name.
    L.append("HW_RULES := " + " ".join(r["name"] for r in d["rule"]))
    for r in d["rule"]:
        v = full(d, r["bad"])
        L.append(f"HW_BAD_GFLAGS_{r['name']} := " + " ".join(f"-G{n}={v[n]}" for n in d["_names"]))
    return "\n".join(L) + "\n"


# ---------------------------------------------------------------- docs tables
def md_tables(d):
    def row(*cells):
        # A | inside a cell would end it.
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    def head(*cells):
        return [row(*cells), "|" + "---|" * len(cells)]

    t = {}
    rows = head("parameter", "default", "range", "meaning")
    for p in d["param"]:
        rows.append(row(f"`{p['name']}`", p["default"], f"{p['min']}..{p['max']}", p["doc"]))
    t["params"] = rows
    rows = head("rule", "must hold", "why")
    for r in d["rule"]:
        rows.append(row(f"`{r['name']}`", f"`{r['expr']}`", r["why"]))
    t["rules"] = rows
    rows = head("quantity", "value", "meaning")
    for x in d["derived"]:
        rows.append(row(f"`{x['name']}`", f"`{x['expr']}`", x["doc"]))
    t["derived"] = rows
    rows = head("offset", "register", "access", "reset", "meaning")
    for r in d["reg"]:
        doc = r["doc"]
        if r.get("fields"):
            doc += "; bits: " + ", ".join(f"{f['bit']} `{f['name']}` ({f['doc']})" for f in r["fields"])
        if "value" in r and r["name"].startswith("CFG_"):
            doc += f" (`{r['value']}`)"
        reset = f"`{r['value']}`" if "value" in r else f"0x{r.get('reset', 0):X}"
        rows.append(row(f"`0x{r['offset']:03X}`", f"`{r['name']}`", r["access"], reset, doc))
    pf = d["perf"]
    for i, c in enumerate(pf["counter"]):
        rows.append(row(f"`0x{pf['base'] + 8 * i:03X}`", f"`PERF_{c['name']}` (LO, HI at +4)", "ro", 0, c["doc"]))
    t["registers"] = rows
    rows = head("code", "name", "meaning")
    for e in d["error"]:
        rows.append(row(e["code"], f"`ERR_{e['name']}`", e["msg"]))
    t["errors"] = rows
    rows = head("name", *[f"`{n}`" for n in d["_names"]], "what it is for")
    for c in d["config"]:
        v = full(d, c["params"])
        rows.append(row(f"`{c['name']}`", *[v[n] for n in d["_names"]], c["doc"]))
    t["configs"] = rows
    return {k: "\n".join(v) for k, v in t.items()}


MARK = re.compile(r"(<!-- hwgen:(\w+) -->\n)(.*?)(<!-- /hwgen -->)", re.S)


def docs(d, path, check):
    tables = md_tables(d)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    found = set()

    def repl(m):
        name = m.group(2)
        if name not in tables:
            raise DescError(f"{path}: unknown table '{name}' (tables: {', '.join(tables)})")
        found.add(name)
        return m.group(1) + tables[name] + "\n" + m.group(4)

    new = MARK.sub(repl, text)
    missing = sorted(set(tables) - found)
    if missing:
        print(f"{path}: no place for the generated tables {', '.join(missing)} "
              f"(add <!-- hwgen:NAME --> <!-- /hwgen --> markers)", file=sys.stderr)
        return 1
    if check:
        if new != text:
            stale = [n for n in found if tables[n] not in text]
            print(f"{path}: the generated tables {', '.join(sorted(stale)) or '(markers)'} are stale: "
                  f"run `make hwdocs`", file=sys.stderr)
            return 1
        return 0
    if new != text:
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(path + ".tmp", path)
    return 0


def write(path, text):
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old != text:  # untouched files keep their time stamps, so make rebuilds only what changed
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path + ".tmp", path)


def main(argv):
    if len(argv) < 2 or argv[1] not in ("gen", "area", "docs", "check", "examples"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        d = load()
        if argv[1] == "gen":
            out = argv[2]
            os.makedirs(out, exist_ok=True)
            write(os.path.join(out, "tritium_reg_pkg.sv"), gen_sv_pkg(d))
            write(os.path.join(out, "tritium_csr_cfg.svh"), gen_sv_csr_cfg(d))
            write(os.path.join(out, "tritium_cfg_check.svh"), gen_sv_check(d))
            write(os.path.join(out, "tritium_regs.h"), gen_c(d))
            write(os.path.join(out, "hw_configs.mk"), gen_mk(d))
            return 0
        if argv[1] == "area":
            write(argv[2], gen_c_area(d))
            return 0
        if argv[1] == "docs":
            return docs(d, argv[2], "--check" in argv[3:])
        if argv[1] == "examples":
            for r in d["rule"]:
                v = full(d, r["bad"])
                print(r["name"] + "|" + " ".join(f"-G{n}={v[n]}" for n in d["_names"]) + "|" +
                      " ".join(f"-set {n} {v[n]}" for n in d["_names"]))
            return 0
        overrides = {}
        if len(argv) > 3 and argv[2] == "--file":
            # A configuration file: TOML with the parameters at the top level or under [params].
            with open(argv[3], "rb") as f:
                t = tomllib.load(f)
            items = (t.get("params", t)).items()
        else:
            items = [i.partition("=")[::2] for i in filter(None, (argv[2] if len(argv) > 2 else "").split(","))]
        alias = {p.get("alias", p["name"]).upper(): p["name"] for p in d["param"]}
        for k, v in items:
            k = k.strip().upper()
            overrides[alias.get(k, k)] = int(v, 0) if isinstance(v, str) else int(v)
        values = full(d, overrides)
        b = broken(d, values)
        for name, why in b:
            print(f"rule {name} broken: {why}", file=sys.stderr)
        if b:
            return 1
        print(" ".join(f"{n}={values[n]}" for n in d["_names"]))
        for x in d["derived"]:
            print(f"{x['name']}={evaluate(x['expr'], values, d['_names'])}")
        return 0
    except (DescError, KeyError, ValueError, tomllib.TOMLDecodeError) as e:
        print(f"hwgen: {DESC}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
