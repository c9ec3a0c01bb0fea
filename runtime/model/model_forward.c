/* The forward pass: batched BitLinear layers through the backend, float work on the CPU. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_gemm.h"
#include "kernels_fast/kr_ops.h"
#include "kernels_fast/kr_quant_fast.h"
#include "runtime/model/model_internal.h"
#include "runtime/common/rt_fail.h"

const char *model_kv_name(model_kv_type kv) { return kv == MODEL_KV_F16 ? "f16" : "f32"; }
size_t model_kv_elem_bytes(model_kv_type kv) { return kv == MODEL_KV_F16 ? sizeof(uint16_t) : sizeof(float); }

int model_kv_parse(const char *s, model_kv_type *out)
{
    if (!s || !out)
        return -1;
    if (strcmp(s, "f32") == 0)
        *out = MODEL_KV_F32;
    else if (strcmp(s, "f16") == 0)
        *out = MODEL_KV_F16;
    else
        return -1;
    return 0;
}

model_ctx *model_ctx_new(const model *m, uint32_t n_ctx, model_kv_type kv, char *err, size_t errlen)
{
    if (!m) {
        rt_fail(err, errlen, "model_ctx_new: NULL model");
        return NULL;
    }
    if (kv != MODEL_KV_F32 && kv != MODEL_KV_F16) {
        rt_fail(err, errlen, "model: unknown KV cache type %d (f32 or f16)", (int)kv);
        return NULL;
    }
    if (n_ctx == 0 || n_ctx > m->hp.n_ctx) {
        rt_fail(err, errlen, "model: context of %u tokens requested; this model supports 1 to %u",
                   n_ctx, m->hp.n_ctx);
        return NULL;
    }
    model_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        rt_fail(err, errlen, "model: out of memory for the context");
        return NULL;
    }
    c->m = m;
    c->n_ctx = n_ctx;
    c->kv = kv;
    const size_t esize = model_kv_elem_bytes(kv);
    size_t kvw = (size_t)m->hp.n_head_kv * m->hp.head_dim;
    size_t cache = (size_t)m->hp.n_layer * n_ctx * kvw;
    c->att_threads = kr_pool_threads(m->pool);
    if (c->att_threads < 1)
        c->att_threads = 1;
    c->k_cache = malloc(esize * cache);
    c->v_cache = malloc(esize * cache);
    c->inv_freq = malloc(sizeof(float) * (m->hp.head_dim / 2));
    /* kr_attn_heads_* score up to 4 query heads of a KV group at once (and widen a binary16 row) */
    c->att_scratch = malloc(sizeof(float) * (4 * (size_t)n_ctx + m->hp.head_dim) * (size_t)c->att_threads);
    if (!c->k_cache || !c->v_cache || !c->inv_freq || !c->att_scratch) {
        rt_fail(err, errlen, "model: out of memory for a KV cache of %u tokens (%.1f MiB, %s)", n_ctx,
                   2.0 * (double)esize * (double)cache / (1024.0 * 1024.0), model_kv_name(kv));
        model_ctx_free(c);
        return NULL;
    }
    /* theta_i = base^(-2i/d), as ggml's rope (freq_scale 1, no YaRN: these models use none). */
    for (uint32_t i = 0; i < m->hp.head_dim / 2; i++)
        c->inv_freq[i] = (float)pow((double)m->hp.rope_theta, -2.0 * i / (double)m->hp.head_dim);
    return c;
}

static void free_scratch(model_ctx *c)
{
    free(c->x); free(c->xn); free(c->q); free(c->k); free(c->v); free(c->att);
    free(c->g); free(c->u); free(c->tmp); free(c->qa); free(c->act_scale); free(c->y); free(c->rope);
    c->x = c->xn = c->q = c->k = c->v = c->att = c->g = c->u = c->tmp = c->rope = NULL;
    c->qa = NULL;
    c->act_scale = NULL;
    c->y = NULL;
    c->cap = 0;
}

