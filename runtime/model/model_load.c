/* Loading: tensors checked by name and shape, ternary layers prepared once on the backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels_ref/kr_ternary.h"
#include "runtime/model/model.h"
#include "runtime/common/rt_fail.h"
#include "runtime/model/model_internal.h"

double model_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A tensor that must exist with exactly these dims (ne1 = 0: a vector). */
static const gguf_tensor *need(const gguf_file *f, const char *name, uint64_t ne0, uint64_t ne1,
                               char *err, size_t errlen)
{
    const gguf_tensor *t = gguf_find_tensor(f, name);
    if (!t) {
        rt_fail(err, errlen, "model: tensor '%s' is missing from the file", name);
        return NULL;
    }
    uint64_t want1 = ne1 ? ne1 : 1;
    if (t->ne[0] != ne0 || t->ne[1] != want1 || t->ne[2] != 1 || t->ne[3] != 1) {
        rt_fail(err, errlen, "model: tensor '%s' has dims [%llu, %llu, %llu, %llu], expected [%llu, %llu]",
                   name, (unsigned long long)t->ne[0], (unsigned long long)t->ne[1],
                   (unsigned long long)t->ne[2], (unsigned long long)t->ne[3],
                   (unsigned long long)ne0, (unsigned long long)want1);
        return NULL;
    }
    return t;
}

static float *load_norm(const gguf_file *f, const char *name, uint32_t n, char *err, size_t errlen)
{
    const gguf_tensor *t = need(f, name, n, 0, err, errlen);
    if (!t)
        return NULL;
    float *v = malloc(sizeof(float) * n);
    if (!v) {
        rt_fail(err, errlen, "model: out of memory for '%s'", name);
        return NULL;
    }
    char e2[160];
    if (gguf_tensor_row_f32(t, 0, v, e2, sizeof e2) != 0) {
        rt_fail(err, errlen, "model: tensor '%s': %s", name, e2);
        free(v);
        return NULL;
    }
    return v;
}

static int is_ternary(gguf_type t)
{
    return t == GGUF_T_I2_S || t == GGUF_T_TQ1_0 || t == GGUF_T_TQ2_0;
}

/* Reads blk.<layer>.<what>.weight as a canonical ternary matrix of rows x cols; part->scale gets its scale. */
static int read_part(model *m, const gguf_file *f, unsigned layer, const char *what, uint32_t rows, uint32_t cols,
                     kr_tern *w, model_part *part, char *err, size_t errlen)
{
    char name[96];
    snprintf(name, sizeof name, "blk.%u.%s.weight", layer, what);
    const gguf_tensor *t = need(f, name, cols, rows, err, errlen);
    if (!t)
        return -1;
    if (!is_ternary(t->type))
        return rt_fail(err, errlen, "model: tensor '%s' is %s, expected a ternary type (I2_S, TQ1_0 or TQ2_0)",
                          name, gguf_type_name(t->type));
    if (!m->tern_type)
        m->tern_type = gguf_type_name(t->type);
    else if (strcmp(m->tern_type, gguf_type_name(t->type)) != 0)
        m->tern_type = "mixed";
    char e2[200];
    if (gguf_tensor_to_tern(t, w, e2, sizeof e2) != 0)
        return rt_fail(err, errlen, "model: tensor '%s': %s", name, e2);
    part->rows = rows;
    part->scale = w->scale;
    part->what = what;
    /* Upstream llama.cpp "bitnet" files may carry the absmean scale as a separate one-element tensor. */
    char sname[96];
    snprintf(sname, sizeof sname, "blk.%u.%s.scale", layer, what);
    const gguf_tensor *st = gguf_find_tensor(f, sname);
    if (st) {
        float s;
        if (st->n_elements != 1 || gguf_tensor_row_f32(st, 0, &s, e2, sizeof e2) != 0) {
            kr_tern_free(w);
            return rt_fail(err, errlen, "model: tensor '%s' must hold one float scale", sname);
        }
        part->scale *= s;
    }
    m->tern_bytes += (uint64_t)w->rows * w->stride;
    m->tern_params += (uint64_t)w->rows * w->cols;
    return 0;
}

/*
 * Loads the layers named in what[0..nparts) (all with cols inputs) as one fused linear: their rows
 * stacked in this order into one matrix, prepared once on the backend.
 */
