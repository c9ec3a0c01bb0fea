#!/usr/bin/env python3
"""Writes a checkpoint as the GGUF tritium loads (the keys, names, shapes and types of Microsoft's 2B4T
file, as tritium-mkmodel writes them): architecture bitnet-b1.58, ternary layers as I2_S (the absmean
ternarization the forward pass uses, its scale as the f32 after the codes), norms F32, the token
embedding (= the tied head) F16, and the byte-level BPE vocabulary (gpt2 / llama-bpe, with merges).

    export_gguf.py --ckpt tiny.pt --vocab vocab.json --out tiny-en.gguf [--name NAME]
"""
import argparse
import json
import os

import torch

import checkpoint
import gguf_writer as gw
import model as bitnet

ARCH = "bitnet-b1.58"
TERNARY = ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")
ORDER = ("attn_norm", "attn_q", "attn_k", "attn_v", "attn_sub_norm", "attn_output", "ffn_norm", "ffn_gate",
         "ffn_up", "ffn_sub_norm", "ffn_down")


def f32_bytes(t):
    return t.detach().float().contiguous().numpy().astype("<f4").tobytes()


def metadata(w, cfg, vocab, name):
    w.str("general.architecture", ARCH)
    w.str("general.name", name)
    k = lambda s: f"{ARCH}.{s}"
    w.u32(k("vocab_size"), cfg.vocab)
    w.u32(k("context_length"), cfg.ctx)
    w.u32(k("embedding_length"), cfg.dim)
    w.u32(k("block_count"), cfg.layers)
    w.u32(k("feed_forward_length"), cfg.ffn)
    w.u32(k("rope.dimension_count"), cfg.head_dim)
    w.u32(k("attention.head_count"), cfg.heads)
    w.u32(k("attention.head_count_kv"), cfg.kv_heads)
    w.f32(k("rope.freq_base"), cfg.rope_theta)
    w.f32(k("attention.layer_norm_rms_epsilon"), cfg.eps)
    w.u32("general.file_type", 40)  # mostly I2_S (bitnet.cpp's fork)
    w.u32("general.quantization_version", 2)
    specials = set(vocab["specials"])
    w.str("tokenizer.ggml.model", "gpt2")
    w.str("tokenizer.ggml.pre", "llama-bpe")
    w.arr_str("tokenizer.ggml.tokens", vocab["tokens"])
    w.arr_i32("tokenizer.ggml.token_type", [3 if t in specials else 1 for t in vocab["tokens"]])
    w.arr_str("tokenizer.ggml.merges", vocab["merges"])
    w.u32("tokenizer.ggml.bos_token_id", vocab["tokens"].index("<|begin_of_text|>"))
    w.u32("tokenizer.ggml.eos_token_id", vocab["tokens"].index("<|end_of_text|>"))
    w.bool("tokenizer.ggml.add_bos_token", True)


def export(net, vocab, out, name):
    cfg = net.cfg
    if len(vocab["tokens"]) != cfg.vocab:
        raise SystemExit(f"export: the vocabulary has {len(vocab['tokens'])} tokens, the model {cfg.vocab}")
    w = gw.Writer()
    metadata(w, cfg, vocab, name)
    with torch.no_grad():
        emb = net.token_embd.weight
        w.tensor("token_embd.weight", gw.T_F16, [cfg.dim, cfg.vocab], emb.half().contiguous().numpy().tobytes())
        for i, blk in enumerate(net.blocks):
            for part in ORDER:
                mod = getattr(blk, part)
                tname = f"blk.{i}.{part}.weight"
                if part in TERNARY:
                    t, scale = bitnet.ternarize(mod.weight)
                    rows, cols = mod.weight.shape
                    w.tensor(tname, gw.T_I2_S, [cols, rows],
                             gw.i2s_pack(t.to(torch.int8).flatten().tolist(), scale.item()))
                else:
                    w.tensor(tname, gw.T_F32, [mod.weight.numel()], f32_bytes(mod.weight))
        w.tensor("output_norm.weight", gw.T_F32, [cfg.dim], f32_bytes(net.output_norm.weight))
    w.save(out + ".tmp")
    os.replace(out + ".tmp", out)
    return os.path.getsize(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--vocab", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="tritium tiny-en (BitNet b1.58 trained on the Brown corpus)")
    a = ap.parse_args()
    net, state = checkpoint.load(a.ckpt)
    with open(a.vocab, encoding="utf-8") as f:
        vocab = json.load(f)
    size = export(net, vocab, a.out, a.name)
    c = net.cfg
    print(f"export: {a.out}: {size} bytes ({size / 2**20:.2f} MiB), step {state['step']}, hidden {c.dim}, "
          f"FFN {c.ffn}, {c.layers} layers, heads {c.heads}/{c.kv_heads}, vocab {c.vocab}, context {c.ctx}")


if __name__ == "__main__":
    main()
