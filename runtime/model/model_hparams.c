/* Hyperparameters from GGUF metadata: keys are "<arch>.<name>" as llama.cpp writes them. */
#include <stdio.h>
#include <string.h>

#include "runtime/model/model.h"
#include "runtime/common/rt_fail.h"
#include "runtime/model/model_internal.h"

const char *model_rope_name(model_rope r)
{
    return r == MODEL_ROPE_NEOX ? "neox" : "?";
}

const char *model_act_name(model_act a)
{
    return a == MODEL_ACT_SILU ? "silu" : "relu^2";
}

static int get_u32(const gguf_file *f, const char *arch, const char *name, uint32_t *out, int required,
                   char *err, size_t errlen)
{
    char key[96];
    snprintf(key, sizeof key, "%s.%s", arch, name);
    if (gguf_get_u32(f, key, out) == 0)
        return 0;
    if (!required)
        return 1;
    return rt_fail(err, errlen, "model metadata: key '%s' is missing or not an integer", key);
}

static int get_f32(const gguf_file *f, const char *arch, const char *name, float *out, float dflt)
{
    char key[96];
    snprintf(key, sizeof key, "%s.%s", arch, name);
    if (gguf_get_f32(f, key, out) != 0)
        *out = dflt;
    return 0;
}

static int32_t get_token(const gguf_file *f, const char *key)
{
    uint32_t v;
    return gguf_get_u32(f, key, &v) == 0 && v <= INT32_MAX ? (int32_t)v : -1;
}

int model_hparams_read(const gguf_file *f, model_hparams *hp, char *err, size_t errlen)
{
    if (!f || !hp)
        return rt_fail(err, errlen, "model_hparams_read: NULL argument");
    memset(hp, 0, sizeof *hp);
    gguf_str a;
    if (gguf_get_str(f, "general.architecture", &a) != 0)
        return rt_fail(err, errlen, "model metadata: 'general.architecture' is missing");
    if (a.len == 0 || a.len >= sizeof hp->arch)
        return rt_fail(err, errlen, "model metadata: 'general.architecture' has a bad length (%zu)", a.len);
    memcpy(hp->arch, a.ptr, a.len);
    hp->arch[a.len] = 0;
    /*
     * llama.cpp lists LLM_ARCH_BITNET (and bitnet.cpp's fork LLM_ARCH_BITNET_B158) with the NEOX RoPE
     * types: the converters keep the HF q/k row order. Microsoft's graph (build_bitnet_158, also used
     * for bitnet-25) gates with ReLU^2; upstream's build_bitnet gates with SiLU.
     */
    if (!strcmp(hp->arch, "bitnet-b1.58") || !strcmp(hp->arch, "bitnet-25")) {
        hp->rope = MODEL_ROPE_NEOX;
        hp->act = MODEL_ACT_RELU2;
    } else if (!strcmp(hp->arch, "bitnet")) {
        hp->rope = MODEL_ROPE_NEOX;
        hp->act = MODEL_ACT_SILU;
    } else
        return rt_fail(err, errlen,
                          "model metadata: architecture '%s' is not a BitNet b1.58 model "
                          "(expected bitnet-b1.58, bitnet-25 or bitnet)", hp->arch);

    const char *ar = hp->arch;
    if (get_u32(f, ar, "embedding_length", &hp->n_embd, 1, err, errlen) < 0 ||
        get_u32(f, ar, "feed_forward_length", &hp->n_ff, 1, err, errlen) < 0 ||
        get_u32(f, ar, "block_count", &hp->n_layer, 1, err, errlen) < 0 ||
        get_u32(f, ar, "attention.head_count", &hp->n_head, 1, err, errlen) < 0 ||
        get_u32(f, ar, "context_length", &hp->n_ctx, 1, err, errlen) < 0)
        return -1;
    if (get_u32(f, ar, "attention.head_count_kv", &hp->n_head_kv, 0, err, errlen) == 1)
        hp->n_head_kv = hp->n_head;
    uint32_t vocab = 0;
    if (get_u32(f, ar, "vocab_size", &vocab, 0, err, errlen) == 0)
        hp->n_vocab = vocab;
    get_f32(f, ar, "rope.freq_base", &hp->rope_theta, 10000.0f);
    get_f32(f, ar, "attention.layer_norm_rms_epsilon", &hp->norm_eps, 1e-5f);

    if (hp->n_embd == 0 || hp->n_ff == 0 || hp->n_layer == 0 || hp->n_head == 0 || hp->n_head_kv == 0 ||
        hp->n_ctx == 0)
        return rt_fail(err, errlen, "model metadata: a size is zero (embd %u, ff %u, layers %u, heads %u/%u, ctx %u)",
                          hp->n_embd, hp->n_ff, hp->n_layer, hp->n_head, hp->n_head_kv, hp->n_ctx);
    if (hp->n_embd > (1u << 16) || hp->n_ff > (1u << 18) || hp->n_layer > 1024 || hp->n_ctx > (1u << 20))
        return rt_fail(err, errlen, "model metadata: sizes out of the supported range "
                          "(embd %u, ff %u, layers %u, ctx %u)", hp->n_embd, hp->n_ff, hp->n_layer, hp->n_ctx);
    if (hp->n_embd % hp->n_head != 0)
        return rt_fail(err, errlen, "model metadata: embedding_length %u is not a multiple of head_count %u",
                          hp->n_embd, hp->n_head);
    if (hp->n_head % hp->n_head_kv != 0)
        return rt_fail(err, errlen, "model metadata: head_count %u is not a multiple of head_count_kv %u",
                          hp->n_head, hp->n_head_kv);
    hp->head_dim = hp->n_embd / hp->n_head;
    if (hp->head_dim % 2 != 0)
        return rt_fail(err, errlen, "model metadata: head dimension %u is odd (RoPE rotates pairs)", hp->head_dim);
    uint32_t rot = 0;
    if (get_u32(f, ar, "rope.dimension_count", &rot, 0, err, errlen) == 0 && rot != hp->head_dim)
        return rt_fail(err, errlen, "model metadata: rope.dimension_count %u differs from the head dimension %u "
                          "(partial rotation is not supported)", rot, hp->head_dim);
    if (!(hp->rope_theta > 0.0f) || !(hp->norm_eps > 0.0f))
        return rt_fail(err, errlen, "model metadata: rope.freq_base (%g) and the RMS epsilon (%g) must be positive",
                          (double)hp->rope_theta, (double)hp->norm_eps);

    hp->bos = get_token(f, "tokenizer.ggml.bos_token_id");
    hp->eos = get_token(f, "tokenizer.ggml.eos_token_id");
    hp->eot = get_token(f, "tokenizer.ggml.eot_token_id");
    int add = 1;
    hp->add_bos = gguf_get_bool(f, "tokenizer.ggml.add_bos_token", &add) == 0 ? add : (hp->bos >= 0);
    if (hp->bos < 0)
        hp->add_bos = 0;
    return 0;
}
