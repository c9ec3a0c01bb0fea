/* The tiny model used by the model tests: built from a seed, written with the GGUF writer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels_ref/kr_formats.h"
#include "tests/model/suites.h"

const char *const tm_lin_names[TM_NLIN] = {"attn_q", "attn_k", "attn_v", "attn_output",
                                           "ffn_gate", "ffn_up", "ffn_down"};

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}
static float unit(uint64_t *s) { return (float)((rnd(s) >> 40) / 16777216.0) * 2.0f - 1.0f; }

static void lin_shape(int i, size_t *rows, size_t *cols)
{
    const size_t kv = TM_EMBD / TM_HEADS * TM_KV_HEADS;
    static const int r_kind[TM_NLIN] = {0, 1, 1, 0, 2, 2, 0}, c_kind[TM_NLIN] = {0, 0, 0, 0, 0, 0, 2};
    const size_t dims[3] = {TM_EMBD, kv, TM_FF};
    *rows = dims[r_kind[i]];
    *cols = dims[c_kind[i]];
}

void tm_build(tm_model *m, uint64_t seed)
{
    uint64_t s = seed | 1;
    for (size_t i = 0; i < (size_t)TM_VOCAB * TM_EMBD; i++)
        m->embd_f16[i] = kr_f32_to_f16(unit(&s));
    for (size_t i = 0; i < TM_EMBD; i++)
        m->output_norm[i] = 1.0f + 0.25f * unit(&s);
    for (int l = 0; l < TM_LAYERS; l++) {
        tm_layer *L = &m->layers[l];
        for (size_t i = 0; i < TM_EMBD; i++) {
            L->attn_norm[i] = 1.0f + 0.25f * unit(&s);
            L->attn_sub_norm[i] = 1.0f + 0.25f * unit(&s);
            L->ffn_norm[i] = 1.0f + 0.25f * unit(&s);
        }
        for (size_t i = 0; i < TM_FF; i++)
            L->ffn_sub_norm[i] = 1.0f + 0.25f * unit(&s);
        for (int j = 0; j < TM_NLIN; j++) {
            size_t rows, cols;
            lin_shape(j, &rows, &cols);
            ck_assert_int_eq(kr_tern_alloc(&L->lin[j], rows, cols), KR_OK);
            for (size_t r = 0; r < rows; r++)
                for (size_t c = 0; c < cols; c++)
                    kr_tern_set(&L->lin[j], r, c, (int)(rnd(&s) % 3u) - 1);
            L->lin[j].scale = kr_scale_round_f16(0.02f + 0.05f * (unit(&s) + 1.0f));
        }
    }
}

void tm_free(tm_model *m)
{
    for (int l = 0; l < TM_LAYERS; l++)
        for (int j = 0; j < TM_NLIN; j++)
            kr_tern_free(&m->layers[l].lin[j]);
}

static int want(const tm_faults *f, const char *name)
{
    return !(f && f->skip && !strcmp(f->skip, name));
}
static int extra_row(const tm_faults *f, const char *name)
{
    return f && f->wrong_dims && !strcmp(f->wrong_dims, name);
}

static void put_f32(gguf_writer *w, const tm_faults *f, const char *name, const float *v, size_t n)
{
    if (!want(f, name))
        return;
    uint64_t ne[1] = {n};
    ck_assert_int_eq(gguf_w_tensor(w, name, GGUF_T_F32, 1, ne, v, n * sizeof(float)), 0);
}

static void put_tern(gguf_writer *w, const tm_faults *f, const char *name, const kr_tern *t, gguf_type type)
{
    if (!want(f, name))
        return;
    kr_tern tmp;
    const kr_tern *src = t;
    /* A wrong shape made of whole rows, so every encoding can still write it. */
    if (extra_row(f, name)) {
        ck_assert_int_eq(kr_tern_alloc(&tmp, t->rows + 1, t->cols), KR_OK);
        memcpy(tmp.codes, t->codes, t->rows * t->stride);
        tmp.scale = t->scale;
        src = &tmp;
    }
    size_t n = src->rows * src->cols, bytes;
    kr_status (*enc)(const kr_tern *, uint8_t *, size_t);
    switch (type) {
    case GGUF_T_I2_S: bytes = kr_i2s_bytes(n); enc = kr_tern_to_i2s; break;
    case GGUF_T_TQ2_0: bytes = kr_tq2_bytes(n); enc = kr_tern_to_tq2; break;
    default: bytes = kr_tq1_bytes(n); enc = kr_tern_to_tq1; break;
    }
    ck_assert_uint_gt(bytes, 0);
    uint8_t *buf = malloc(bytes);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(enc(src, buf, bytes), KR_OK);
    uint64_t ne[2] = {src->cols, src->rows};
    ck_assert_int_eq(gguf_w_tensor(w, name, type, 2, ne, buf, bytes), 0);
    free(buf);
    if (src == &tmp)
        kr_tern_free(&tmp);
}

