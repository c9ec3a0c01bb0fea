#!/usr/bin/env python3
"""Checks that tritium runs the exported GGUF as PyTorch runs the checkpoint:

1. tokens: tritium's tokenizer (from the GGUF) and bpe.py give the same ids for each text, and for the
   whole held-out and training files (--files);
2. logits: at every position of each text, tritium's logits (tt-logits, one token at a time) against
   PyTorch's eval forward pass of the same quantized model: the largest difference relative to the
   largest |logit|, and how many positions have the same top-1 token. The two agree to float rounding
   (about 1e-6) until an activation lands on a rounding tie, where the int8 values differ by one and
   every later logit moves a little (tie_resolve.py); each text must agree to --tol at every position
   once those ties are rounded as tritium rounded them, each explained by one changed int8 value;
3. greedy text: `tritium run --temp 0` and PyTorch's greedy decoding give the same tokens for each prompt.

    crosscheck.py --ckpt tiny.pt --vocab vocab.json --gguf tiny-en.gguf --heldout heldout.txt \\
                  --tt-logits build/tt-logits --tritium build/tritium [--backend sim --verify] [--json]

Exits 1 when the tokens differ or a difference is left that no rounding tie explains; with
--strict-greedy also when a greedy sequence differs (on an untrained model the top two logits are often
closer than a tie moves them).
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile

import torch

import checkpoint
import data
import tie_resolve

PROMPTS = ["The jury said", "It was a cold night, and", "In the United States, the"]


def tritium_tokens(tool, gguf, path):
    """Every token id tritium's tokenizer gives the file (BOS first when the model adds one)."""
    with tempfile.TemporaryDirectory() as d:
        op = os.path.join(d, "ids.bin")
        r = subprocess.run([tool, gguf, path, op, "--tokens-only"], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"crosscheck: tt-logits --tokens-only {path} failed: {r.stderr.strip()}")
        with open(op, "rb") as f:
            raw = f.read()
    n = struct.unpack_from("<I", raw, 4)[0]
    return list(struct.unpack_from(f"<{n}i", raw, 12))


def tritium_logits(tool, gguf, text, backend, verify):
    with tempfile.TemporaryDirectory() as d:
        tp, op = os.path.join(d, "text.txt"), os.path.join(d, "logits.bin")
        with open(tp, "w", encoding="utf-8") as f:
            f.write(text)
        cmd = [tool, gguf, tp, op, "--backend", backend] + (["--verify"] if verify else [])
        r = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
        if r.returncode != 0:
            sys.exit(f"crosscheck: {' '.join(cmd)} failed: {r.stderr.strip() or r.stdout.strip()}")
        with open(op, "rb") as f:
            raw = f.read()
    if raw[:4] != b"TTLG":
        sys.exit("crosscheck: tt-logits wrote no TTLG file")
    n, v = struct.unpack_from("<II", raw, 4)
    ids = list(struct.unpack_from(f"<{n}i", raw, 12))
    logits = torch.frombuffer(bytearray(raw[12 + 4 * n:]), dtype=torch.float32).view(n, v)
    return ids, logits, r.stdout.strip()


def torch_greedy(net, ids, n, eos):
    ids = list(ids)
    out = []
    with torch.no_grad():
        for _ in range(n):
            logits = net(torch.tensor([ids]))[0, -1]
            best = int(torch.argmax(logits))  # first (lowest id) of equal maxima, as tritium's greedy
            out.append(best)
            if best == eos:
                break
            ids.append(best)
    return out


