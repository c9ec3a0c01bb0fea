/* RoPE and causal grouped-query attention over the KV cache (threaded over query rows x heads). */
#include <math.h>

#include "kernels_fast/kr_ops.h"
#include "runtime/model/model_internal.h"

void model_rope_table(const model_ctx *c, uint32_t pos, float *cs)
{
    const uint32_t half = c->m->hp.head_dim / 2;
    for (uint32_t i = 0; i < half; i++) {
        float th = (float)pos * c->inv_freq[i];
        cs[i] = cosf(th);
        cs[half + i] = sinf(th);
    }
}

typedef struct {
    model_ctx *c;
    uint32_t layer;
    const float *q;
    size_t n;
    uint32_t pos0;
    float *out;
} attn_job;

static void attn_rows(void *arg, int tid, int nthreads)
{
    attn_job *j = arg;
    model_ctx *c = j->c;
    const model_hparams *hp = &c->m->hp;
    const uint32_t d = hp->head_dim, H = hp->n_head, kvw = hp->n_head_kv * d;
    const uint32_t group = hp->n_head / hp->n_head_kv;
    const float kq_scale = 1.0f / sqrtf((float)d);
    const size_t layer_at = (size_t)j->layer * c->n_ctx * kvw;
    /* Threads beyond those the context sized scratch for stay idle (results do not depend on it). */
    if (tid >= c->att_threads)
        return;
    int nt = nthreads < c->att_threads ? nthreads : c->att_threads;
    float *sc = c->att_scratch + (size_t)tid * (4 * (size_t)c->n_ctx + d);
    /* Each thread takes a contiguous run of (token, head) items: the query heads of one KV group are
     * neighbours, so a thread reads each cached head from DRAM once (kr_attn_heads_f32 scores and
     * mixes a group's heads in one pass over its rows). ggml broadcasts KV head h / group to query
     * head h (HF repeat_kv order). */
    const size_t total = j->n * H, i0 = total * (size_t)tid / (size_t)nt, i1 = total * (size_t)(tid + 1) / (size_t)nt;
    for (size_t it = i0; it < i1;) {
        const size_t t = it / H, hb = it % H, he = i1 - t * H < H ? i1 - t * H : H;
        const uint32_t npos = j->pos0 + (uint32_t)t + 1;
        const float *qt = j->q + t * hp->n_embd;
        float *ot = j->out + t * hp->n_embd;
        if (c->kv == MODEL_KV_F16)
            kr_attn_heads_f16kv(qt, hb, he, group, (const uint16_t *)c->k_cache + layer_at,
                                (const uint16_t *)c->v_cache + layer_at, (size_t)c->n_ctx * d, d, npos, d, kq_scale,
                                sc, ot);
        else
            kr_attn_heads_f32(qt, hb, he, group, (const float *)c->k_cache + layer_at,
                              (const float *)c->v_cache + layer_at, (size_t)c->n_ctx * d, d, npos, d, kq_scale, sc,
                              ot);
        it = t * H + he;
    }
}

void model_attention(model_ctx *c, uint32_t l, const float *q, size_t n, uint32_t pos0, float *out)
{
    attn_job j = {c, l, q, n, pos0, out};
    kr_pool_run(c->m->pool, attn_rows, &j);
}
