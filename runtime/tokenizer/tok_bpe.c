/*
 * Encoding: special tokens are cut out first, the text between them is split by the LLaMA-3
 * pre-tokenizer regex, and each piece is merged by BPE. BPE keeps the piece's symbols in a linked
 * list and candidate pairs in a min-heap ordered by (merge rank, position), so a piece of n bytes
 * costs O(n log n); stale heap entries are recognised by the symbols they name having changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/tokenizer/tok_impl.h"

typedef struct {
    int32_t *ids;
    size_t n, cap;
} idvec;

static int push_id(idvec *o, int32_t id)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        int32_t *p = realloc(o->ids, cap * sizeof *p);
        if (!p)
            return -1;
        o->ids = p;
        o->cap = cap;
    }
    o->ids[o->n++] = id;
    return 0;
}

typedef struct { uint32_t id; int prev, next; } sym;
typedef struct { uint32_t rank; int left; uint32_t lid, rid; } cand;

typedef struct {
    sym *s;
    cand *h;
    size_t hn, scap, hcap;
} bpe_work;

static int cand_less(const cand *a, const cand *b)
{
    return a->rank != b->rank ? a->rank < b->rank : a->left < b->left;
}

static void heap_push(bpe_work *w, cand c)
{
    size_t i = w->hn++;
    w->h[i] = c;
    while (i > 0 && cand_less(&w->h[i], &w->h[(i - 1) / 2])) {
        cand t = w->h[i];
        w->h[i] = w->h[(i - 1) / 2];
        w->h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static cand heap_pop(bpe_work *w)
{
    cand top = w->h[0];
    w->h[0] = w->h[--w->hn];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < w->hn && cand_less(&w->h[l], &w->h[m]))
            m = l;
        if (r < w->hn && cand_less(&w->h[r], &w->h[m]))
            m = r;
        if (m == i)
            break;
        cand t = w->h[i];
        w->h[i] = w->h[m];
        w->h[m] = t;
        i = m;
    }
    return top;
}

static void try_pair(const tok_vocab *v, bpe_work *w, int left)
{
    int right = w->s[left].next;
    uint32_t rank, res;
    if (right >= 0 && tok_pairmap_get(&v->merges, w->s[left].id, w->s[right].id, &rank, &res) == 0)
        heap_push(w, (cand){rank, left, w->s[left].id, w->s[right].id});
}

static int bpe_piece(const tok_vocab *v, const uint8_t *p, size_t n, bpe_work *w, idvec *out)
{
    /* LLaMA-3 sets ignore_merges: a piece that is itself a token is emitted whole. */
    char text[4 * 256];
    text[0] = 0; /* n >= 1 always; this only quiets -Wmaybe-uninitialized at -O1 */
    if (n <= 256) {
        size_t tl = 0;
        for (size_t i = 0; i < n; i++) {
            size_t bl;
            const char *bt = tok_text(v, (int32_t)v->byte_tok[p[i]], &bl);
            memcpy(text + tl, bt, bl);
            tl += bl;
        }
        int32_t whole = tok_find(v, text, tl);
        if (whole >= 0)
            return push_id(out, whole);
    }
    if (n > w->scap) {
        sym *s = realloc(w->s, n * sizeof *s);
        cand *h = realloc(w->h, n * sizeof *h);
        if (s)
            w->s = s;
        if (h)
            w->h = h;
        if (!s || !h)
            return -1;
        w->scap = w->hcap = n;
    }
    for (size_t i = 0; i < n; i++)
        w->s[i] = (sym){v->byte_tok[p[i]], (int)i - 1, i + 1 < n ? (int)i + 1 : -1};
    w->hn = 0;
    for (size_t i = 0; i + 1 < n; i++)
        try_pair(v, w, (int)i);
    while (w->hn) {
        cand c = heap_pop(w);
        int right = w->s[c.left].next;
        /* Stale if either symbol was merged into something else since this pair was queued. */
        if (right < 0 || w->s[c.left].id != c.lid || w->s[right].id != c.rid || w->s[c.left].prev == -2)
            continue;
        uint32_t rank, res;
        tok_pairmap_get(&v->merges, c.lid, c.rid, &rank, &res);
        w->s[c.left].id = res;
        w->s[c.left].next = w->s[right].next;
        if (w->s[right].next >= 0)
            w->s[w->s[right].next].prev = c.left;
        w->s[right].prev = -2; /* dead */
        w->s[right].id = UINT32_MAX;
        /* The heap holds at most one entry per live left symbol plus stale ones; n - 1 merges at most
         * push 2 each, so grow it when needed. */
        if (w->hn + 2 > w->hcap) {
            cand *h = realloc(w->h, 2 * w->hcap * sizeof *h);
            if (!h)
                return -1;
            w->h = h;
            w->hcap *= 2;
        }
        if (w->s[c.left].prev >= 0)
            try_pair(v, w, w->s[c.left].prev);
        try_pair(v, w, c.left);
    }
    for (int i = 0; i >= 0; i = w->s[i].next)
        if (push_id(out, (int32_t)w->s[i].id))
            return -1;
    return 0;
}

