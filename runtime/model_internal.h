/* The model's private layout, shared by model_load.c, model_forward.c and model_attn.c only. */
#ifndef MODEL_INTERNAL_H
#define MODEL_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include "kernels_ref/kr_head.h"
#include "runtime/model.h"

/* One ternary BitLinear: prepared on the backend, with the scale that turns int32 back into floats. */
typedef struct {
    rt_weights *w;
    float scale;          /* tensor scale (times the optional <name>.scale tensor of upstream files) */
    uint32_t rows, cols;  /* M outputs, K inputs */
    const char *what;     /* "attn_q", ... for messages */
} model_linear;

typedef struct {
    float *attn_norm, *attn_sub_norm, *ffn_norm, *ffn_sub_norm;
    model_linear q, k, v, o, gate, up, down;
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
    float *k_cache, *v_cache;  /* [layer][pos][n_head_kv * head_dim] */
    float *inv_freq;           /* head_dim / 2 RoPE frequencies */
    float *att_scratch;        /* per pool thread: n_ctx scores */
    int att_threads;
    /* per-batch scratch, grown on demand to cap tokens */
    size_t cap;
    float *x, *xn, *q, *k, *v, *att, *g, *u, *tmp;
    int8_t *qa;
    float *act_scale;
    int32_t *y;
    model_timing timing;
    model_progress_fn progress;
    void *progress_user;
};

double model_now(void);

/* Rotates rows of n_heads * head_dim floats at position pos in place. */
void model_rope_apply(const model_ctx *c, float *row, uint32_t n_heads, uint32_t pos);
/* Causal GQA attention of n query rows at pos0.. against the cache of layer l (already holding them). */
void model_attention(model_ctx *c, uint32_t l, const float *q, size_t n, uint32_t pos0, float *out);

#endif
