#!/usr/bin/env python3
"""Writes the figures PyTorch gives for a checkpoint as a small JSON file, so that tritium's own tests
can check them without PyTorch: the held-out perplexity computed as llama-perplexity does (evaluate.py),
each window's summed NLL (so a check may score the first windows only), and the greedy tokens of a
few prompts (ids, BOS included in the prompt ids).

    reference.py --ckpt tiny.pt --vocab vocab.json --heldout heldout.txt --out tiny-en.ref.json [--greedy 32]
"""
import argparse
import hashlib
import json
import os

import torch

import checkpoint
import crosscheck
import data
import evaluate


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for k in ("ckpt", "vocab", "heldout", "out"):
        ap.add_argument("--" + k, required=True)
    ap.add_argument("--greedy", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    net, tok, state = checkpoint.load_for_eval(a.ckpt, a.vocab)
    bos, eos = tok.special_id("<|begin_of_text|>"), tok.special_id("<|end_of_text|>")
    stream = data.load_tokens(a.heldout, a.vocab, cache=False)  # no cache file beside a text in models/
    nll = evaluate.chunk_nll(net, stream, net.cfg.ctx, bos)
    ppl, err, mean = evaluate.perplexity(nll)
    greedy = []
    for p in crosscheck.PROMPTS:
        ids = tok.encode(p, bos=True)
        greedy.append({"prompt": p, "prompt_tokens": ids, "tokens": crosscheck.torch_greedy(net, ids, a.greedy, eos)})
    with open(a.heldout, "rb") as f:
        text_sha = hashlib.sha256(f.read()).hexdigest()
    chunks = (len(stream) + 1) // net.cfg.ctx
    per = len(nll) // chunks
    assert per * chunks == len(nll), "every window scores the same number of tokens"
    window_nll = [round(sum(nll[i * per:(i + 1) * per]), 6) for i in range(chunks)]
    ref = {"step": state["step"], "heldout": os.path.basename(a.heldout), "heldout_sha256": text_sha,
           "ctx": net.cfg.ctx, "chunks": chunks, "scored_tokens": len(nll),
           "perplexity": ppl, "stderr": err, "mean_nll": mean, "greedy": greedy,
           "tokens_per_window": per, "window_nll_sum": window_nll}
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print(f"reference: perplexity {ppl:.4f} +/- {err:.4f} over {len(nll)} tokens, {len(greedy)} greedy prompts "
          f"-> {a.out}")


if __name__ == "__main__":
    main()
