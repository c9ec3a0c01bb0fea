/* The model's private layout, shared by model_load.c, model_forward.c and model_attn.c only. */
#ifndef MODEL_INTERNAL_H
#define MODEL_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include "kernels_fast/kr_head.h"
#include "runtime/model/model.h"

/* One of the BitLinear layers that share a fused matmul: its own rows and scale. */
typedef struct {
    uint32_t rows;        /* M outputs of this layer */
    float scale;          /* tensor scale (times the optional <name>.scale tensor of upstream files) */
    const char *what;     /* "attn_q", ... for messages */
} model_part;

#define MODEL_MAX_PARTS 3

/*
 * BitLinear layers that read the same input (q, k, v; gate, up) run as one matmul over their
 * stacked rows: one activation quantization, one pass of the threads or one device command instead
 * of several, and each part is dequantized with its own scale. Prepared once on the backend.
 */
typedef struct {
    rt_weights *w;
    uint32_t rows, cols;  /* M = sum of the parts' rows, K inputs */
    unsigned nparts;
    model_part part[MODEL_MAX_PARTS];
    const char *what;     /* "attn_qkv", ... for messages */
} model_linear;

typedef struct {
    float *attn_norm, *attn_sub_norm, *ffn_norm, *ffn_sub_norm;
    model_linear qkv, o, gate_up, down;
} model_layer;

struct model {
    model_hparams hp;
    rt_backend *be;
    kr_pool *pool;
    kr_head *embd;        /* token embedding */
    kr_head *head;        /* == embd when tied */
    const char *head_type;
    int head_int8;
    const char *tern_type;
    float *output_norm;
    model_layer *layers;
    uint64_t tern_bytes, tern_params;
};

struct model_ctx {
    const model *m;
    uint32_t n_ctx, pos;
    /* [layer][kv head][pos][head_dim]: one head's keys (values) are contiguous, so attention
     * streams them from DRAM in one run instead of 512-byte pieces 2.5 KB apart */
    void *k_cache, *v_cache;   /* float or binary16 (uint16_t) elements, as kv */
    model_kv_type kv;
    float *inv_freq;           /* head_dim / 2 RoPE frequencies */
    float *att_scratch;        /* per pool thread: 4 x n_ctx scores and one widened row */
    int att_threads;
    /* per-batch scratch, grown on demand to cap tokens */
    size_t cap;
    float *x, *xn, *q, *k, *v, *att, *g, *u, *tmp;
    float *rope;               /* per token: model_rope_table of its position */
    int8_t *qa;
    float *act_scale;
    int32_t *y;
    model_timing timing;
    model_progress_fn progress;
    void *progress_user;
};

double model_now(void);

/* The rotation of position pos: head_dim / 2 cosines then head_dim / 2 sines (computed once per
 * token and shared by every head of every layer), as kr_rope_neox_f32 takes it. */
void model_rope_table(const model_ctx *c, uint32_t pos, float *cs);

/* Causal GQA attention of n query rows at pos0.. against the cache of layer l (already holding them). */
void model_attention(model_ctx *c, uint32_t l, const float *q, size_t n, uint32_t pos0, float *out);

#endif
