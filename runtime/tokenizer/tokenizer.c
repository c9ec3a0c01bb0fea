/* Tokenizer construction from GGUF metadata, lookups, and decoding (byte alphabet undone). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/gguf/gguf.h"
#include "runtime/tokenizer/tok_bytes_impl.h"
#include "runtime/tokenizer/tok_impl.h"

/* llama.cpp's LLAMA3 pre-tokenizer expression (llama-vocab.cpp, LLAMA_VOCAB_PRE_TYPE_LLAMA3). */
static const char split_regex[] =
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
    " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

static int fail(tok_vocab *v, char *err, size_t errlen, const char *fmt, const char *a, long long b)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, a, b);
    tok_free(v);
    return -1;
}

static int load_tokens(tok_vocab *v, const gguf_file *f, char *err, size_t errlen)
{
    const gguf_kv *toks = gguf_find_kv(f, "tokenizer.ggml.tokens");
    if (!toks || toks->type != GGUF_V_ARR || toks->arr_type != GGUF_V_STR)
        return fail(NULL, err, errlen, "tokenizer: %s is missing or not a string array%.0lld", "tokenizer.ggml.tokens", 0);
    if (toks->arr_len == 0 || toks->arr_len > INT32_MAX)
        return fail(NULL, err, errlen, "tokenizer: %s has %lld tokens", "tokenizer.ggml.tokens", (long long)toks->arr_len);
    v->n = (uint32_t)toks->arr_len;
    size_t total = 0;
    gguf_str s;
    for (uint32_t i = 0; i < v->n; i++) {
        gguf_arr_str(toks, i, &s);
        if (s.len == 0 || s.len > 4096)
            return fail(NULL, err, errlen, "tokenizer: token %s%lld has an empty or over-long text", "", i);
        total += s.len + 1;
    }
    v->arena = malloc(total);
    v->text = malloc(v->n * sizeof *v->text);
    v->len = malloc(v->n * sizeof *v->len);
    v->type = malloc(v->n);
    if (!v->arena || !v->text || !v->len || !v->type || tok_strmap_init(&v->by_text, v->n))
        return fail(NULL, err, errlen, "tokenizer: out of memory for %s%lld tokens", "", v->n);
    char *p = v->arena;
    for (uint32_t i = 0; i < v->n; i++) {
        gguf_arr_str(toks, i, &s);
        memcpy(p, s.ptr, s.len);
        p[s.len] = 0;
        v->text[i] = p;
        v->len[i] = (uint32_t)s.len;
        p += s.len + 1;
        tok_strmap_put(&v->by_text, v->text, v->len, i);
    }
    const gguf_kv *types = gguf_find_kv(f, "tokenizer.ggml.token_type");
    for (uint32_t i = 0; i < v->n; i++) {
        int64_t t = TOK_T_NORMAL;
        if (types && (types->type != GGUF_V_ARR || types->arr_len != v->n || gguf_arr_i64(types, i, &t) != 0))
            return fail(NULL, err, errlen, "tokenizer: %s must be an integer array with one entry per token (%lld)",
                        "tokenizer.ggml.token_type", v->n);
        v->type[i] = (uint8_t)(t >= TOK_T_NORMAL && t <= TOK_T_BYTE ? t : TOK_T_NORMAL);
    }
    for (unsigned b = 0; b < 256; b++) {
        char c[4];
        size_t n = tok_utf8_put(tok_byte_to_cp((uint8_t)b), c);
        int32_t id = tok_strmap_get(&v->by_text, v->text, v->len, c, n);
        if (id < 0)
            return fail(NULL, err, errlen, "tokenizer: the vocabulary has no token for byte %s0x%02llx: not a byte-level BPE vocabulary", "", b);
        v->byte_tok[b] = (uint32_t)id;
    }
    return 0;
}

