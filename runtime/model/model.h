/*
 * BitNet b1.58 model: hyperparameters from GGUF metadata, weights prepared once on a backend, and
 * the forward pass with a KV cache (batched prefill, single-token decode).
 *
 * Every ternary BitLinear goes through rt_backend_matmul; everything else (embedding, RMSNorm, RoPE,
 * attention, ReLU^2, residuals, the head) runs on the CPU with kernels_fast/kr_ops.h, shared by all
 * backends, so logits are bit-identical whenever the integer matmul results are.
 * Conventions (RoPE layout, GQA mapping, scales) are those of llama.cpp / bitnet.cpp: docs/model.md.
 */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "kernels_fast/kr_pool.h"
#include "runtime/gguf/gguf.h"
#include "runtime/backend/rt_backend.h"

/* RoPE pairing. Every BitNet architecture llama.cpp / bitnet.cpp know uses NEOX: element i with
 * i + d/2 (q/k rows in the HF order); LLaMA's NORM pairing (2i, 2i+1) is not used by these files. */
typedef enum { MODEL_ROPE_NEOX = 1 } model_rope;
/* FFN gate activation: ReLU^2 (BitNet b1.58 2B4T, bitnet.cpp's build_bitnet_158) or SiLU (upstream
 * llama.cpp's build_bitnet, written for the 1bitLLM models). */
typedef enum { MODEL_ACT_RELU2 = 0, MODEL_ACT_SILU = 1 } model_act;

typedef struct {
    char arch[32];        /* general.architecture */
    uint32_t n_embd;      /* hidden size */
    uint32_t n_ff;        /* FFN size */
    uint32_t n_layer;
    uint32_t n_head;
    uint32_t n_head_kv;
    uint32_t head_dim;    /* n_embd / n_head */
    uint32_t n_vocab;     /* rows of token_embd */
    uint32_t n_ctx;       /* trained context length */
    float rope_theta;
    float norm_eps;
    model_rope rope;
    model_act act;
    int32_t bos, eos, eot; /* -1 when the file does not say */
    int add_bos;           /* prepend BOS to a prompt */
} model_hparams;

/* Reads and checks hyperparameters from metadata of architecture bitnet-b1.58, bitnet-25 or bitnet.
 * n_vocab is filled later from token_embd (0 here unless <arch>.vocab_size is present). */
int model_hparams_read(const gguf_file *f, model_hparams *hp, char *err, size_t errlen);
const char *model_rope_name(model_rope r);
const char *model_act_name(model_act a);

typedef struct model model;

/* Load-time choices. */
typedef struct {
    /* Also keep a per-row int8 copy of the head (vocab x hidden bytes) and compute the logits from
     * it: about half the bytes per token of an F16 head; accuracy in docs/kernels.md. */
    int head_int8;
} model_opts;

/*
 * Loads every tensor of f: ternary layers decoded and prepared on backend be once, norms as f32,
 * the token embedding (also the head, as in llama.cpp) kept in the mapping through kr_head.
 * f, be and pool (may be NULL) are borrowed and must outlive the model; opts may be NULL (defaults).
 */
int model_load(gguf_file *f, rt_backend *be, kr_pool *pool, const model_opts *opts, model **out, char *err,
               size_t errlen);
void model_free(model *m);

const model_hparams *model_get_hparams(const model *m);
const char *model_head_type(const model *m);    /* "F16", "Q8_0", ... of the output head */
int model_head_int8(const model *m);            /* 1 when the logits come from an int8 copy of the head */
int model_head_tied(const model *m);            /* 1 when the head is the token embedding */
const char *model_tern_type(const model *m);    /* file encoding of the ternary tensors */
/* Bytes of ternary weights one token reads, 2 bits per weight (the canonical packing). */
uint64_t model_tern_bytes(const model *m);
uint64_t model_tern_params(const model *m);
/* Bytes the output head reads per token (the int8 copy with --head-int8, else the file's rows). */
uint64_t model_head_bytes(const model *m);

/* Time spent by the forward pass since the context was made. */
typedef struct {
    double total_seconds;   /* wall time inside model_forward */
    double matmul_seconds;  /* wall time inside rt_backend_matmul (simulation time on sim) */
    double head_seconds;    /* the head GEMV (CPU) */
    double attn_seconds;    /* RoPE, KV cache writes and attention (CPU) */
    uint64_t tokens;        /* tokens processed */
    uint64_t forwards;      /* model_forward calls */
} model_timing;

typedef struct model_ctx model_ctx;

/* How the KV cache stores keys and values. F32 keeps them as computed. F16 rounds them to binary16
 * when they are stored (as llama.cpp's default cache does): half the cache memory and half the
 * bytes attention reads per token; the logits become those of the model with K and V so rounded,
 * which moves them as much as the model's attention is sensitive to it (docs/model.md). */
typedef enum { MODEL_KV_F32 = 0, MODEL_KV_F16 = 1 } model_kv_type;
const char *model_kv_name(model_kv_type kv);   /* "f32" / "f16" */
size_t model_kv_elem_bytes(model_kv_type kv);  /* bytes per cached key or value element: 4 / 2 */
/* Parses "f32" / "f16"; returns -1 for anything else. */
int model_kv_parse(const char *s, model_kv_type *out);

/* A KV cache of n_ctx positions (1 <= n_ctx <= hparams.n_ctx). */
model_ctx *model_ctx_new(const model *m, uint32_t n_ctx, model_kv_type kv, char *err, size_t errlen);
void model_ctx_free(model_ctx *c);
uint32_t model_ctx_pos(const model_ctx *c);     /* tokens already in the cache */
uint32_t model_ctx_size(const model_ctx *c);
void model_ctx_reset(model_ctx *c);             /* empties the cache (timing kept) */
const model_timing *model_ctx_timing(const model_ctx *c);
/* Called after every layer of every forward pass (for progress displays of slow simulated runs). */
typedef void (*model_progress_fn)(void *user, unsigned layer_done, unsigned n_layer, size_t n_tokens);
void model_ctx_set_progress(model_ctx *c, model_progress_fn fn, void *user);

/*
 * Runs tokens[0..n) at positions pos .. pos+n-1 (one batched pass: each BitLinear is one matmul with
 * N = n) and writes the logits of the last token (n_vocab floats) into logits (may be NULL: cache only).
 * Fails with a message if a token id is out of range or the cache would overflow.
 */
int model_forward(model *m, model_ctx *c, const int32_t *tokens, size_t n, float *logits,
                  char *err, size_t errlen);
/* The same, writing the logits of every position from `first` to n - 1 of the batch (rows of n_vocab
 * floats): what perplexity scores. Each row equals what model_forward gives for that position. */
int model_forward_rows(model *m, model_ctx *c, const int32_t *tokens, size_t n, size_t first, float *logits,
                       char *err, size_t errlen);

#endif