void model_ctx_free(model_ctx *c)
{
    if (!c)
        return;
    free_scratch(c);
    free(c->k_cache);
    free(c->v_cache);
    free(c->inv_freq);
    free(c->att_scratch);
    free(c);
}

uint32_t model_ctx_pos(const model_ctx *c) { return c ? c->pos : 0; }
uint32_t model_ctx_size(const model_ctx *c) { return c ? c->n_ctx : 0; }
void model_ctx_reset(model_ctx *c) { if (c) c->pos = 0; }
const model_timing *model_ctx_timing(const model_ctx *c) { return c ? &c->timing : NULL; }

void model_ctx_set_progress(model_ctx *c, model_progress_fn fn, void *user)
{
    if (!c)
        return;
    c->progress = fn;
    c->progress_user = user;
}

static int grow(model_ctx *c, size_t n)
{
    if (n <= c->cap)
        return 0;
    free_scratch(c);
    const model_hparams *hp = &c->m->hp;
    size_t e = hp->n_embd, ff = hp->n_ff, kv = (size_t)hp->n_head_kv * hp->head_dim;
    size_t wide = ff > e ? ff : e;
    /* the widest fused matmul output: q, k, v stacked, or gate and up stacked */
    size_t ywide = 2 * ff > e + 2 * kv ? 2 * ff : e + 2 * kv;
    c->x = malloc(sizeof(float) * n * e);
    c->xn = malloc(sizeof(float) * n * wide);
    c->q = malloc(sizeof(float) * n * e);
    c->k = malloc(sizeof(float) * n * kv);
    c->v = malloc(sizeof(float) * n * kv);
    c->att = malloc(sizeof(float) * n * e);
    c->g = malloc(sizeof(float) * n * ff);
    c->u = malloc(sizeof(float) * n * ff);
    c->tmp = malloc(sizeof(float) * n * e);
    c->qa = malloc(n * wide);
    c->act_scale = malloc(sizeof(float) * n);
    c->y = malloc(sizeof(int32_t) * n * ywide);
    c->rope = malloc(sizeof(float) * n * hp->head_dim);
    if (!c->x || !c->xn || !c->q || !c->k || !c->v || !c->att || !c->g || !c->u || !c->tmp || !c->qa ||
        !c->act_scale || !c->y || !c->rope) {
        free_scratch(c);
        return -1;
    }
    c->cap = n;
    return 0;
}

/* Asks for the n floats at p (a norm's weights, next needed after a matmul) to be brought into the
 * cache: they were evicted by the megabytes of weights streamed since their last use, and a
 * 10-27 KB array read cold is a latency-bound walk of the kind a decode step has 120 of. */
static void prefetch_floats(const float *p, size_t n)
{
    for (size_t i = 0; i < n; i += 16)
        __builtin_prefetch(p + i);
}

/* out[i][n][part rows] = BitLinear(in[n][cols]) for each part i of a fused linear: per-row int8
 * quantization (the fast path is bit-identical to kr_quant.h), one integer matmul over the stacked
 * rows on the backend, then each part dequantized with its own scale by kr_dequant's exact formula. */
static int bitlinear(model_ctx *c, const model_linear *lin, unsigned layer, const float *in, size_t n,
                     float *const *out, const float *next_norm, size_t next_len, char *err, size_t errlen)
{
    kr_status st = kr_quantize_rows_fast(in, n, lin->cols, lin->cols, c->qa, lin->cols, c->act_scale);
    if (st != KR_OK)
        return rt_fail(err, errlen, "model: layer %u %s: quantizing the input failed: %s", layer, lin->what,
                          kr_strerror(st));
    char e2[256];
    double t0 = model_now();
    int rc = rt_backend_matmul(c->m->be, lin->w, c->qa, n, lin->cols, c->y, lin->rows, e2, sizeof e2);
    c->timing.matmul_seconds += model_now() - t0;
    /* fetched while the parts below are dequantized */
    prefetch_floats(next_norm, next_len);
    if (rc != 0)
        return rt_fail(err, errlen, "model: layer %u %s (%ux%u, N=%zu) on backend %s: %s", layer, lin->what,
                          lin->rows, lin->cols, n, rt_backend_name(c->m->be), e2);
    size_t off = 0;
    for (unsigned i = 0; i < lin->nparts; i++) {
        const model_part *pt = &lin->part[i];
        st = kr_dequant_fast(c->y + off, pt->rows, n, lin->rows, pt->scale, c->act_scale, out[i], pt->rows);
        if (st != KR_OK)
            return rt_fail(err, errlen, "model: layer %u %s: dequantizing failed: %s", layer, pt->what,
                              kr_strerror(st));
        off += pt->rows;
    }
    return 0;
}

