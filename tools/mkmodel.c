/*
 * tritium-mkmodel: writes a BitNet b1.58 GGUF with deterministic random weights and the same
 * architecture string, metadata keys, tensor names, shapes and types as Microsoft's 2B4T file.
 * Tensor bytes are produced while the file is written: ternary and norm tensors one at a time
 * (gguf_w_tensor_cb), the embedding in blocks of rows (gguf_w_tensor_stream).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/mkmodel.h"

static const mk_preset presets[] = {
    {"tiny", 256, 512, 2, 4, 2, 64, 256, 500000.0f, 1e-5f},
    {"2b4t", 2560, 6912, 30, 20, 5, 128, 4096, 500000.0f, 1e-5f},
    {"micro", 256, 256, 1, 2, 1, 128, 64, 500000.0f, 1e-5f},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: tritium-mkmodel -o OUT.gguf [options]\n"
            "Writes a BitNet b1.58 model with deterministic random weights.\n"
            "  --preset tiny|2b4t|micro  shape (default tiny: hidden 256, FFN 512, 2 layers, 4 heads,\n"
            "                            2 KV heads, head dim 64, context 256; 2b4t: the 2B4T shape;\n"
            "                            micro: hidden 256, FFN 256, 1 layer, 2 heads of 128, 1 KV head,\n"
            "                            context 64, the fuzzers' seed)\n"
            "  --layers N                the preset's shape with N layers (1..1024), e.g. a 2B4T-shaped\n"
            "                            model small enough for a simulator run\n"
            "  --ternary i2_s|tq2_0|tq1_0 encoding of the ternary layers (default i2_s)\n"
            "  --embd f16|q8_0|q6_k      token embedding / tied head type (default f16)\n"
            "  --vocab llama3|bytes      LLaMA-3 vocabulary (128256 tokens, copied from --vocab-file) or the\n"
            "                            small byte-level one (default: llama3 with --vocab-file, else bytes)\n"
            "  --vocab-file PATH         a LLaMA-3 vocabulary GGUF (e.g. llama.cpp's ggml-vocab-llama-bpe.gguf\n"
            "                            or any LLaMA-3 / BitNet 2B4T model file)\n"
            "  --arch bitnet-b1.58|bitnet architecture name: Microsoft's or upstream llama.cpp's\n"
            "  --seed N                  weight seed (default 1); same seed = same weights in every encoding\n"
            "  -o, --output OUT.gguf     output file\n");
}

static int parse_enum(const char *opt, const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    fprintf(stderr, "tritium-mkmodel: %s: unknown value '%s' (one of:", opt, v);
    for (int i = 0; i < n; i++)
        fprintf(stderr, " %s", names[i]);
    fprintf(stderr, ")\n");
    return -1;
}

static int parse_args(int argc, char **argv, mk_opts *o)
{
    static const char *const pre[] = {"tiny", "2b4t", "micro"}, *const tern[] = {"i2_s", "tq2_0", "tq1_0"},
                             *const embd[] = {"f16", "q8_0", "q6_k"}, *const voc[] = {"llama3", "bytes"},
                             *const arch[] = {"bitnet-b1.58", "bitnet"};
    static const gguf_type tern_t[] = {GGUF_T_I2_S, GGUF_T_TQ2_0, GGUF_T_TQ1_0},
                           embd_t[] = {GGUF_T_F16, GGUF_T_Q8_0, GGUF_T_Q6_K};
    memset(o, 0, sizeof *o);
    o->p = presets[0];
    o->tern = GGUF_T_I2_S;
    o->embd = GGUF_T_F16;
    o->vocab_bytes = -1; /* decided after the options: llama3 when a vocabulary file is given */
    o->arch = "bitnet-b1.58";
    o->seed = 1;
    uint32_t layers = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "tritium-mkmodel: %s: missing value or unknown option (see --help)\n", a);
            return -1;
        }
        const char *v = argv[++i];
        int k = 0;
        if (!strcmp(a, "--preset") && (k = parse_enum(a, v, pre, 3)) >= 0)
            o->p = presets[k];
        else if (!strcmp(a, "--ternary") && (k = parse_enum(a, v, tern, 3)) >= 0)
            o->tern = tern_t[k];
        else if (!strcmp(a, "--embd") && (k = parse_enum(a, v, embd, 3)) >= 0)
            o->embd = embd_t[k];
        else if (!strcmp(a, "--vocab") && (k = parse_enum(a, v, voc, 2)) >= 0)
            o->vocab_bytes = k;
        else if (!strcmp(a, "--arch") && (k = parse_enum(a, v, arch, 2)) >= 0)
            o->arch = arch[k];
        else if (!strcmp(a, "--vocab-file"))
            o->vocab_file = v;
        else if (!strcmp(a, "-o") || !strcmp(a, "--output"))
            o->out = v;
        else if (!strcmp(a, "--layers")) {
            char *end;
            errno = 0;
            unsigned long n = strtoul(v, &end, 10);
            if (errno || *end || !*v || n < 1 || n > 1024) {
                fprintf(stderr, "tritium-mkmodel: --layers: '%s' is not a layer count from 1 to 1024\n", v);
                return -1;
            }
            layers = (uint32_t)n;
        } else if (!strcmp(a, "--seed")) {
            char *end;
            errno = 0;
            o->seed = strtoull(v, &end, 0);
            if (errno || *end || !*v) {
                fprintf(stderr, "tritium-mkmodel: --seed: '%s' is not an unsigned integer\n", v);
                return -1;
            }
        } else {
            if (k >= 0)
                fprintf(stderr, "tritium-mkmodel: unknown option '%s' (see --help)\n", a);
            return -1;
        }
    }
    if (layers)
        o->p.layers = layers; /* after every option: --preset may come after --layers */
    if (!o->out) {
        fprintf(stderr, "tritium-mkmodel: no output file: give -o OUT.gguf (see --help)\n");
        return -1;
    }
    if (o->vocab_bytes < 0)
        o->vocab_bytes = o->vocab_file ? 0 : 1;
    if (!o->vocab_bytes && !o->vocab_file) {
        fprintf(stderr, "tritium-mkmodel: --vocab llama3 copies a LLaMA-3 vocabulary: give --vocab-file PATH "
                        "(or --vocab bytes)\n");
        return -1;
    }
    return 0;
}