static int load_merges(tok_vocab *v, const gguf_file *f, char *err, size_t errlen)
{
    const gguf_kv *m = gguf_find_kv(f, "tokenizer.ggml.merges");
    uint64_t n = m ? m->arr_len : 0;
    if (m && (m->type != GGUF_V_ARR || m->arr_type != GGUF_V_STR))
        return fail(NULL, err, errlen, "tokenizer: %s is not a string array%.0lld", "tokenizer.ggml.merges", 0);
    if (n > UINT32_MAX / 2 || tok_pairmap_init(&v->merges, (size_t)n))
        return fail(NULL, err, errlen, "tokenizer: cannot hold %s%lld merges", "", (long long)n);
    char buf[8192];
    for (uint64_t r = 0; r < n; r++) {
        gguf_str s;
        gguf_arr_str(m, r, &s);
        /* "left right": byte-alphabet texts never contain a space, so the first one separates. */
        const char *sp = memchr(s.ptr, ' ', s.len);
        if (!sp || sp == s.ptr || sp == s.ptr + s.len - 1 || s.len >= sizeof buf)
            return fail(NULL, err, errlen, "tokenizer: merge %s#%lld is not of the form 'left right'", "", (long long)r);
        size_t ll = (size_t)(sp - s.ptr), rl = s.len - ll - 1;
        int32_t a = tok_strmap_get(&v->by_text, v->text, v->len, s.ptr, ll);
        int32_t b = tok_strmap_get(&v->by_text, v->text, v->len, sp + 1, rl);
        memcpy(buf, s.ptr, ll);
        memcpy(buf + ll, sp + 1, rl);
        int32_t c = tok_strmap_get(&v->by_text, v->text, v->len, buf, ll + rl);
        /* A merge whose parts or result are not tokens can never apply to token symbols. */
        if (a >= 0 && b >= 0 && c >= 0)
            tok_pairmap_put(&v->merges, (uint32_t)a, (uint32_t)b, (uint32_t)r, (uint32_t)c);
    }
    return 0;
}

static void sort_specials(tok_vocab *v)
{
    /* Longest first, so "<|eot_id|>" wins over any shorter token that is its prefix. qsort has no
     * context argument in C11; the list is short (256 for LLaMA-3), so insertion sort it. */
    for (uint32_t i = 1; i < v->n_specials; i++) {
        uint32_t x = v->specials[i], j = i;
        while (j > 0 && (v->len[v->specials[j - 1]] < v->len[x] ||
                         (v->len[v->specials[j - 1]] == v->len[x] && v->specials[j - 1] > x))) {
            v->specials[j] = v->specials[j - 1];
            j--;
        }
        v->specials[j] = x;
    }
}

static int32_t opt_id(const tok_vocab *v, const gguf_file *f, const char *key)
{
    uint32_t id;
    return gguf_get_u32(f, key, &id) == 0 && id < v->n ? (int32_t)id : -1;
}

tok_vocab *tok_load(const gguf_file *f, char *err, size_t errlen)
{
    gguf_str model, pre;
    if (!f) {
        fail(NULL, err, errlen, "tokenizer: no model file%s%.0lld", "", 0);
        return NULL;
    }
    if (gguf_get_str(f, "tokenizer.ggml.model", &model) != 0) {
        fail(NULL, err, errlen, "tokenizer: the file has no %s key: it carries no vocabulary%.0lld", "tokenizer.ggml.model", 0);
        return NULL;
    }
    if (!gguf_str_eq(model, "gpt2")) {
        char m[64];
        snprintf(m, sizeof m, "%.*s", (int)(model.len < 60 ? model.len : 60), model.ptr);
        fail(NULL, err, errlen, "tokenizer: unsupported tokenizer.ggml.model '%s' (only gpt2 byte-level BPE)%.0lld", m, 0);
        return NULL;
    }
    if (gguf_get_str(f, "tokenizer.ggml.pre", &pre) == 0 && !gguf_str_eq(pre, "llama-bpe") &&
        !gguf_str_eq(pre, "llama3")) {
        char m[64];
        snprintf(m, sizeof m, "%.*s", (int)(pre.len < 60 ? pre.len : 60), pre.ptr);
        fail(NULL, err, errlen, "tokenizer: unsupported pre-tokenizer tokenizer.ggml.pre = '%s' (only llama-bpe)%.0lld", m, 0);
        return NULL;
    }
    tok_vocab *v = calloc(1, sizeof *v);
    if (!v) {
        fail(NULL, err, errlen, "tokenizer: out of memory%s%.0lld", "", 0);
        return NULL;
    }
    if (load_tokens(v, f, err, errlen) || load_merges(v, f, err, errlen)) {
        tok_free(v);
        return NULL;
    }
    v->bos = opt_id(v, f, "tokenizer.ggml.bos_token_id");
    v->eos = opt_id(v, f, "tokenizer.ggml.eos_token_id");
    v->eot = opt_id(v, f, "tokenizer.ggml.eot_token_id");
    if (v->eot < 0)
        v->eot = tok_find(v, "<|eot_id|>", 10);
    v->specials = malloc(v->n * sizeof *v->specials);
    if (!v->specials) {
        fail(v, err, errlen, "tokenizer: out of memory%s%.0lld", "", 0);
        return NULL;
    }
    for (uint32_t i = 0; i < v->n; i++)
        if (v->type[i] == TOK_T_CONTROL || v->type[i] == TOK_T_USER) {
            v->specials[v->n_specials++] = i;
            v->special_first[(uint8_t)v->text[i][0]] = 1;
        }
    sort_specials(v);
    int ec;
    PCRE2_SIZE eo;
    v->split = pcre2_compile((PCRE2_SPTR)split_regex, PCRE2_ZERO_TERMINATED,
                             PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
    if (!v->split) {
        char msg[128];
        pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof msg);
        fail(v, err, errlen, "tokenizer: compiling the pre-tokenizer regex failed: %s (at %lld)", msg, (long long)eo);
        return NULL;
    }
    pcre2_jit_compile(v->split, PCRE2_JIT_COMPLETE); /* optional speed-up; the interpreter is the fallback */
    return v;
}