static void rmsnorm_rows(const float *x, const float *w, size_t n, size_t dim, float eps, float *out)
{
    for (size_t t = 0; t < n; t++)
        kr_rmsnorm_f32(x + t * dim, w, dim, eps, out + t * dim);
}

/* g = silu(g) * u (kr_ops has no SiLU: only upstream "bitnet" files need it). */
static void silu_mul(float *g, const float *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}

static int layer_forward(model_ctx *c, unsigned l, size_t n, char *err, size_t errlen)
{
    const model *m = c->m;
    const model_hparams *hp = &m->hp;
    const model_layer *L = &m->layers[l];
    const size_t e = hp->n_embd, ff = hp->n_ff, kvw = (size_t)hp->n_head_kv * hp->head_dim;
    const float eps = hp->norm_eps;

    rmsnorm_rows(c->x, L->attn_norm, n, e, eps, c->xn);
    float *qkv[] = {c->q, c->k, c->v};
    if (bitlinear(c, &L->qkv, l, c->xn, n, qkv, L->attn_sub_norm, e, err, errlen))
        return -1;
    const double ta = model_now();
    const size_t layer_at = (size_t)l * c->n_ctx * kvw;
    for (size_t t = 0; t < n; t++) {
        uint32_t pos = c->pos + (uint32_t)t;
        const float *cs = c->rope + t * hp->head_dim;
        kr_rope_neox_f32(c->q + t * e, hp->n_head, hp->head_dim, cs);
        kr_rope_neox_f32(c->k + t * kvw, hp->n_head_kv, hp->head_dim, cs);
        for (uint32_t h = 0; h < hp->n_head_kv; h++) {
            const size_t at = layer_at + ((size_t)h * c->n_ctx + pos) * hp->head_dim;
            const float *kr = c->k + t * kvw + (size_t)h * hp->head_dim, *vr = c->v + t * kvw + (size_t)h * hp->head_dim;
            if (c->kv == MODEL_KV_F16) {
                kr_f32_to_f16_row(kr, (uint16_t *)c->k_cache + at, hp->head_dim);
                kr_f32_to_f16_row(vr, (uint16_t *)c->v_cache + at, hp->head_dim);
            } else {
                memcpy((float *)c->k_cache + at, kr, sizeof(float) * hp->head_dim);
                memcpy((float *)c->v_cache + at, vr, sizeof(float) * hp->head_dim);
            }
        }
    }
    model_attention(c, l, c->q, n, c->pos, c->att);
    c->timing.attn_seconds += model_now() - ta;
    rmsnorm_rows(c->att, L->attn_sub_norm, n, e, eps, c->xn);
    if (bitlinear(c, &L->o, l, c->xn, n, &c->tmp, L->ffn_norm, e, err, errlen))
        return -1;
    kr_add_f32(c->x, c->tmp, n * e);

    rmsnorm_rows(c->x, L->ffn_norm, n, e, eps, c->xn);
    float *gu[] = {c->g, c->u};
    if (bitlinear(c, &L->gate_up, l, c->xn, n, gu, L->ffn_sub_norm, ff, err, errlen))
        return -1;
    if (hp->act == MODEL_ACT_SILU)
        silu_mul(c->g, c->u, n * ff);
    else
        kr_relu2_mul_f32(c->g, c->u, c->g, n * ff);
    rmsnorm_rows(c->g, L->ffn_sub_norm, n, ff, eps, c->xn);
    const float *next = l + 1 < hp->n_layer ? m->layers[l + 1].attn_norm : m->output_norm;
    if (bitlinear(c, &L->down, l, c->xn, n, &c->tmp, next, e, err, errlen))
        return -1;
    kr_add_f32(c->x, c->tmp, n * e);
    return 0;
}

