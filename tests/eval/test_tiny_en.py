#!/usr/bin/env python3
"""The committed trained model (models/tiny-en.gguf) against the figures PyTorch gave for it
(models/tiny-en.ref.json, written by `make train-ref`), so that this check needs no PyTorch:
the held-out perplexity `tritium perplexity` computes is within 1% of PyTorch's (it is expected to be
equal to float rounding), and the first 32 greedy tokens of each of the 3 prompts are PyTorch's, on the
cpu backend and, with every matmul verified, on the cycle-accurate and the SystemC model.
Prints a Check-style summary line. Usage: test_tiny_en.py BUILD_DIR [WINDOWS]
WINDOWS scores only the first windows of the text, against PyTorch's figure for those windows (the
sanitizer build uses it: the whole text there takes minutes)."""
import hashlib
import json
import math
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL = os.path.join(ROOT, "models", "tiny-en.gguf")
TEXT = os.path.join(ROOT, "models", "tiny-en.heldout.txt")
REF = os.path.join(ROOT, "models", "tiny-en.ref.json")
SIZE_LIMIT = 16 * 1000 * 1000  # the "at most 16 MB", read strictly
PPL_TOLERANCE = 0.01
checks = 0
failures = []


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL: " + what)


def tritium(exe, *args):
    r = subprocess.run([exe] + list(args), capture_output=True, text=True, encoding="utf-8", errors="replace")
    if r.returncode != 0:
        return None, f"{' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}"
    return json.loads(r.stdout.strip().splitlines()[-1]), None


def main():
    exe = os.path.join(sys.argv[1], "tritium")
    for f in (MODEL, TEXT, REF):
        check(os.path.isfile(f), f"{os.path.relpath(f, ROOT)} is missing")
    if failures:
        return finish()
    size = os.path.getsize(MODEL)
    check(size <= SIZE_LIMIT, f"models/tiny-en.gguf is {size} bytes, over {SIZE_LIMIT}")
    with open(REF, encoding="utf-8") as f:
        ref = json.load(f)
    with open(TEXT, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    check(sha == ref["heldout_sha256"], "models/tiny-en.heldout.txt is not the text the reference was made on")

    windows = int(sys.argv[2]) if len(sys.argv) > 2 else ref["chunks"]
    windows = min(windows, ref["chunks"])
    want_tokens = windows * ref["tokens_per_window"]
    want = math.exp(sum(ref["window_nll_sum"][:windows]) / want_tokens)
    j, err = tritium(exe, "perplexity", "-m", MODEL, "-f", TEXT, "-c", str(ref["ctx"]), "--chunks", str(windows),
                     "--backend", "cpu", "--json", "--quiet")
    check(err is None, f"perplexity: {err}")
    if j:
        rel = abs(j["perplexity"] - want) / want
        check(j["windows"] == windows and j["tokens_scored"] == want_tokens,
              f"perplexity scored {j['windows']} windows / {j['tokens_scored']} tokens, PyTorch "
              f"{windows} / {want_tokens}")
        check(rel <= PPL_TOLERANCE, f"perplexity {j['perplexity']} vs PyTorch's {want:.4f}: "
              f"{100 * rel:.3f}% apart, over {100 * PPL_TOLERANCE}%")
        print(f"tiny-en: held-out perplexity {j['perplexity']} (tritium, cpu) vs {want:.4f} (PyTorch, step "
              f"{ref['step']}), {100 * rel:.4f}% apart, {j['tokens_scored']} tokens in {windows} of "
              f"{ref['chunks']} windows")
    if windows == ref["chunks"]:
        check(abs(want - ref["perplexity"]) <= 1e-6 * ref["perplexity"],
              f"the windows' NLLs give {want}, the reference's perplexity is {ref['perplexity']}")

    # Each prompt on cpu; the first on the cycle-accurate model and the second on the SystemC model,
    # every offloaded matmul checked against kernels_ref.
    runs = [(g, "cpu") for g in ref["greedy"]] + [(ref["greedy"][0], "sim"), (ref["greedy"][1], "tlm")]
    for g, backend in runs:
        n = len(g["tokens"])
        args = ["run", "-m", MODEL, "-p", g["prompt"], "-n", str(n), "--temp", "0", "--json", "--quiet",
                "--backend", backend] + (["--verify"] if backend != "cpu" else [])
        j, err = tritium(exe, *args)
        check(err is None, f"run: {err}")
        if not j:
            continue
        check(j["prompt_tokens"] == g["prompt_tokens"],
              f"{backend} {g['prompt']!r}: prompt tokens {j['prompt_tokens']} vs PyTorch's {g['prompt_tokens']}")
        same = j["generated_tokens"] == g["tokens"]
        lead = next((i for i, (a, b) in enumerate(zip(j["generated_tokens"], g["tokens"])) if a != b),
                    min(len(j["generated_tokens"]), n))
        check(same, f"{backend} {g['prompt']!r}: greedy tokens differ from PyTorch's from token {lead}")
        if backend != "cpu":
            check(j.get("mismatches") == 0 and j.get("offloaded", 0) > 0,
                  f"{backend}: {j.get('offloaded')} matmuls offloaded, {j.get('mismatches')} mismatches")
        print(f"tiny-en {backend}: {g['prompt']!r} -> {j['text']!r}: {n} greedy tokens "
              f"{'the same as' if same else 'NOT the same as'} PyTorch's")
    return finish()


def finish():
    print(f"{(checks - len(failures)) * 100 // max(checks, 1)}%: Checks: {checks}, Failures: {len(failures)}, "
          f"Errors: 0")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
