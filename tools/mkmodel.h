/* tritium-mkmodel internals: the model description and the pieces that write it. */
#ifndef MKMODEL_H
#define MKMODEL_H

#include <stdint.h>
#include "runtime/gguf/gguf.h"

typedef struct {
    const char *name;
    uint32_t hidden, ffn, layers, heads, kv_heads, head_dim, ctx;
    float rope_theta, eps;
} mk_preset;

typedef struct {
    mk_preset p;
    gguf_type tern, embd;
    int vocab_bytes;          /* 1: the small byte-level vocabulary; 0: copy LLaMA-3's */
    const char *vocab_file;
    const char *arch;         /* "bitnet-b1.58" (Microsoft) or "bitnet" (upstream llama.cpp) */
    const char *out;
    uint64_t seed;
    uint32_t n_vocab;         /* filled once the vocabulary is known */
} mk_opts;

/* How one tensor's bytes are generated while the file is written. */
typedef enum { MK_TERNARY, MK_EMBD, MK_NORM } mk_kind;
typedef struct {
    mk_kind kind;
    gguf_type type;
    uint64_t rows, cols;      /* ne[1], ne[0] */
    uint64_t seed;            /* per tensor, from the model seed and the tensor's name */
} mk_tensor;

/* Writes the vocabulary (tokenizer.* keys) into w and sets o->n_vocab; with w NULL only measures.
 * 0, or -1 with err. */
int mk_vocab(gguf_writer *w, mk_opts *o, char *err, size_t errlen);
/* Writes the architecture metadata (general.* and <arch>.* keys). */
int mk_meta(gguf_writer *w, const mk_opts *o);
/* Fills a ternary or norm tensor (gguf_fill_fn for a mk_tensor context). */
int mk_fill(void *ctx, uint8_t *dst, size_t nbytes, char *err, size_t errlen);
/* Streams the embedding (gguf_stream_fn for a mk_tensor context). */
int mk_produce_embd(void *ctx, gguf_sink *sink, char *err, size_t errlen);
/* Seed of a tensor: a hash of its name mixed with the model seed, so it does not depend on order. */
uint64_t mk_tensor_seed(uint64_t seed, const char *name);

#endif