/* Splits text by the pre-tokenizer regex and BPE-encodes each piece. */
static int encode_plain(const tok_vocab *v, const char *text, size_t len, pcre2_match_data *md, bpe_work *w,
                        idvec *out, char *err, size_t errlen)
{
    size_t at = 0;
    while (at < len) {
        int rc = pcre2_match(v->split, (PCRE2_SPTR)text, len, at, 0, md, NULL);
        size_t s = len, e = len;
        if (rc >= 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            s = ov[0];
            e = ov[1];
            if (e == s) { /* an empty match cannot happen with this regex; step anyway */
                e = s + 1;
            }
        } else if (rc != PCRE2_ERROR_NOMATCH) {
            char msg[128];
            pcre2_get_error_message(rc, (PCRE2_UCHAR *)msg, sizeof msg);
            snprintf(err, errlen, "tokenizer: pre-tokenizer failed at byte %zu: %s", at, msg);
            return -1;
        }
        /* Bytes the regex skipped (invalid UTF-8) become a piece of their own. */
        if (s > at && bpe_piece(v, (const uint8_t *)text + at, s - at, w, out))
            goto oom;
        if (e > s && bpe_piece(v, (const uint8_t *)text + s, e - s, w, out))
            goto oom;
        at = e;
    }
    return 0;
oom:
    snprintf(err, errlen, "tokenizer: out of memory encoding %zu bytes", len);
    return -1;
}

/* The special token starting at text[i], longest first; -1 if none. */
static int32_t special_at(const tok_vocab *v, const char *text, size_t len, size_t i, int parse_special)
{
    if (!v->special_first[(uint8_t)text[i]])
        return -1;
    for (uint32_t k = 0; k < v->n_specials; k++) {
        uint32_t id = v->specials[k];
        /* Control tokens only when asked; user-defined ones always (as llama.cpp). */
        if (!parse_special && v->type[id] == TOK_T_CONTROL)
            continue;
        if (v->len[id] <= len - i && v->text[id][0] == text[i] && memcmp(v->text[id], text + i, v->len[id]) == 0)
            return (int32_t)id;
    }
    return -1;
}

int tok_encode(const tok_vocab *v, const char *text, size_t len, int add_bos, int parse_special, int32_t **ids,
               size_t *n_ids, char *err, size_t errlen)
{
    if (!v || !ids || !n_ids || (!text && len)) {
        snprintf(err, errlen, "tok_encode: NULL argument");
        return -1;
    }
    *ids = NULL;
    *n_ids = 0;
    if (err && errlen)
        err[0] = 0;
    idvec out = {0};
    bpe_work w = {0};
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(v->split, NULL);
    int rc = md ? 0 : -1;
    if (rc)
        snprintf(err, errlen, "tokenizer: out of memory");
    if (!rc && add_bos) {
        if (v->bos < 0) {
            snprintf(err, errlen, "tokenizer: BOS requested but the vocabulary names no tokenizer.ggml.bos_token_id");
            rc = -1;
        } else if (push_id(&out, v->bos)) {
            rc = -1;
        }
    }
    size_t start = 0;
    for (size_t i = 0; !rc && i <= len; i++) {
        int32_t sp = -1;
        if (i < len && v->n_specials) {
            sp = special_at(v, text, len, i, parse_special);
            if (sp < 0)
                continue;
        }
        if (i > start)
            rc = encode_plain(v, text + start, i - start, md, &w, &out, err, errlen);
        if (!rc && sp >= 0) {
            rc = push_id(&out, sp);
            i += v->len[sp] - 1;
        }
        start = i + 1;
    }
    if (md)
        pcre2_match_data_free(md);
    free(w.s);
    free(w.h);
    if (rc) {
        if (err && errlen && !err[0])
            snprintf(err, errlen, "tokenizer: out of memory encoding %zu bytes", len);
        free(out.ids);
        return -1;
    }
    *ids = out.ids;
    *n_ids = out.n;
    return 0;
}
