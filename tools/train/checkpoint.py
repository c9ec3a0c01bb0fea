"""Checkpoints: the model's latent (float) weights, its shape, the optimizer and the step, in one torch
file written atomically. load_for_eval gives the model as the GGUF holds it: the token embedding (and
so the tied head) rounded to binary16, everything else as trained; BitLinear quantizes on the fly in
eval exactly as the exporter does.
"""
import dataclasses
import os

import torch

import bpe
import model as bitnet


def save(path, net, opt, step, extra=None):
    state = {"cfg": dataclasses.asdict(net.cfg), "model": net.state_dict(), "step": step,
             "opt": opt.state_dict() if opt is not None else None, "extra": extra or {}}
    torch.save(state, path + ".tmp")
    os.replace(path + ".tmp", path)


def load(path):
    state = torch.load(path, map_location="cpu")
    net = bitnet.BitNet(bitnet.Config(**state["cfg"]))
    net.load_state_dict(state["model"])
    return net, state


def load_for_eval(path, vocab_path):
    net, state = load(path)
    with torch.no_grad():
        net.token_embd.weight.copy_(net.token_embd.weight.half().float())
    net.eval()
    return net, bpe.Tokenizer.load(vocab_path), state