static int forward(model *m, model_ctx *c, const int32_t *tokens, size_t n, size_t first, float *logits, char *err,
                   size_t errlen);

int model_forward(model *m, model_ctx *c, const int32_t *tokens, size_t n, float *logits, char *err,
                  size_t errlen)
{
    return forward(m, c, tokens, n, n ? n - 1 : 0, logits, err, errlen);
}

int model_forward_rows(model *m, model_ctx *c, const int32_t *tokens, size_t n, size_t first, float *logits,
                       char *err, size_t errlen)
{
    if (first >= n || !logits)
        return rt_fail(err, errlen, "model_forward_rows: no position to score (first %zu of %zu tokens)", first, n);
    return forward(m, c, tokens, n, first, logits, err, errlen);
}

/* Logits of positions [first, n) of the batch, n_vocab each (none when logits is NULL). */
static int forward(model *m, model_ctx *c, const int32_t *tokens, size_t n, size_t first, float *logits, char *err,
                   size_t errlen)
{
    if (!m || !c || !tokens || c->m != m)
        return rt_fail(err, errlen, "model_forward: NULL argument or a context of another model");
    if (n == 0)
        return rt_fail(err, errlen, "model_forward: no tokens to process");
    if (n > c->n_ctx - c->pos)
        return rt_fail(err, errlen, "model: %zu more tokens do not fit the context (%u of %u used)", n,
                          c->pos, c->n_ctx);
    for (size_t t = 0; t < n; t++)
        if (tokens[t] < 0 || (uint32_t)tokens[t] >= m->hp.n_vocab)
            return rt_fail(err, errlen, "model: token %zu has id %d, outside the vocabulary of %u", t,
                              (int)tokens[t], m->hp.n_vocab);
    double t0 = model_now();
    if (grow(c, n) != 0)
        return rt_fail(err, errlen, "model: out of memory for a batch of %zu tokens", n);
    const size_t e = m->hp.n_embd;
    for (size_t t = 0; t < n; t++)
        model_rope_table(c, c->pos + (uint32_t)t, c->rope + t * m->hp.head_dim);
    for (size_t t = 0; t < n; t++) {
        kr_status st = kr_head_row(m->embd, (size_t)tokens[t], c->x + t * e);
        if (st != KR_OK)
            return rt_fail(err, errlen, "model: embedding row %d: %s", (int)tokens[t], kr_strerror(st));
    }
    for (unsigned l = 0; l < m->hp.n_layer; l++) {
        if (layer_forward(c, l, n, err, errlen) != 0)
            return -1;
        if (c->progress)
            c->progress(c->progress_user, l + 1, m->hp.n_layer, n);
    }
    c->pos += (uint32_t)n;
    if (logits) {
        double th = model_now();
        for (size_t t = first; t < n; t++) {
            kr_rmsnorm_f32(c->x + t * e, m->output_norm, e, m->hp.norm_eps, c->xn);
            kr_status st = kr_head_gemv(m->head, c->xn, logits + (t - first) * m->hp.n_vocab, m->pool);
            if (st != KR_OK)
                return rt_fail(err, errlen, "model: output head: %s", kr_strerror(st));
        }
        c->timing.head_seconds += model_now() - th;
    }
    c->timing.total_seconds += model_now() - t0;
    c->timing.tokens += n;
    c->timing.forwards++;
    return 0;
}