void tm_write(const tm_model *m, const char *path, gguf_type type, const tm_faults *f)
{
    gguf_writer *w = gguf_writer_new(32);
    ck_assert_ptr_nonnull(w);
    const char *arch = f && f->arch ? f->arch : "bitnet-b1.58";
    char key[96];
    ck_assert_int_eq(gguf_w_str(w, "general.architecture", arch), 0);
#define U32(name, v)                                            \
    do {                                                        \
        snprintf(key, sizeof key, "%s." name, arch);            \
        ck_assert_int_eq(gguf_w_u32(w, key, (v)), 0);           \
    } while (0)
    U32("embedding_length", TM_EMBD);
    U32("feed_forward_length", TM_FF);
    U32("block_count", TM_LAYERS);
    U32("attention.head_count", TM_HEADS);
    U32("attention.head_count_kv", TM_KV_HEADS);
    U32("context_length", TM_CTX);
#undef U32
    snprintf(key, sizeof key, "%s.rope.freq_base", arch);
    ck_assert_int_eq(gguf_w_f32(w, key, 500000.0f), 0);
    snprintf(key, sizeof key, "%s.attention.layer_norm_rms_epsilon", arch);
    ck_assert_int_eq(gguf_w_f32(w, key, 1e-5f), 0);
    ck_assert_int_eq(gguf_w_u32(w, "tokenizer.ggml.bos_token_id", 1), 0);
    ck_assert_int_eq(gguf_w_u32(w, "tokenizer.ggml.eos_token_id", 2), 0);

    if (want(f, "token_embd.weight")) {
        uint64_t ne[2] = {TM_EMBD, TM_VOCAB};
        ck_assert_int_eq(gguf_w_tensor(w, "token_embd.weight", GGUF_T_F16, 2, ne, m->embd_f16,
                                       sizeof m->embd_f16), 0);
    }
    put_f32(w, f, "output_norm.weight", m->output_norm, TM_EMBD);
    char name[96];
    for (int l = 0; l < TM_LAYERS; l++) {
        const tm_layer *L = &m->layers[l];
        snprintf(name, sizeof name, "blk.%d.attn_norm.weight", l);
        put_f32(w, f, name, L->attn_norm, TM_EMBD);
        snprintf(name, sizeof name, "blk.%d.attn_sub_norm.weight", l);
        put_f32(w, f, name, L->attn_sub_norm, TM_EMBD);
        snprintf(name, sizeof name, "blk.%d.ffn_norm.weight", l);
        put_f32(w, f, name, L->ffn_norm, TM_EMBD);
        snprintf(name, sizeof name, "blk.%d.ffn_sub_norm.weight", l);
        put_f32(w, f, name, L->ffn_sub_norm, TM_FF);
        for (int j = 0; j < TM_NLIN; j++) {
            snprintf(name, sizeof name, "blk.%d.%s.weight", l, tm_lin_names[j]);
            put_tern(w, f, name, &L->lin[j], type);
        }
    }
    char err[256] = "";
    int rc = gguf_w_save(w, path, err, sizeof err);
    ck_assert_msg(rc == 0, "writing %s: %s", path, err);
    gguf_writer_free(w);
}

void tm_path(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "/tmp/tritium_test_model_%ld_%s.gguf", (long)getpid(), name);
}
