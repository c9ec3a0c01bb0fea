/* Metadata of a tritium-mkmodel file: the keys Microsoft's BitNet b1.58 2B4T GGUF carries. */
#include <stdio.h>
#include <string.h>

#include "runtime/tokenizer/tokenizer.h"
#include "tools/mkmodel.h"

int mk_meta(gguf_writer *w, const mk_opts *o)
{
    char k[128];
    const mk_preset *p = &o->p;
    int rc = gguf_w_str(w, "general.architecture", o->arch);
    rc = rc || gguf_w_str(w, "general.name", p->name[0] == 't' ? "tritium tiny (random weights)"
                                                                : "tritium 2b4t-shaped (random weights)");
#define KEY(suffix) (snprintf(k, sizeof k, "%s." suffix, o->arch), k)
    rc = rc || gguf_w_u32(w, KEY("vocab_size"), o->n_vocab);
    rc = rc || gguf_w_u32(w, KEY("context_length"), p->ctx);
    rc = rc || gguf_w_u32(w, KEY("embedding_length"), p->hidden);
    rc = rc || gguf_w_u32(w, KEY("block_count"), p->layers);
    rc = rc || gguf_w_u32(w, KEY("feed_forward_length"), p->ffn);
    rc = rc || gguf_w_u32(w, KEY("rope.dimension_count"), p->head_dim);
    rc = rc || gguf_w_u32(w, KEY("attention.head_count"), p->heads);
    rc = rc || gguf_w_u32(w, KEY("attention.head_count_kv"), p->kv_heads);
    rc = rc || gguf_w_f32(w, KEY("rope.freq_base"), p->rope_theta);
    rc = rc || gguf_w_f32(w, KEY("attention.layer_norm_rms_epsilon"), p->eps);
#undef KEY
    rc = rc || gguf_w_u32(w, "general.file_type", gguf_file_type(o->tern));
    rc = rc || gguf_w_u32(w, "general.quantization_version", 2);
    return rc ? -1 : 0;
}

int mk_vocab(gguf_writer *w, mk_opts *o, char *err, size_t errlen)
{
    if (o->vocab_bytes) {
        gguf_writer *scratch = w ? NULL : gguf_writer_new(32);
        gguf_writer *dst = w ? w : scratch;
        int n = dst ? tok_write_byte_vocab(dst) : -1;
        if (n >= 0 && w && gguf_w_bool(w, "tokenizer.ggml.add_bos_token", 1))
            n = -1;
        if (n < 0)
            snprintf(err, errlen, "writing the byte vocabulary: %s", dst ? gguf_w_error(dst) : "out of memory");
        gguf_writer_free(scratch);
        if (n < 0)
            return -1;
        o->n_vocab = (uint32_t)n;
        return 0;
    }
    gguf_file *v = gguf_open(o->vocab_file, err, errlen);
    if (!v)
        return -1;
    const gguf_kv *toks = gguf_find_kv(v, "tokenizer.ggml.tokens");
    if (!toks || toks->type != GGUF_V_ARR || toks->arr_type != GGUF_V_STR || toks->arr_len == 0 ||
        toks->arr_len > UINT32_MAX) {
        snprintf(err, errlen, "%s: no tokenizer.ggml.tokens string array: not a vocabulary file", o->vocab_file);
        gguf_close(v);
        return -1;
    }
    o->n_vocab = (uint32_t)toks->arr_len;
    int rc = 0;
    for (size_t i = 0; w && i < gguf_kv_count(v) && !rc; i++) {
        const gguf_kv *kv = gguf_kv_at(v, i);
        if (kv->key.len > 10 && memcmp(kv->key.ptr, "tokenizer.", 10) == 0)
            rc = gguf_w_copy_kv(w, kv);
    }
    /* Microsoft's file says so explicitly; the llama.cpp vocabulary file leaves it to the default. */
    if (!rc && w && !gguf_find_kv(v, "tokenizer.ggml.add_bos_token"))
        rc = gguf_w_bool(w, "tokenizer.ggml.add_bos_token", 1);
    gguf_close(v);
    if (rc)
        snprintf(err, errlen, "copying the vocabulary from %s: %s", o->vocab_file, gguf_w_error(w));
    return rc;
}
