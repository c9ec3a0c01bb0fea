/*
 * libFuzzer harness: a GGUF file from anywhere. Opens it, reads every metadata value and array element
 * (within a bound) and row 0 of every tensor, converts ternary tensors, loads the tokenizer and, when
 * the file is a whole model, loads it on the cpu backend and runs a one-token forward. Nothing it does
 * may crash, leak or read outside the file (ASan + UBSan); a refusal with a message is the right answer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/backend/rt_backend.h"
#include "runtime/gguf/gguf.h"
#include "runtime/model/model.h"
#include "runtime/tokenizer/tokenizer.h"

enum { ARR_MAX = 4096, ROW_MAX = 1 << 16 };

static void read_kvs(const gguf_file *f)
{
    volatile uint64_t sink = 0;
    for (size_t i = 0; i < gguf_kv_count(f); i++) {
        const gguf_kv *kv = gguf_kv_at(f, i);
        sink += kv->key.len;
        if (kv->type != GGUF_V_ARR)
            continue;
        const uint64_t n = kv->arr_len < ARR_MAX ? kv->arr_len : ARR_MAX;
        for (uint64_t j = 0; j < n; j++) {
            gguf_str s;
            int64_t v;
            float x;
            if (gguf_arr_str(kv, j, &s) == 0)
                sink += s.len ? (uint8_t)s.ptr[s.len - 1] : 0;
            if (gguf_arr_i64(kv, j, &v) == 0)
                sink += (uint64_t)v;
            if (gguf_arr_f32(kv, j, &x) == 0)
                sink += x == x;
        }
    }
    uint32_t u;
    float x;
    int b;
    gguf_str s;
    sink += gguf_get_u32(f, "general.alignment", &u) + gguf_get_f32(f, "bitnet-b1.58.rope.freq_base", &x) +
            gguf_get_bool(f, "tokenizer.ggml.add_bos_token", &b) + gguf_get_str(f, "general.architecture", &s);
    (void)sink;
}

static void read_tensors(const gguf_file *f)
{
    char err[256];
    for (size_t i = 0; i < gguf_tensor_count(f); i++) {
        const gguf_tensor *t = gguf_tensor_at(f, i);
        if (t->ne[0] && t->ne[0] <= ROW_MAX) {
            float *row = malloc(t->ne[0] * sizeof *row);
            if (row) {
                gguf_tensor_row_f32(t, 0, row, err, sizeof err);
                gguf_tensor_row_f32(t, t->n_elements / t->ne[0], row, err, sizeof err); /* one past the end */
                free(row);
            }
        }
        if ((t->type == GGUF_T_I2_S || t->type == GGUF_T_TQ1_0 || t->type == GGUF_T_TQ2_0) &&
            t->n_elements <= (1u << 22)) {
            kr_tern w;
            if (gguf_tensor_to_tern(t, &w, err, sizeof err) == 0)
                kr_tern_free(&w);
        }
    }
}

static void use_model(gguf_file *f)
{
    static rt_backend *be;
    char err[256];
    if (!be) {
        rt_backend_opts o = {0};
        o.threads = 1;
        be = rt_backend_open("cpu", &o, err, sizeof err);
        if (!be)
            abort();
    }
    tok_vocab *v = tok_load(f, err, sizeof err);
    if (v) {
        int32_t *ids = NULL;
        size_t n = 0;
        if (tok_encode(v, "Hello, world <|eot_id|>", 23, 1, 1, &ids, &n, err, sizeof err) == 0) {
            size_t len;
            free(tok_decode(v, ids, n, 1, &len, err, sizeof err));
            free(ids);
        }
        tok_free(v);
    }
    model *m = NULL;
    if (model_load(f, be, NULL, NULL, &m, err, sizeof err) != 0)
        return;
    model_ctx *c = model_ctx_new(m, 4, MODEL_KV_F32, err, sizeof err);
    if (c) {
        const int32_t tok = 0;
        model_forward(m, c, &tok, 1, NULL, err, sizeof err);
        model_ctx_free(c);
    }
    model_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz.gguf", 0);
    if (fd < 0)
        abort();
    for (size_t off = 0; off < size;) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            abort();
        off += (size_t)w;
    }
    char path[64], err[256];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    gguf_file *f = gguf_open(path, err, sizeof err);
    if (f) {
        read_kvs(f);
        read_tensors(f);
        use_model(f);
        gguf_close(f);
    }
    close(fd);
    return 0;
}