static int load_linear(model *m, const gguf_file *f, unsigned layer, const char *fused, unsigned nparts,
                       const char *const *what, const uint32_t *rows, uint32_t cols, model_linear *lin,
                       char *err, size_t errlen)
{
    lin->what = fused;
    lin->cols = cols;
    lin->nparts = nparts;
    lin->rows = 0;
    for (unsigned i = 0; i < nparts; i++)
        lin->rows += rows[i];
    kr_tern all;
    memset(&all, 0, sizeof all);
    kr_status ks = kr_tern_alloc(&all, lin->rows, cols);
    if (ks != KR_OK)
        return rt_fail(err, errlen, "model: layer %u %s (%ux%u): %s", layer, fused, lin->rows, cols,
                       kr_strerror(ks));
    size_t off = 0;
    for (unsigned i = 0; i < nparts; i++) {
        kr_tern w;
        memset(&w, 0, sizeof w);
        if (read_part(m, f, layer, what[i], rows[i], cols, &w, &lin->part[i], err, errlen) != 0) {
            kr_tern_free(&all);
            return -1;
        }
        memcpy(all.codes + off, w.codes, w.rows * w.stride);
        off += w.rows * w.stride;
        kr_tern_free(&w);
    }
    char e2[200];
    int rc = rt_backend_prepare(m->be, &all, &lin->w, e2, sizeof e2);
    kr_tern_free(&all);
    if (rc != 0)
        return rt_fail(err, errlen, "model: preparing layer %u %s on backend %s: %s", layer, fused,
                       rt_backend_name(m->be), e2);
    return 0;
}

static int head_fmt(gguf_type t, kr_head_fmt *f)
{
    switch (t) {
    case GGUF_T_F32: *f = KR_HEAD_F32; return 0;
    case GGUF_T_F16: *f = KR_HEAD_F16; return 0;
    case GGUF_T_Q8_0: *f = KR_HEAD_Q8_0; return 0;
    case GGUF_T_Q6_K: *f = KR_HEAD_Q6_K; return 0;
    default: return -1;
    }
}

static int load_head(const gguf_file *f, const char *name, uint32_t n_embd, uint64_t rows, int int8_copy,
                     kr_head **out, const char **type, char *err, size_t errlen)
{
    const gguf_tensor *t = need(f, name, n_embd, rows, err, errlen);
    if (!t)
        return -1;
    kr_head_fmt fmt;
    if (head_fmt(t->type, &fmt) != 0)
        return rt_fail(err, errlen, "model: tensor '%s' is %s; the embedding/head must be F32, F16, Q8_0 or Q6_K",
                          name, gguf_type_name(t->type));
    kr_status st = kr_head_new(out, fmt, t->data, t->nbytes, (size_t)rows, n_embd, int8_copy);
    if (st != KR_OK)
        return rt_fail(err, errlen, "model: tensor '%s': %s", name, kr_strerror(st));
    *type = gguf_type_name(t->type);
    return 0;
}

static int load_layer(model *m, const gguf_file *f, unsigned l, char *err, size_t errlen)
{
    const model_hparams *hp = &m->hp;
    model_layer *L = &m->layers[l];
    uint32_t e = hp->n_embd, kv = hp->n_head_kv * hp->head_dim, ff = hp->n_ff;
    char name[96];
#define NORM(field, nm, n)                                                                   \
    do {                                                                                     \
        snprintf(name, sizeof name, "blk.%u." nm ".weight", l);                              \
        if (!(L->field = load_norm(f, name, n, err, errlen)))                                \
            return -1;                                                                       \
    } while (0)
    NORM(attn_norm, "attn_norm", e);
    NORM(attn_sub_norm, "attn_sub_norm", e);
    NORM(ffn_norm, "ffn_norm", e);
    NORM(ffn_sub_norm, "ffn_sub_norm", ff);
#undef NORM
    static const char *const qkv[] = {"attn_q", "attn_k", "attn_v"}, *const gu[] = {"ffn_gate", "ffn_up"};
    static const char *const o[] = {"attn_output"}, *const down[] = {"ffn_down"};
    const uint32_t qkv_rows[] = {e, kv, kv}, gu_rows[] = {ff, ff};
    if (load_linear(m, f, l, "attn_qkv", 3, qkv, qkv_rows, e, &L->qkv, err, errlen) ||
        load_linear(m, f, l, "attn_output", 1, o, &e, e, &L->o, err, errlen) ||
        load_linear(m, f, l, "ffn_gate_up", 2, gu, gu_rows, e, &L->gate_up, err, errlen) ||
        load_linear(m, f, l, "ffn_down", 1, down, &e, ff, &L->down, err, errlen))
        return -1;
    return 0;
}

