"""Token streams and training batches.

A text file is tokenized whole, exactly as tritium tokenizes it (bpe.Tokenizer), and cached beside the
vocabulary as <text>.<vocab sha>.tok (int16 ids). A training sample is BOS followed by ctx - 1 tokens of
the stream from a random offset, the targets are the same tokens shifted by one: every window starts
with BOS, as tritium's prompts and llama.cpp-style perplexity chunks do. The offsets of step i are drawn
from a generator seeded by (seed, i) alone, so a resumed run sees the batches an unbroken one would.
"""
import array
import hashlib
import os

import torch

import bpe


def load_tokens(text_path, vocab_path, cache=True):
    """The text's token ids; cached beside the text (per vocabulary) unless cache is False, e.g. for a
    text in the repository."""
    with open(vocab_path, "rb") as f:
        vh = hashlib.sha256(f.read()).hexdigest()[:12]
    cache_path = f"{text_path}.{vh}.tok"
    if cache and os.path.exists(cache_path):
        a = array.array("h")
        with open(cache_path, "rb") as f:
            a.frombytes(f.read())
        return torch.tensor(a, dtype=torch.int64)
    tok = bpe.Tokenizer.load(vocab_path)
    with open(text_path, encoding="utf-8") as f:
        ids = tok.encode(f.read())
    if cache:
        a = array.array("h", ids)
        with open(cache_path + ".tmp", "wb") as f:
            f.write(a.tobytes())
        os.replace(cache_path + ".tmp", cache_path)
    return torch.tensor(ids, dtype=torch.int64)


def batch(stream, step, seed, n, ctx, bos):
    """(inputs, targets), both [n, ctx]: inputs = BOS + stream[o : o + ctx - 1], targets = stream[o : o + ctx]."""
    g = torch.Generator().manual_seed(seed * 1_000_003 + step)
    offs = torch.randint(0, len(stream) - ctx, (n,), generator=g)
    tgt = torch.stack([stream[o:o + ctx] for o in offs.tolist()])
    inp = torch.cat((torch.full((n, 1), bos, dtype=torch.int64), tgt[:, :-1]), dim=1)
    return inp, tgt
