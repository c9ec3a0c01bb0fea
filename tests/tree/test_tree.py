#!/usr/bin/env python3
"""The tree's rules, checked on every C/C++ source: the arrows between folders and the private headers
as docs/architecture.md states them (its folder table is read here, so the page is the one source), and
no comparison of a backend name outside the two registries. Prints a Check-style summary line."""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOC = os.path.join(ROOT, "docs", "architecture.md")
SRC_EXT = (".c", ".h", ".cpp", ".def")
REGISTRIES = {"runtime/backend/rt_backend_registry.c", "driver/tdrv_registry.c"}
failures = []
checks = 0


def check(name, problems):
    global checks
    checks += 1
    for p in problems:
        failures.append(f"{name}: {p}")


def sources():
    for top in sorted(os.listdir(ROOT)):
        if top.startswith(".") or top == "build" or not os.path.isdir(os.path.join(ROOT, top)):
            continue
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                if f.endswith(SRC_EXT):
                    yield os.path.relpath(os.path.join(d, f), ROOT)


def layer_table():
    """{folder: set of folders it may include, or None for anything} from the doc's folder table."""
    rules = {}
    row = re.compile(r"^\| `([^`]+/)` \|.*\| ([^|]+) \|\s*$")
    with open(DOC, encoding="utf-8") as f:
        for line in f:
            m = row.match(line)
            if not m:
                continue
            folder, may = m.group(1), m.group(2).strip()
            if may == "(anything)":
                rules[folder] = None
            elif may == "(nothing)":
                rules[folder] = set()
            else:
                rules[folder] = set(re.findall(r"`([^`]+/)`", may))
    return rules


def owner(path, folders):
    """The longest listed folder containing path."""
    best = None
    for f in folders:
        if path.startswith(f) and (best is None or len(f) > len(best)):
            best = f
    return best


def includes(path):
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m and "/" in m.group(1):
                yield n, m.group(1)


def module_of(header):
    parts = header.split("/")
    return "/".join(parts[:2]) + "/" if parts[0] == "runtime" and len(parts) > 2 else parts[0] + "/"


def private(header):
    base = os.path.basename(header)
    return (base.endswith("_impl.h") or base.endswith("_internal.h")
            or re.match(r"kernels_fast/(x86|arm)/.*\.h$", header) is not None)


rules = layer_table()
check("docs/architecture.md folder table", [] if len(rules) >= 10 else [f"only {len(rules)} rows parsed"])
files = list(sources())
tops = {p.split("/")[0] + "/" for p in files}

arrow_problems, private_problems = [], []
for path in files:
    me = owner(path, rules)
    for n, inc in includes(path):
        target_top = inc.split("/")[0] + "/"
        if target_top not in tops:
            continue  # not a repository path (a system or generated header)
        if not os.path.exists(os.path.join(ROOT, inc)):
            arrow_problems.append(f"{path}:{n}: includes {inc}, which does not exist")
            continue
        if me is None:
            arrow_problems.append(f"{path}: its folder is not in the table of docs/architecture.md")
            break
        allowed = rules[me]
        target = owner(inc, rules)
        if allowed is not None and target != me and not any(inc.startswith(a) for a in allowed):
            arrow_problems.append(f"{path}:{n}: {me} includes {inc} ({target}), not in its 'may include' column")
        if private(inc):
            mod = module_of(inc)
            own_tests = "tests/" + mod.rstrip("/").split("/")[-1] + "/"
            if not (path.startswith(mod) or path.startswith(own_tests)):
                private_problems.append(f"{path}:{n}: includes {inc}, private to {mod}")
check("arrows between folders", arrow_problems)
check("private headers", private_problems)

# Backend names: the names the two registries register.
names = set()
for path in files:
    text = open(os.path.join(ROOT, path), encoding="utf-8", errors="replace").read()
    if path.startswith("driver/") and "tdrv_ops " in text:
        names.update(re.findall(r'\.name\s*=\s*"([^"]+)"', text))
    if path.startswith("runtime/backend/") and ".desc" in text:
        names.update(re.findall(r'\.name\s*=\s*"([^"]+)"', text))
check("backend names found in the registries", [] if {"cpu", "sim"} <= names else [f"found only {sorted(names)}"])
cmp = re.compile(r"\b(strn?cmp|strcasecmp|memcmp)\s*\(")
name_problems = []
for path in files:
    if path in REGISTRIES:
        continue
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if cmp.search(line) and any(f'"{nm}"' in line for nm in names):
                name_problems.append(f"{path}:{n}: compares a backend name: {line.strip()}")
check("no backend-name comparison outside the registries", name_problems)

for f in failures:
    print("FAIL", f)
print(f"tree: {len(files)} sources, {len(rules)} folder rules, backend names {sorted(names)}")
bad = len({f.split(':')[0] for f in failures})
pct = 100 * (checks - bad) // checks
print(f"{pct}%: Checks: {checks}, Failures: {bad}, Errors: 0")
sys.exit(1 if failures else 0)