int model_load(gguf_file *f, rt_backend *be, kr_pool *pool, const model_opts *opts, model **out, char *err,
               size_t errlen)
{
    if (!f || !be || !out)
        return rt_fail(err, errlen, "model_load: NULL argument");
    *out = NULL;
    model *m = calloc(1, sizeof *m);
    if (!m)
        return rt_fail(err, errlen, "model: out of memory");
    m->be = be;
    m->pool = pool;
    m->head_int8 = opts ? opts->head_int8 : 0;
    if (model_hparams_read(f, &m->hp, err, errlen) != 0)
        goto fail;
    const gguf_tensor *te = gguf_find_tensor(f, "token_embd.weight");
    if (!te) {
        rt_fail(err, errlen, "model: tensor 'token_embd.weight' is missing from the file");
        goto fail;
    }
    if (te->ne[1] == 0 || te->ne[1] > (1u << 24)) {
        rt_fail(err, errlen, "model: tensor 'token_embd.weight' has %llu rows (vocabulary), out of range",
                   (unsigned long long)te->ne[1]);
        goto fail;
    }
    if (m->hp.n_vocab && m->hp.n_vocab != te->ne[1]) {
        rt_fail(err, errlen, "model: %s.vocab_size is %u but 'token_embd.weight' has %llu rows",
                   m->hp.arch, m->hp.n_vocab, (unsigned long long)te->ne[1]);
        goto fail;
    }
    m->hp.n_vocab = (uint32_t)te->ne[1];
    if (load_head(f, "token_embd.weight", m->hp.n_embd, m->hp.n_vocab, m->head_int8, &m->embd, &m->head_type, err,
                  errlen))
        goto fail;
    /* Both llama.cpp graphs (build_bitnet, build_bitnet_158) multiply by tok_embd even when a file
     * carries output.weight, so the head is always the token embedding. */
    m->head = m->embd;
    if (!(m->output_norm = load_norm(f, "output_norm.weight", m->hp.n_embd, err, errlen)))
        goto fail;
    m->layers = calloc(m->hp.n_layer, sizeof *m->layers);
    if (!m->layers) {
        rt_fail(err, errlen, "model: out of memory for %u layers", m->hp.n_layer);
        goto fail;
    }
    for (unsigned l = 0; l < m->hp.n_layer; l++)
        if (load_layer(m, f, l, err, errlen) != 0)
            goto fail;
    if (m->hp.bos >= (int32_t)m->hp.n_vocab || m->hp.eos >= (int32_t)m->hp.n_vocab) {
        rt_fail(err, errlen, "model: bos %d / eos %d token ids are outside the vocabulary of %u",
                   m->hp.bos, m->hp.eos, m->hp.n_vocab);
        goto fail;
    }
    if (m->hp.eot >= (int32_t)m->hp.n_vocab)
        m->hp.eot = -1;
    *out = m;
    return 0;
fail:
    model_free(m);
    return -1;
}

static void free_linear(model *m, model_linear *lin)
{
    if (lin->w)
        rt_backend_release(m->be, lin->w);
    lin->w = NULL;
}

void model_free(model *m)
{
    if (!m)
        return;
    if (m->layers) {
        for (unsigned l = 0; l < m->hp.n_layer; l++) {
            model_layer *L = &m->layers[l];
            free(L->attn_norm);
            free(L->attn_sub_norm);
            free(L->ffn_norm);
            free(L->ffn_sub_norm);
            free_linear(m, &L->qkv);
            free_linear(m, &L->o);
            free_linear(m, &L->gate_up);
            free_linear(m, &L->down);
        }
        free(m->layers);
    }
    if (m->head && m->head != m->embd)
        kr_head_free(m->head);
    kr_head_free(m->embd);
    free(m->output_norm);
    free(m);
}

const model_hparams *model_get_hparams(const model *m) { return m ? &m->hp : NULL; }
const char *model_head_type(const model *m) { return m && m->head_type ? m->head_type : "?"; }
int model_head_int8(const model *m) { return m ? m->head_int8 : 0; }
int model_head_tied(const model *m) { return m && m->head == m->embd; }
const char *model_tern_type(const model *m) { return m && m->tern_type ? m->tern_type : "?"; }
uint64_t model_tern_bytes(const model *m) { return m ? m->tern_bytes : 0; }
uint64_t model_tern_params(const model *m) { return m ? m->tern_params : 0; }
uint64_t model_head_bytes(const model *m) { return m ? kr_head_gemv_bytes(m->head) : 0; }