typedef struct {
    mk_tensor *t;
    size_t n, cap;
    uint64_t bytes;
} tensor_list;

static int add(gguf_writer *w, tensor_list *l, const mk_opts *o, const char *name, mk_kind kind, gguf_type type,
               uint64_t cols, uint64_t rows)
{
    if (l->n == l->cap)
        return -1; /* sized for the model up front; never grows so contexts stay put */
    mk_tensor *t = &l->t[l->n++];
    *t = (mk_tensor){kind, type, rows, cols, mk_tensor_seed(o->seed, name)};
    uint64_t ne[2] = {cols, rows};
    size_t nb = gguf_type_bytes(type, cols * rows);
    l->bytes += nb;
    if (kind == MK_EMBD)
        return gguf_w_tensor_stream(w, name, type, 2, ne, nb, mk_produce_embd, t);
    return gguf_w_tensor_cb(w, name, type, rows > 1 ? 2 : 1, ne, nb, mk_fill, t);
}

static int add_tensors(gguf_writer *w, tensor_list *l, const mk_opts *o)
{
    const mk_preset *p = &o->p;
    const uint64_t h = p->hidden, q = (uint64_t)p->heads * p->head_dim, kv = (uint64_t)p->kv_heads * p->head_dim;
    char nm[96];
    int rc = add(w, l, o, "token_embd.weight", MK_EMBD, o->embd, h, o->n_vocab);
    for (uint32_t b = 0; b < p->layers && !rc; b++) {
#define T(suffix, kind, type, cols, rows) \
    (snprintf(nm, sizeof nm, "blk.%u." suffix ".weight", b), rc = rc || add(w, l, o, nm, kind, type, cols, rows))
        T("attn_norm", MK_NORM, GGUF_T_F32, h, 1);
        T("attn_q", MK_TERNARY, o->tern, h, q);
        T("attn_k", MK_TERNARY, o->tern, h, kv);
        T("attn_v", MK_TERNARY, o->tern, h, kv);
        T("attn_sub_norm", MK_NORM, GGUF_T_F32, q, 1);
        T("attn_output", MK_TERNARY, o->tern, q, h);
        T("ffn_norm", MK_NORM, GGUF_T_F32, h, 1);
        T("ffn_gate", MK_TERNARY, o->tern, h, p->ffn);
        T("ffn_up", MK_TERNARY, o->tern, h, p->ffn);
        T("ffn_sub_norm", MK_NORM, GGUF_T_F32, p->ffn, 1);
        T("ffn_down", MK_TERNARY, o->tern, p->ffn, h);
#undef T
    }
    return rc || add(w, l, o, "output_norm.weight", MK_NORM, GGUF_T_F32, h, 1);
}

int main(int argc, char **argv)
{
    mk_opts o;
    char err[1024] = "";
    if (parse_args(argc, argv, &o))
        return 2;
    gguf_writer *w = gguf_writer_new(32);
    tensor_list l = {0};
    l.cap = 2 + 11 * (size_t)o.p.layers;
    l.t = calloc(l.cap, sizeof *l.t);
    if (!w || !l.t) {
        fprintf(stderr, "tritium-mkmodel: out of memory\n");
        return 1;
    }
    /* vocab_size comes before the tokenizer keys (as in Microsoft's file), so measure the vocabulary
     * first, then write the keys in that order. */
    int rc = mk_vocab(NULL, &o, err, sizeof err);
    if (!rc && mk_meta(w, &o))
        rc = -1;
    if (!rc && mk_vocab(w, &o, err, sizeof err))
        rc = -1;
    if (!rc && add_tensors(w, &l, &o))
        rc = -1;
    if (!rc && gguf_w_save(w, o.out, err, sizeof err))
        rc = -1;
    if (rc) {
        fprintf(stderr, "tritium-mkmodel: %s\n", err[0] ? err : gguf_w_error(w));
    } else {
        const char *tn = gguf_type_name(o.tern), *en = gguf_type_name(o.embd);
        printf("wrote %s: arch %s, preset %s (hidden %u, FFN %u, %u layers, %u heads / %u KV heads of %u, "
               "context %u), vocab %u tokens (%s), %zu tensors: ternary %s, embedding %s (tied head), seed %llu, "
               "%.1f MB of tensor data\n",
               o.out, o.arch, o.p.name, o.p.hidden, o.p.ffn, o.p.layers, o.p.heads, o.p.kv_heads, o.p.head_dim,
               o.p.ctx, o.n_vocab, o.vocab_bytes ? "byte-level" : o.vocab_file, l.n, tn, en,
               (unsigned long long)o.seed, (double)l.bytes / 1e6);
    }
    gguf_writer_free(w);
    free(l.t);
    return rc ? 1 : 0;
}
