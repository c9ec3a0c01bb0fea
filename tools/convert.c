/*
 * tritium-convert: re-encodes a BitNet GGUF model's ternary layers (I2_S, TQ2_0, TQ1_0) and its token
 * embedding / head (F16, Q8_0, Q6_K), copying every other tensor and metadata entry unchanged, so
 * one trained model can be measured in every format tritium reads (docs/accuracy.md). Tensors are
 * encoded one at a time while the output is written: the input stays mapped, nothing is held whole.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "kernels_ref/kr_ternary.h"
#include "runtime/gguf/gguf.h"

typedef struct {
    const char *in, *out;
    int tern, embd;           /* target types, or -1: keep the input's */
} cv_opts;

/* One output tensor: where its values come from and what it becomes. */
typedef struct {
    const gguf_tensor *src;
    gguf_type to;
    double scale_change;      /* ternary: |new scale / old - 1| (binary16 rounding for TQ1_0/TQ2_0) */
} cv_tensor;

static void usage(FILE *fp)
{
    fprintf(fp, "usage: tritium-convert IN.gguf -o OUT.gguf [--ternary i2_s|tq2_0|tq1_0] [--embd f16|q8_0|q6_k]\n"
                "Re-encodes a BitNet b1.58 GGUF model; tensors and metadata not named are copied unchanged.\n"
                "  --ternary T   encoding of the ternary layers. The ternary values never change; TQ1_0 and\n"
                "                TQ2_0 hold the scale as binary16, so an I2_S (float32) scale is rounded\n"
                "  --embd T      type of the token embedding and of the head (output.weight, when the head is\n"
                "                not tied): f16, q8_0 or q6_k, quantized from the input's values\n"
                "  -o FILE       output file\n");
}

static int parse_type(const char *opt, const char *v, const char *const *names, const gguf_type *types, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return (int)types[i];
    fprintf(stderr, "tritium-convert: %s: unknown type '%s' (one of:", opt, v);
    for (int i = 0; i < n; i++)
        fprintf(stderr, " %s", names[i]);
    fprintf(stderr, ")\n");
    return -2;
}

static int parse_args(int argc, char **argv, cv_opts *o)
{
    static const char *const tn[] = {"i2_s", "tq2_0", "tq1_0"}, *const en[] = {"f16", "q8_0", "q6_k"};
    static const gguf_type tt[] = {GGUF_T_I2_S, GGUF_T_TQ2_0, GGUF_T_TQ1_0},
                           et[] = {GGUF_T_F16, GGUF_T_Q8_0, GGUF_T_Q6_K};
    *o = (cv_opts){NULL, NULL, -1, -1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        }
        if (a[0] != '-') {
            if (o->in) {
                fprintf(stderr, "tritium-convert: two input files ('%s', '%s'): give one\n", o->in, a);
                return -1;
            }
            o->in = a;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "tritium-convert: %s needs a value (see --help)\n", a);
            return -1;
        }
        const char *v = argv[++i];
        if (!strcmp(a, "-o") || !strcmp(a, "--output"))
            o->out = v;
        else if (!strcmp(a, "--ternary")) {
            if ((o->tern = parse_type(a, v, tn, tt, 3)) == -2)
                return -1;
        } else if (!strcmp(a, "--embd")) {
            if ((o->embd = parse_type(a, v, en, et, 3)) == -2)
                return -1;
        } else {
            fprintf(stderr, "tritium-convert: unknown option '%s' (see --help)\n", a);
            return -1;
        }
    }
    if (!o->in || !o->out) {
        fprintf(stderr, "tritium-convert: give an input file and -o OUT.gguf (see --help)\n");
        return -1;
    }
    if (o->tern < 0 && o->embd < 0) {
        fprintf(stderr, "tritium-convert: nothing to change: give --ternary and/or --embd\n");
        return -1;
    }
    return 0;
}