void tok_free(tok_vocab *v)
{
    if (!v)
        return;
    tok_strmap_free(&v->by_text);
    tok_pairmap_free(&v->merges);
    if (v->split)
        pcre2_code_free(v->split);
    free(v->specials);
    free(v->arena);
    free(v->text);
    free(v->len);
    free(v->type);
    free(v);
}

int32_t tok_n_vocab(const tok_vocab *v) { return v ? (int32_t)v->n : 0; }
int32_t tok_bos(const tok_vocab *v) { return v ? v->bos : -1; }
int32_t tok_eos(const tok_vocab *v) { return v ? v->eos : -1; }
int32_t tok_eot(const tok_vocab *v) { return v ? v->eot : -1; }
int tok_is_eog(const tok_vocab *v, int32_t id) { return v && id >= 0 && (id == v->eos || id == v->eot); }
int tok_type(const tok_vocab *v, int32_t id) { return v && id >= 0 && (uint32_t)id < v->n ? v->type[id] : 0; }

const char *tok_text(const tok_vocab *v, int32_t id, size_t *len)
{
    if (!v || id < 0 || (uint32_t)id >= v->n)
        return NULL;
    if (len)
        *len = v->len[id];
    return v->text[id];
}

int32_t tok_find(const tok_vocab *v, const char *text, size_t len)
{
    return v && text ? tok_strmap_get(&v->by_text, v->text, v->len, text, len) : -1;
}

int tok_token_to_piece(const tok_vocab *v, int32_t id, int special, char *buf, size_t cap)
{
    if (!v || id < 0 || (uint32_t)id >= v->n || (!buf && cap))
        return -1;
    const char *t = v->text[id];
    size_t n = v->len[id], out = 0;
    int type = v->type[id];
    if (type == TOK_T_CONTROL || type == TOK_T_UNKNOWN || type == TOK_T_UNUSED) {
        if (!special)
            return 0;
        type = TOK_T_USER; /* shown as its text */
    }
    if (type == TOK_T_USER) {
        if (cap)
            memcpy(buf, t, n < cap ? n : cap);
        return (int)n;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = tok_utf8_get(t + i, n - i, &cp);
        int b = k ? tok_cp_to_byte(cp) : -1;
        if (b >= 0) {
            if (out < cap)
                buf[out] = (char)b;
            out++;
        } else {
            /* Not in the byte alphabet: pass the text through unchanged. */
            size_t m = k ? k : 1;
            for (size_t j = 0; j < m; j++, out++)
                if (out < cap)
                    buf[out] = t[i + j];
            k = m;
        }
        i += k;
    }
    return (int)out;
}

char *tok_decode(const tok_vocab *v, const int32_t *ids, size_t n, int special, size_t *len, char *err,
                 size_t errlen)
{
    if (!v || (!ids && n)) {
        fail(NULL, err, errlen, "tok_decode: NULL %s%.0lld", "argument", 0);
        return NULL;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        int k = tok_token_to_piece(v, ids[i], special, NULL, 0);
        if (k < 0) {
            fail(NULL, err, errlen, "tok_decode: token id at position %s%lld is out of range", "", (long long)i);
            return NULL;
        }
        total += (size_t)k;
    }
    char *s = malloc(total + 1);
    if (!s) {
        fail(NULL, err, errlen, "tok_decode: out of memory for %s%lld bytes", "", (long long)total);
        return NULL;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++)
        at += (size_t)tok_token_to_piece(v, ids[i], special, s + at, total - at);
    s[at] = 0;
    if (len)
        *len = at;
    return s;
}
