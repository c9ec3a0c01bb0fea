"""Byte-level BPE exactly as tritium's tokenizer (runtime/tokenizer) encodes: the LLaMA-3 pre-tokenizer
regex, GPT-2's byte alphabet, a piece that is itself a token emitted whole (LLaMA-3's ignore_merges,
pieces up to 256 bytes), otherwise merges applied lowest rank first, leftmost on ties.

The vocabulary file (vocab.json) holds {"tokens": [...], "merges": ["left right", ...], "specials": [...]}
with token texts in the byte alphabet, as they go into GGUF's tokenizer.ggml.* keys.
Needs the `regex` module (Debian python3-regex) for \\p{L} / \\p{N}.
"""
import heapq
import json

import regex

# llama.cpp's LLAMA3 pre-tokenizer expression, the one runtime/tokenizer/tokenizer.c compiles.
SPLIT = regex.compile(
    r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"
    r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")

WHOLE_MAX = 256  # tok_bpe.c looks a piece up whole only up to this many bytes


def _printable(b):
    return 33 <= b <= 126 or 161 <= b <= 172 or b >= 174


def _byte_alphabet():
    """Byte -> character: printable Latin-1 bytes stand for themselves, the other 68 move to U+0100.. in
    byte order (tok_bytes.c)."""
    out, n = {}, 0
    for b in range(256):
        if _printable(b):
            out[b] = chr(b)
        else:
            out[b] = chr(256 + n)
            n += 1
    return out


BYTE_CHAR = _byte_alphabet()
CHAR_BYTE = {c: b for b, c in BYTE_CHAR.items()}


def to_alphabet(data: bytes) -> str:
    return "".join(BYTE_CHAR[b] for b in data)


def from_alphabet(text: str) -> bytes:
    return bytes(CHAR_BYTE[c] for c in text)


def pieces(text: str):
    """The pre-tokenizer's pieces of a text, in order (their concatenation is the text)."""
    return SPLIT.findall(text)


class Tokenizer:
    def __init__(self, tokens, merges, specials):
        self.tokens = list(tokens)
        self.specials = list(specials)
        self.id_of = {}
        for i, t in enumerate(self.tokens):
            self.id_of.setdefault(t, i)
        self.rank = {}
        for r, m in enumerate(merges):
            left, right = m.split(" ", 1)
            a, b, c = self.id_of.get(left), self.id_of.get(right), self.id_of.get(left + right)
            if a is not None and b is not None and c is not None and (a, b) not in self.rank:
                self.rank[(a, b)] = (r, c)
        self.merges = list(merges)
        self.byte_id = [self.id_of[BYTE_CHAR[b]] for b in range(256)]
        self._cache = {}

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            v = json.load(f)
        return cls(v["tokens"], v["merges"], v["specials"])

    def special_id(self, text):
        return self.id_of[text]

    def _bpe(self, piece: bytes):
        whole = to_alphabet(piece)
        if len(piece) <= WHOLE_MAX and whole in self.id_of:
            return [self.id_of[whole]]
        ids = [self.byte_id[b] for b in piece]
        nxt = list(range(1, len(ids))) + [-1]
        prv = list(range(-1, len(ids) - 1))
        alive = [True] * len(ids)
        heap = []

        def push(i):
            j = nxt[i]
            if j >= 0:
                m = self.rank.get((ids[i], ids[j]))
                if m is not None:
                    heapq.heappush(heap, (m[0], i, ids[i], ids[j]))

        for i in range(len(ids) - 1):
            push(i)
        while heap:
            r, i, a, b = heapq.heappop(heap)
            j = nxt[i]
            if not alive[i] or j < 0 or ids[i] != a or ids[j] != b:
                continue  # stale: a symbol changed since this pair was queued
            ids[i] = self.rank[(a, b)][1]
            nxt[i] = nxt[j]
            if nxt[j] >= 0:
                prv[nxt[j]] = i
            alive[j] = False
            if prv[i] >= 0:
                push(prv[i])
            push(i)
        out, i = [], 0
        while i >= 0:
            out.append(ids[i])
            i = nxt[i]
        return out

    def encode(self, text: str, bos=False):
        """Token ids of a text as tritium encodes it (no special tokens parsed in the text)."""
        out = [self.id_of[self.specials[0]]] if bos else []
        for p in pieces(text):
            ids = self._cache.get(p)
            if ids is None:
                ids = self._bpe(p.encode("utf-8"))
                self._cache[p] = ids
            out.extend(ids)
        return out

    def decode(self, ids):
        data = b"".join(b"" if self.tokens[i] in self.specials else from_alphabet(self.tokens[i]) for i in ids)
        return data.decode("utf-8", errors="replace")