static int is_ternary(gguf_type t) { return gguf_file_type(t) != 0; }

static int is_head(const gguf_tensor *t)
{
    return gguf_str_eq(t->name, "token_embd.weight") || gguf_str_eq(t->name, "output.weight");
}

static int fill_ternary(void *ctx, uint8_t *dst, size_t nbytes, char *err, size_t errlen)
{
    cv_tensor *c = ctx;
    kr_tern w = {0};
    if (gguf_tensor_to_tern(c->src, &w, err, errlen))
        return -1;
    float old = w.scale;
    if (c->to != GGUF_T_I2_S)
        w.scale = kr_scale_round_f16(w.scale);
    c->scale_change = old != 0.0f ? fabs((double)w.scale / old - 1.0) : 0.0;
    kr_status st = c->to == GGUF_T_I2_S    ? kr_tern_to_i2s(&w, dst, nbytes)
                   : c->to == GGUF_T_TQ2_0 ? kr_tern_to_tq2(&w, dst, nbytes)
                                           : kr_tern_to_tq1(&w, dst, nbytes);
    kr_tern_free(&w);
    if (st != KR_OK) {
        snprintf(err, errlen, "tensor '%.*s': encoding as %s failed: %s", (int)c->src->name.len, c->src->name.ptr,
                 gguf_type_name(c->to), kr_strerror(st));
        return -1;
    }
    return 0;
}

/* The embedding a row at a time: dequantized from the input, quantized to the target. */
static int produce_embd(void *ctx, gguf_sink *sink, char *err, size_t errlen)
{
    const cv_tensor *c = ctx;
    const size_t cols = (size_t)c->src->ne[0], rb = gguf_type_bytes(c->to, cols);
    float *row = malloc(cols * sizeof *row);
    uint8_t *out = malloc(rb ? rb : 1);
    int rc = 0;
    if (!row || !out || !rb) {
        snprintf(err, errlen, rb ? "out of memory for an embedding row" : "rows of %zu values are not whole %s blocks",
                 cols, gguf_type_name(c->to));
        rc = -1;
    }
    for (uint64_t r = 0; r < c->src->ne[1] && !rc; r++) {
        if (gguf_tensor_row_f32(c->src, r, row, err, errlen)) {
            rc = -1;
            break;
        }
        kr_status st = KR_OK;
        if (c->to == GGUF_T_F16) {
            for (size_t k = 0; k < cols; k++) {
                uint16_t h = kr_f32_to_f16(row[k]);
                memcpy(out + 2 * k, &h, 2);
            }
        } else {
            st = c->to == GGUF_T_Q8_0 ? kr_q8_0_from_f32(row, cols, out, rb) : kr_q6_k_from_f32(row, cols, out, rb);
        }
        if (st != KR_OK) {
            snprintf(err, errlen, "row %llu: %s encoding failed: %s", (unsigned long long)r, gguf_type_name(c->to),
                     kr_strerror(st));
            rc = -1;
        } else if (gguf_sink_write(sink, out, rb)) {
            snprintf(err, errlen, "writing row %llu failed", (unsigned long long)r);
            rc = -1;
        }
    }
    free(row);
    free(out);
    return rc;
}

static int copy_tensor(void *ctx, uint8_t *dst, size_t nbytes, char *err, size_t errlen)
{
    const cv_tensor *c = ctx;
    (void)err;
    (void)errlen;
    memcpy(dst, c->src->data, nbytes);
    return 0;
}