def tritium_greedy(exe, gguf, prompt, n, backend, verify):
    cmd = [exe, "run", "-m", gguf, "-p", prompt, "-n", str(n), "--temp", "0", "--json", "--quiet",
           "--backend", backend] + (["--verify"] if verify else [])
    r = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if r.returncode != 0:
        sys.exit(f"crosscheck: {' '.join(cmd)} failed: {r.stderr.strip()}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for k in ("ckpt", "vocab", "gguf", "heldout", "tt_logits", "tritium"):
        ap.add_argument("--" + k.replace("_", "-"), required=True)
    ap.add_argument("--files", nargs="*", default=None, help="text files whose every token is compared "
                    "(default: the held-out file)")
    ap.add_argument("--backend", default="cpu")
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--greedy", type=int, default=32, help="greedy tokens compared per prompt")
    ap.add_argument("--heldout-chars", type=int, default=3000, help="length of the held-out excerpt")
    ap.add_argument("--tol", type=float, default=1e-5, help="largest difference relative to the largest logit")
    ap.add_argument("--strict-greedy", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    net, tok, state = checkpoint.load_for_eval(a.ckpt, a.vocab)
    eos = tok.special_id("<|end_of_text|>")
    with open(a.heldout, encoding="utf-8") as f:
        excerpt = f.read()[:a.heldout_chars]
    texts = PROMPTS + [excerpt]
    ok, rows = True, []
    worst = worst_resolved = 0.0
    agree = total = 0
    for text in texts:
        ids_t, lt, info = tritium_logits(a.tt_logits, a.gguf, text, a.backend, a.verify)
        ids_p = tok.encode(text, bos=True)[:len(ids_t)]
        same_ids = ids_t == ids_p
        ok &= same_ids
        with torch.no_grad():
            lp = net(torch.tensor([ids_t]))[0]
        res = tie_resolve.resolve(net, ids_t, lt, tol=a.tol)
        ok &= res["ok"]
        top1 = int((lp.argmax(-1) == lt.argmax(-1)).sum())
        row = {"text": text[:40], "tokens": len(ids_t), "same_ids": same_ids, "max_rel": res["max_rel_plain"],
               "top1": top1, "ties": len(res["flips"]), "max_rel_resolved": res["max_rel"],
               "unexplained": res["unexplained"], "flips": res["flips"], "tritium": info}
        worst = max(worst, row["max_rel"])
        worst_resolved = max(worst_resolved, row["max_rel_resolved"])
        agree, total = agree + top1, total + len(ids_t)
        rows.append(row)
    files = []
    for path in (a.files if a.files is not None else [a.heldout]):
        ids_t = tritium_tokens(a.tt_logits, a.gguf, path)
        ids_p = [tok.special_id("<|begin_of_text|>")] + data.load_tokens(path, a.vocab).tolist()
        same = ids_t == ids_p
        ok &= same
        first = next((i for i, (x, y) in enumerate(zip(ids_t, ids_p)) if x != y), None)
        files.append({"file": os.path.basename(path), "tokens": len(ids_t), "same": same, "first_difference": first})
    greedy = []
    for p in PROMPTS:
        j = tritium_greedy(a.tritium, a.gguf, p, a.greedy, a.backend, a.verify)
        mine = torch_greedy(net, j["prompt_tokens"], a.greedy, eos)
        lead = next((i for i, (x, y) in enumerate(zip(mine, j["generated_tokens"])) if x != y),
                    min(len(mine), len(j["generated_tokens"])))
        same = mine == j["generated_tokens"]
        ok &= same or not a.strict_greedy
        greedy.append({"prompt": p, "same": same, "leading_agree": lead, "n": len(mine), "text": j["text"]})
    top1_frac = agree / total
    res = {"ok": ok, "step": state["step"], "positions": total, "top1_agree": top1_frac, "max_rel": worst,
           "max_rel_resolved": worst_resolved, "ties": sum(r["ties"] for r in rows), "texts": rows,
           "files": files, "greedy": greedy, "backend": a.backend, "verify": a.verify}
    if a.json:
        print(json.dumps(res))
    else:
        for r in rows:
            tail = (f"; {r['ties']} rounding ties, then {r['max_rel_resolved']:.2g}" if r["ties"] else "")
            if r["unexplained"] is not None:
                tail += f"; UNEXPLAINED difference at position {r['unexplained']}"
            print(f"  {r['tokens']:4d} tokens, ids {'same' if r['same_ids'] else 'DIFFER'}, max |dlogit| "
                  f"{r['max_rel']:.2g} of the largest{tail}, top-1 {r['top1']}/{r['tokens']}: {r['text']!r}")
        for fl in files:
            print(f"  {fl['file']}: {fl['tokens']} tokens, "
                  + ("the same ids" if fl["same"] else f"ids DIFFER from token {fl['first_difference']}"))
        for g in greedy:
            print(f"  greedy {g['n']} tokens {'same' if g['same'] else 'DIFFER after ' + str(g['leading_agree'])}: "
                  f"{g['prompt']!r} -> {g['text']!r}")
        print(f"  {rows[-1]['tritium']}")
        print(f"crosscheck {'ok' if ok else 'FAILED'}: step {state['step']}, {total} positions on {a.backend}, "
              f"top-1 agree {100 * top1_frac:.2f}%, max |dlogit| {worst:.2g} of the largest, "
              f"{res['ties']} rounding ties, {worst_resolved:.2g} with them resolved")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
