/* Workloads of a sweep (sw_workload.h). */
#include "runtime/sweep/sw_workload.h"

#include <stdio.h>
#include <string.h>

#include "runtime/gguf/gguf.h"
#include "runtime/model/model.h"

static void add(sw_workload *w, const char *name, uint32_t m, uint32_t k, uint32_t count)
{
    for (size_t i = 0; i < w->nmm; i++)
        if (!strcmp(w->mm[i].name, name) && w->mm[i].m == m && w->mm[i].k == k) {
            w->mm[i].count += count;
            return;
        }
    if (w->nmm == SW_MAX_MATMULS)
        return;
    sw_matmul *x = &w->mm[w->nmm++];
    snprintf(x->name, sizeof x->name, "%s", name);
    x->m = m, x->k = k, x->count = count;
}

/* BitNet b1.58 2B4T (microsoft/bitnet-b1.58-2B-4T): 30 layers, hidden 2560, FFN 6912, 20 heads of 128
   with 5 KV heads, the LLaMA-3 vocabulary of 128 256 tokens, tied F16 embedding as the head. */
static void preset_2b4t(sw_workload *w)
{
    snprintf(w->name, sizeof w->name, "2b4t (preset: BitNet b1.58 2B4T shapes)");
    w->layers = 30, w->n_embd = 2560, w->n_head = 20, w->n_head_kv = 5, w->head_dim = 128, w->n_vocab = 128256;
    w->head_bytes = 2ull * 2560 * 128256;
    const struct {
        const char *n;
        uint32_t m, k;
    } t[] = {{"attn_q", 2560, 2560},   {"attn_k", 640, 2560},   {"attn_v", 640, 2560}, {"attn_output", 2560, 2560},
             {"ffn_gate", 6912, 2560}, {"ffn_up", 6912, 2560}, {"ffn_down", 2560, 6912}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        add(w, t[i].n, t[i].m, t[i].k, w->layers);
}

static int is_ternary(gguf_type t) { return t == GGUF_T_I2_S || t == GGUF_T_TQ1_0 || t == GGUF_T_TQ2_0; }

int sw_workload_load(const char *what, sw_workload *w, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    if (!strcmp(what, "2b4t")) {
        preset_2b4t(w);
        return 0;
    }
    gguf_file *f = gguf_open(what, err, errlen);
    if (!f)
        return -1;
    model_hparams hp;
    if (model_hparams_read(f, &hp, err, errlen)) {
        gguf_close(f);
        return -1;
    }
    snprintf(w->name, sizeof w->name, "%s", what);
    w->layers = hp.n_layer, w->n_embd = hp.n_embd, w->n_head = hp.n_head, w->n_head_kv = hp.n_head_kv;
    w->head_dim = hp.head_dim;
    const gguf_tensor *head = gguf_find_tensor(f, "output.weight");
    if (!head)
        head = gguf_find_tensor(f, "token_embd.weight");
    if (head) {
        w->head_bytes = head->nbytes;
        w->n_vocab = (uint32_t)head->ne[1];
    }
    for (size_t i = 0; i < gguf_tensor_count(f); i++) {
        const gguf_tensor *t = gguf_tensor_at(f, i);
        if (!is_ternary(t->type) || t->n_dims != 2)
            continue;
        /* blk.N.<role>.weight -> role */
        char name[128], role[24] = "";
        snprintf(name, sizeof name, "%.*s", (int)t->name.len, t->name.ptr);
        const char *p = strncmp(name, "blk.", 4) ? NULL : strchr(name + 4, '.');
        if (p) {
            snprintf(role, sizeof role, "%.23s", p + 1);
            char *dot = strrchr(role, '.');
            if (dot && !strcmp(dot, ".weight"))
                *dot = 0;
        } else {
            snprintf(role, sizeof role, "%.23s", name);
        }
        add(w, role, (uint32_t)t->ne[1], (uint32_t)t->ne[0], 1);
    }
    gguf_close(f);
    if (!w->nmm) {
        snprintf(err, errlen, "%s has no ternary matmul (I2_S, TQ1_0 or TQ2_0 tensors)", what);
        return -1;
    }
    return 0;
}

/* One part of the CPU work: as long as its bytes take, or its arithmetic, whichever is longer. */
static double part(double bytes, double flops, double gbs, double gflops)
{
    double a = bytes / (gbs * 1e9), b = flops / (gflops * 1e9);
    return a > b ? a : b;
}

/* attention at `pos` positions: K and V rows read (f32), QK and AV products, every layer */
static double attention(const sw_workload *w, double pos, double gbs, double gflops)
{
    const double kv = (double)w->layers * 2.0 * pos * w->n_head_kv * w->head_dim * 4.0;
    const double fl = (double)w->layers * 4.0 * w->n_head * w->head_dim * pos;
    return part(kv, fl, gbs, gflops);
}

/* norms, RoPE, activation quantization, residuals: a few passes over the hidden state per layer */
static double other(const sw_workload *w, double gbs, double gflops)
{
    return part((double)w->layers * 16.0 * w->n_embd * 4.0, (double)w->layers * 30.0 * w->n_embd, gbs, gflops);
}

double sw_cpu_decode_s(const sw_workload *w, uint32_t ctx, double gbs, double gflops)
{
    return part((double)w->head_bytes, 2.0 * w->n_vocab * w->n_embd, gbs, gflops) +
           attention(w, (double)ctx, gbs, gflops) + other(w, gbs, gflops);
}

double sw_cpu_prefill_s(const sw_workload *w, uint32_t p, double gbs, double gflops)
{
    if (!p)
        return 0;
    return part((double)w->head_bytes, 2.0 * w->n_vocab * w->n_embd, gbs, gflops) / p +
           attention(w, (p + 1) / 2.0, gbs, gflops) + other(w, gbs, gflops);
}