static int add_tensor(gguf_writer *w, cv_tensor *c, const cv_opts *o)
{
    const gguf_tensor *t = c->src;
    char name[256];
    if (t->name.len >= sizeof name) {
        fprintf(stderr, "tritium-convert: a tensor name of %zu bytes (at most %zu)\n", (size_t)t->name.len,
                sizeof name - 1);
        return -1;
    }
    memcpy(name, t->name.ptr, t->name.len);
    name[t->name.len] = '\0';
    c->to = t->type;
    if (o->tern >= 0 && is_ternary(t->type))
        c->to = (gguf_type)o->tern;
    else if (o->embd >= 0 && is_head(t) && t->n_dims == 2)
        c->to = (gguf_type)o->embd;
    size_t nb = gguf_type_bytes(c->to, t->n_elements);
    if (c->to == t->type)
        return gguf_w_tensor_cb(w, name, t->type, t->n_dims, t->ne, t->nbytes, copy_tensor, c);
    if (!nb) {
        fprintf(stderr, "tritium-convert: tensor '%s' (%llu x %llu) cannot be %s: its rows are not whole blocks\n",
                name, (unsigned long long)t->ne[0], (unsigned long long)t->ne[1], gguf_type_name(c->to));
        return -1;
    }
    if (is_ternary(c->to))
        return gguf_w_tensor_cb(w, name, c->to, t->n_dims, t->ne, nb, fill_ternary, c);
    return gguf_w_tensor_stream(w, name, c->to, t->n_dims, t->ne, nb, produce_embd, c);
}

int main(int argc, char **argv)
{
    cv_opts o;
    char err[1024] = "";
    if (parse_args(argc, argv, &o))
        return 2;
    gguf_file *in = gguf_open(o.in, err, sizeof err);
    if (!in) {
        fprintf(stderr, "tritium-convert: %s\n", err);
        return 1;
    }
    const size_t nt = gguf_tensor_count(in), nk = gguf_kv_count(in);
    gguf_writer *w = gguf_writer_new((uint32_t)gguf_alignment(in));
    cv_tensor *ct = calloc(nt ? nt : 1, sizeof *ct);
    int rc = !w || !ct ? -1 : 0;
    if (rc)
        snprintf(err, sizeof err, "out of memory");
    for (size_t i = 0; i < nk && !rc; i++) {
        const gguf_kv *kv = gguf_kv_at(in, i);
        if (o.tern >= 0 && gguf_str_eq(kv->key, "general.file_type"))
            rc = gguf_w_u32(w, "general.file_type", gguf_file_type((gguf_type)o.tern));
        else
            rc = gguf_w_copy_kv(w, kv);
    }
    size_t n_tern = 0, n_embd = 0;
    for (size_t i = 0; i < nt && !rc; i++) {
        ct[i].src = gguf_tensor_at(in, i);
        rc = add_tensor(w, &ct[i], &o);
        n_tern += !rc && is_ternary(ct[i].to) && ct[i].to != ct[i].src->type;
        n_embd += !rc && !is_ternary(ct[i].to) && ct[i].to != ct[i].src->type;
    }
    if (!rc && n_tern + n_embd == 0)
        fprintf(stderr, "tritium-convert: note: every tensor already has the type asked for; writing a copy\n");
    if (!rc && gguf_w_save(w, o.out, err, sizeof err))
        rc = -1;
    if (rc) {
        if (!err[0] && w)
            snprintf(err, sizeof err, "%s", gguf_w_error(w));
        if (err[0])
            fprintf(stderr, "tritium-convert: %s\n", err);
    } else {
        double worst = 0.0;
        for (size_t i = 0; i < nt; i++)
            worst = ct[i].scale_change > worst ? ct[i].scale_change : worst;
        printf("wrote %s: %zu ternary tensors re-encoded%s%s, %zu embedding/head tensors%s%s, %zu tensors in all",
               o.out, n_tern, n_tern ? " as " : "", n_tern ? gguf_type_name((gguf_type)o.tern) : "", n_embd,
               n_embd ? " as " : "", n_embd ? gguf_type_name((gguf_type)o.embd) : "", nt);
        if (n_tern)
            printf("; largest scale change %.3g (binary16 rounding)", worst);
        printf("\n");
    }
    gguf_writer_free(w);
    free(ct);
    gguf_close(in);
    return rc ? 1 : 0;
}
