#!/usr/bin/env python3
"""Held-out perplexity of a checkpoint, computed as llama.cpp's llama-perplexity does: the token stream is
BOS put in front, cut into non-overlapping chunks of ctx tokens, the first token of each replaced by BOS, and the second
half of each chunk is scored (the logits at positions ctx/2 .. ctx-2 predict the next token). Prints the
perplexity with its standard error (delta method over the per-token negative log-likelihoods).

    evaluate.py --ckpt tiny.pt --text heldout.txt --vocab vocab.json [--ctx N] [--json]
"""
import argparse
import json
import math
import sys

import torch

import checkpoint
import data


def chunk_nll(model, stream, ctx, bos, batch=8):
    """Negative log-likelihoods of every scored token, chunk by chunk. stream: the text's tokens; BOS goes
    in front of them first, as llama.cpp (and tritium perplexity) tokenize the text."""
    stream = torch.cat([torch.tensor([bos], dtype=stream.dtype), stream])
    n_chunks = len(stream) // ctx
    first = ctx // 2
    out = []
    with torch.no_grad():
        for c0 in range(0, n_chunks, batch):
            chunks = torch.stack([stream[c * ctx:(c + 1) * ctx] for c in range(c0, min(n_chunks, c0 + batch))])
            inp = chunks.clone()
            inp[:, 0] = bos
            logp = model(inp).log_softmax(dim=-1)
            tgt = chunks[:, first + 1:]
            nll = -logp[:, first:ctx - 1].gather(-1, tgt.unsqueeze(-1)).squeeze(-1)
            out.extend(nll.flatten().tolist())
    return out


def perplexity(nll):
    n = len(nll)
    mean = sum(nll) / n
    var = sum((x - mean) ** 2 for x in nll) / (n - 1)
    ppl = math.exp(mean)
    return ppl, ppl * math.sqrt(var / n), mean


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--text", required=True)
    ap.add_argument("--vocab", required=True)
    ap.add_argument("--ctx", type=int, default=0, help="chunk length (default: the model's context)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, tok, _ = checkpoint.load_for_eval(a.ckpt, a.vocab)
    ctx = a.ctx or model.cfg.ctx
    stream = data.load_tokens(a.text, a.vocab)
    if len(stream) + 1 < 2 * ctx:
        sys.exit(f"evaluate: {len(stream)} tokens are fewer than two chunks of {ctx}")
    nll = chunk_nll(model, stream, ctx, tok.special_id("<|begin_of_text|>"))
    ppl, err, mean = perplexity(nll)
    res = {"perplexity": ppl, "stderr": err, "mean_nll": mean, "scored_tokens": len(nll),
           "chunks": (len(stream) + 1) // ctx, "ctx": ctx}
    print(json.dumps(res) if a.json else
          f"perplexity {ppl:.4f} +/- {err:.4f} over {len(nll)} scored tokens ({res['chunks']} chunks of {ctx})")


if __name__ == "__main__":
    main()
