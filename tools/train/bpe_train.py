#!/usr/bin/env python3
"""Learns a byte-level BPE vocabulary that tritium's tokenizer loads (GGUF tokenizer.ggml.model "gpt2",
pre "llama-bpe"): the training text is cut into pieces by the LLaMA-3 pre-tokenizer, every piece starts
as its bytes, and the most frequent adjacent pair (fewest ids first on a tie) is merged until the
vocabulary has --vocab tokens: the 256 byte tokens, one token per merge, then the special tokens
<|begin_of_text|> (BOS) and <|end_of_text|> (EOS).

    bpe_train.py --text train.txt --vocab 4096 --out vocab.json

Deterministic (no hashing order matters). Standard library plus `regex` (Debian python3-regex).
"""
import argparse
import collections
import heapq
import json
import time

import bpe

SPECIALS = ["<|begin_of_text|>", "<|end_of_text|>"]


def train(text, n_vocab):
    counts = collections.Counter(bpe.pieces(text))
    keys = sorted(counts)  # a fixed order of the unique pieces
    words = [list(k.encode("utf-8")) for k in keys]
    freq = [counts[k] for k in keys]
    tokens = [bpe.BYTE_CHAR[b] for b in range(256)]
    id_of = {t: i for i, t in enumerate(tokens)}
    merges, merged_pairs = [], set()
    pair_count = collections.defaultdict(int)
    where = collections.defaultdict(set)
    for wi, w in enumerate(words):
        for x, y in zip(w, w[1:]):
            pair_count[(x, y)] += freq[wi]
            where[(x, y)].add(wi)
    heap = [(-c, p[0], p[1]) for p, c in pair_count.items()]
    heapq.heapify(heap)
    target = n_vocab - len(SPECIALS)
    while len(tokens) < target and heap:
        negc, a, b = heapq.heappop(heap)
        if pair_count.get((a, b), 0) != -negc or -negc < 2:
            if -negc < 2 and pair_count.get((a, b), 0) == -negc:
                break  # nothing occurs twice any more
            continue  # stale entry
        text_ab = tokens[a] + tokens[b]
        c = id_of.get(text_ab)
        if (a, b) not in merged_pairs:
            merges.append(tokens[a] + " " + tokens[b])
            merged_pairs.add((a, b))
            if c is None:  # a text reached by another merge path keeps its first id
                c = len(tokens)
                tokens.append(text_ab)
                id_of[text_ab] = c
        touched = set()
        for wi in sorted(where.pop((a, b), ())):
            w, n = words[wi], freq[wi]
            if not any(x == a and y == b for x, y in zip(w, w[1:])):
                continue
            for p in zip(w, w[1:]):
                pair_count[p] -= n
                touched.add(p)
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(c)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            words[wi] = out
            for p in zip(out, out[1:]):
                pair_count[p] += n
                where[p].add(wi)
                touched.add(p)
        pair_count.pop((a, b), None)
        for p in sorted(touched):
            cnt = pair_count.get(p, 0)
            if cnt > 0:
                heapq.heappush(heap, (-cnt, p[0], p[1]))
            else:
                pair_count.pop(p, None)
    return tokens + SPECIALS, merges


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--text", required=True)
    ap.add_argument("--vocab", type=int, default=4096, help="tokens in all, specials included (default 4096)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.time()
    with open(a.text, encoding="utf-8") as f:
        text = f.read()
    tokens, merges = train(text, a.vocab)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump({"tokens": tokens, "merges": merges, "specials": SPECIALS}, f, ensure_ascii=False, indent=0)
    tok = bpe.Tokenizer(tokens, merges, SPECIALS)
    n = len(tok.encode(text))
    print(f"bpe: {len(tokens)} tokens ({len(merges)} merges, {len(SPECIALS)} specials) from {len(text)} bytes; "
          f"the text is {n} tokens ({len(text) / n:.2f} bytes/token); {time.time() - t0:.1f} s -> {a.out}")


if __name__ == "__main__":
    main()
