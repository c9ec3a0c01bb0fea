#!/usr/bin/env python3
"""Trains the tiny BitNet b1.58 (model.py) on a tokenized text with AdamW, a linear warm-up and a cosine
decay to a tenth of the peak learning rate, weight decay on the matrices. Deterministic given --seed
and --threads on one machine (batches depend only on (seed, step); torch's deterministic algorithms on).
Resumable: a checkpoint with the optimizer state is written every --save-every steps and at the end,
and --resume continues from it to the same result as an unbroken run.

    train.py --work DIR --out DIR/tiny.pt --steps N [--resume] [shape and optimizer options]

DIR holds train.txt, heldout.txt and vocab.json (corpus_brown.py, bpe_train.py). Prints one line per
--log-every steps and appends the same figures as JSON lines to <out>.log.jsonl.
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F

import bpe
import checkpoint
import data
import model as bitnet


def lr_at(step, a):
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    p = (step - a.warmup) / max(1, a.steps - a.warmup)
    return a.lr * (0.1 + 0.9 * 0.5 * (1.0 + math.cos(math.pi * min(1.0, p))))


def heldout_loss(net, stream, ctx, bos, n_windows):
    """Mean loss over the first n_windows non-overlapping windows of the held-out stream (all positions)."""
    net.eval()
    with torch.no_grad():
        wins = torch.stack([stream[i * (ctx - 1):i * (ctx - 1) + ctx] for i in range(n_windows)])
        inp = torch.cat((torch.full((n_windows, 1), bos, dtype=torch.int64), wins[:, :-1]), dim=1)
        loss = F.cross_entropy(net(inp).flatten(0, 1), wins.flatten()).item()
    net.train()
    return loss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--dim", type=int, default=bitnet.Config.dim)
    ap.add_argument("--layers", type=int, default=bitnet.Config.layers)
    ap.add_argument("--heads", type=int, default=bitnet.Config.heads)
    ap.add_argument("--kv-heads", type=int, default=bitnet.Config.kv_heads)
    ap.add_argument("--ffn", type=int, default=bitnet.Config.ffn)
    ap.add_argument("--ctx", type=int, default=bitnet.Config.ctx)
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--eval-every", type=int, default=200)
    ap.add_argument("--eval-windows", type=int, default=32)
    ap.add_argument("--save-every", type=int, default=200)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.use_deterministic_algorithms(True)
    vocab = os.path.join(a.work, "vocab.json")
    tok = bpe.Tokenizer.load(vocab)
    bos = tok.special_id("<|begin_of_text|>")
    train = data.load_tokens(os.path.join(a.work, "train.txt"), vocab)
    held = data.load_tokens(os.path.join(a.work, "heldout.txt"), vocab)

    step = 0
    if a.resume and os.path.exists(a.out):
        net, state = checkpoint.load(a.out)
        step = state["step"]
    else:
        torch.manual_seed(a.seed)
        cfg = bitnet.Config(vocab=len(tok.tokens), dim=a.dim, layers=a.layers, heads=a.heads,
                            kv_heads=a.kv_heads, ffn=a.ffn, ctx=a.ctx)
        net = bitnet.BitNet(cfg)
        state = None
    cfg = net.cfg
    opt = torch.optim.AdamW(bitnet.param_groups(net, a.weight_decay), lr=a.lr, betas=(0.9, 0.95), eps=1e-8)
    if state is not None and state["opt"] is not None:
        opt.load_state_dict(state["opt"])
    n_params = sum(p.numel() for p in net.parameters())
    print(f"train: {cfg}, {n_params / 1e6:.2f} M parameters; {len(train)} training tokens, {len(held)} held out; "
          f"batch {a.batch} x {cfg.ctx}; steps {step} -> {a.steps}; {a.threads} threads", flush=True)
    log = open(a.out + ".log.jsonl", "a", encoding="utf-8")
    net.train()
    busy, toks, steps_timed = 0.0, 0, 0  # training time alone (no eval, no saving) since the last line
    while step < a.steps:
        t0 = time.time()
        for g in opt.param_groups:
            g["lr"] = lr_at(step, a)
        inp, tgt = data.batch(train, step, a.seed, a.batch, cfg.ctx, bos)
        loss = F.cross_entropy(net(inp).flatten(0, 1), tgt.flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        busy += time.time() - t0
        toks += inp.numel()
        steps_timed += 1
        rec = None
        if step % a.log_every == 0 or step == a.steps:
            rec = {"step": step, "loss": round(loss.item(), 4), "lr": round(opt.param_groups[0]["lr"], 6),
                   "tokens_per_s": round(toks / busy, 1), "s_per_step": round(busy / steps_timed, 3)}
            busy, toks, steps_timed = 0.0, 0, 0
        if step % a.eval_every == 0 or step == a.steps:
            rec = rec or {"step": step}
            rec["heldout_loss"] = round(heldout_loss(net, held, cfg.ctx, bos, a.eval_windows), 4)
        if rec:
            print(" ".join(f"{k} {v}" for k, v in rec.items()), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
        if step % a.save_every == 0 or step == a.steps:
            checkpoint.save(a.out, net, opt, step, {"seed": a.seed})
    log.close()


if __name__ == "__main__":
    main()
