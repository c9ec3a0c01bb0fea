/* Ternary tensors through GGUF: the three encodings decode to identical canonical weights, both
 * for files written here and for files written by tritium-mkmodel; tritium-convert turns one file into
 * another encoding exactly as tritium-mkmodel would have written it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernels_ref/kr_formats.h"
#include "runtime/gguf/gguf.h"
#include "tests/gguf/suites.h"

static const gguf_type tern_types[3] = {GGUF_T_I2_S, GGUF_T_TQ2_0, GGUF_T_TQ1_0};

static void random_tern(kr_tern *w, size_t rows, size_t cols, uint32_t seed)
{
    float *x = malloc(rows * cols * sizeof *x);
    for (size_t i = 0; i < rows * cols; i++) {
        seed = seed * 1664525u + 1013904223u;
        x[i] = (float)(seed >> 8) / 8388608.0f - 1.0f;
    }
    ck_assert_int_eq(kr_tern_from_float(w, x, rows, cols), KR_OK);
    w->scale = kr_scale_round_f16(w->scale);
    free(x);
}

static size_t encode(const kr_tern *w, gguf_type t, uint8_t **out)
{
    size_t n = w->rows * w->cols, nb = gguf_type_bytes(t, n);
    *out = malloc(nb);
    kr_status st = t == GGUF_T_I2_S ? kr_tern_to_i2s(w, *out, nb)
                   : t == GGUF_T_TQ2_0 ? kr_tern_to_tq2(w, *out, nb) : kr_tern_to_tq1(w, *out, nb);
    ck_assert_int_eq(st, KR_OK);
    return nb;
}

static void assert_same_tern(const kr_tern *a, const kr_tern *b, const char *what)
{
    ck_assert_msg(a->rows == b->rows && a->cols == b->cols, "%s: shape", what);
    ck_assert_msg(memcmp(&a->scale, &b->scale, sizeof a->scale) == 0, "%s: scale %g vs %g", what, a->scale, b->scale);
    ck_assert_msg(memcmp(a->codes, b->codes, a->rows * a->stride) == 0, "%s: codes differ", what);
}

START_TEST(three_encodings_decode_identically)
{
    kr_tern w = {0};
    random_tern(&w, 6, 512, 42);
    char *path = tg_tmp_path("tern");
    char err[512] = "";
    gguf_writer *wr = gguf_writer_new(32);
    uint64_t ne[2] = {512, 6};
    const char *names[3] = {"w.i2s", "w.tq2", "w.tq1"};
    for (int i = 0; i < 3; i++) {
        uint8_t *buf;
        size_t nb = encode(&w, tern_types[i], &buf);
        ck_assert_int_eq(gguf_w_tensor(wr, names[i], tern_types[i], 2, ne, buf, nb), 0);
        free(buf);
    }
    ck_assert_int_eq(gguf_w_save(wr, path, err, sizeof err), 0);
    gguf_writer_free(wr);
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    float *ref = malloc(6 * 512 * sizeof *ref), row[512];
    ck_assert_int_eq(kr_tern_to_float(&w, ref, 6 * 512), KR_OK);
    for (int i = 0; i < 3; i++) {
        kr_tern d = {0};
        const gguf_tensor *t = gguf_find_tensor(f, names[i]);
        ck_assert_int_eq(gguf_tensor_to_tern(t, &d, err, sizeof err), 0);
        assert_same_tern(&w, &d, names[i]);
        kr_tern_free(&d);
        for (uint64_t r = 0; r < 6; r++) {
            ck_assert_msg(gguf_tensor_row_f32(t, r, row, err, sizeof err) == 0, "%s", err);
            ck_assert_int_eq(memcmp(row, ref + r * 512, sizeof row), 0);
        }
    }
    free(ref);
    gguf_close(f);
    kr_tern_free(&w);
    unlink(path);
    free(path);
}
END_TEST

/* Runs one of the build's programs (next to the tests folder) with args; returns its exit status and
 * its output (stdout and stderr) in out. */
static int run_tool(const char *tool, const char *args, char *out, size_t cap)
{
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "'%s/../%s' %s 2>&1", tg_bin_dir, tool, args);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs the real tritium-mkmodel writing path. */
static int mkmodel(const char *args, const char *path, char *out, size_t cap)
{
    char a[8192];
    snprintf(a, sizeof a, "%s -o '%s'", args, path);
    return run_tool("tritium-mkmodel", a, out, cap);
}

static const char *const blk_names[] = {"attn_norm", "attn_q",   "attn_k",  "attn_v",   "attn_sub_norm", "attn_output",
                                        "ffn_norm",  "ffn_gate", "ffn_up", "ffn_sub_norm", "ffn_down"};

START_TEST(mkmodel_files_agree)
{
    char *paths[3], out[4096], err[512] = "";
    const char *enc[3] = {"i2_s", "tq2_0", "tq1_0"};
    gguf_file *f[3];
    for (int i = 0; i < 3; i++) {
        paths[i] = tg_tmp_path("mk");
        char args[256];
        snprintf(args, sizeof args, "--preset tiny --vocab bytes --seed 5 --ternary %s", enc[i]);
        ck_assert_msg(mkmodel(args, paths[i], out, sizeof out) == 0, "mkmodel %s: %s", args, out);
        ck_assert_ptr_nonnull(strstr(out, "24 tensors"));
        f[i] = gguf_open(paths[i], err, sizeof err);
        ck_assert_msg(f[i] != NULL, "%s", err);
    }
    /* Layout of Microsoft's file: names, shapes, types, keys. */
    gguf_str s;
    ck_assert_int_eq(gguf_get_str(f[0], "general.architecture", &s), 0);
    ck_assert_uint_eq(s.len, 12);
    ck_assert_int_eq(memcmp(s.ptr, "bitnet-b1.58", 12), 0);
    struct { const char *key; uint32_t want; } u32s[] = {
        {"bitnet-b1.58.embedding_length", 256}, {"bitnet-b1.58.feed_forward_length", 512},
        {"bitnet-b1.58.block_count", 2}, {"bitnet-b1.58.attention.head_count", 4},
        {"bitnet-b1.58.attention.head_count_kv", 2}, {"bitnet-b1.58.rope.dimension_count", 64},
        {"bitnet-b1.58.context_length", 256}, {"bitnet-b1.58.vocab_size", 269}, {"general.file_type", 40},
    };
    for (unsigned i = 0; i < sizeof u32s / sizeof u32s[0]; i++) {
        uint32_t v = 0;
        ck_assert_msg(gguf_get_u32(f[0], u32s[i].key, &v) == 0 && v == u32s[i].want, "%s = %u", u32s[i].key, v);
    }
    uint32_t ft;
    ck_assert_int_eq(gguf_get_u32(f[1], "general.file_type", &ft), 0);
    ck_assert_uint_eq(ft, 37);
    ck_assert_int_eq(gguf_get_u32(f[2], "general.file_type", &ft), 0);
    ck_assert_uint_eq(ft, 36);
    float theta, eps;
    ck_assert_int_eq(gguf_get_f32(f[0], "bitnet-b1.58.rope.freq_base", &theta), 0);
    ck_assert(theta == 500000.0f);
    ck_assert_int_eq(gguf_get_f32(f[0], "bitnet-b1.58.attention.layer_norm_rms_epsilon", &eps), 0);
    ck_assert(eps == 1e-5f);
    ck_assert_ptr_null(gguf_find_tensor(f[0], "output.weight"));
    uint64_t embd[2] = {256, 269};
    const gguf_tensor *e = gguf_require_tensor(f[0], "token_embd.weight", 2, embd, err, sizeof err);
    ck_assert_msg(e != NULL, "%s", err);
    ck_assert_int_eq(e->type, GGUF_T_F16);
    ck_assert_ptr_nonnull(gguf_find_tensor(f[0], "output_norm.weight"));
    /* Every ternary tensor: identical canonical weights in all three files; the rest byte-identical. */
    for (int b = 0; b < 2; b++)
        for (unsigned k = 0; k < sizeof blk_names / sizeof blk_names[0]; k++) {
            char name[64];
            snprintf(name, sizeof name, "blk.%d.%s.weight", b, blk_names[k]);
            const gguf_tensor *t[3];
            for (int i = 0; i < 3; i++) {
                t[i] = gguf_find_tensor(f[i], name);
                ck_assert_msg(t[i] != NULL, "%s missing", name);
            }
            if (t[0]->type == GGUF_T_F32) {
                for (int i = 1; i < 3; i++) {
                    ck_assert_uint_eq(t[i]->nbytes, t[0]->nbytes);
                    ck_assert_int_eq(memcmp(t[i]->data, t[0]->data, t[0]->nbytes), 0);
                }
                continue;
            }
            kr_tern d[3] = {{0}};
            for (int i = 0; i < 3; i++) {
                ck_assert_int_eq(t[i]->type, tern_types[i]);
                ck_assert_msg(gguf_tensor_to_tern(t[i], &d[i], err, sizeof err) == 0, "%s", err);
            }
            assert_same_tern(&d[0], &d[1], name);
            assert_same_tern(&d[0], &d[2], name);
            ck_assert(d[0].scale > 0.0f);
            for (int i = 0; i < 3; i++)
                kr_tern_free(&d[i]);
        }
    uint64_t q[2] = {256, 256}, k[2] = {256, 128}, down[2] = {512, 256}, sub[1] = {512};
    ck_assert_ptr_nonnull(gguf_require_tensor(f[0], "blk.1.attn_q.weight", 2, q, err, sizeof err));
    ck_assert_ptr_nonnull(gguf_require_tensor(f[0], "blk.1.attn_k.weight", 2, k, err, sizeof err));
    ck_assert_ptr_nonnull(gguf_require_tensor(f[0], "blk.1.ffn_down.weight", 2, down, err, sizeof err));
    ck_assert_ptr_nonnull(gguf_require_tensor(f[0], "blk.1.ffn_sub_norm.weight", 1, sub, err, sizeof err));
    for (int i = 0; i < 3; i++) {
        gguf_close(f[i]);
        unlink(paths[i]);
        free(paths[i]);
    }
}
END_TEST

START_TEST(mkmodel_embedding_types_and_arch)
{
    char *a = tg_tmp_path("mk16"), *b = tg_tmp_path("mkq"), out[4096], err[512];
    ck_assert_msg(mkmodel("--vocab bytes --seed 9", a, out, sizeof out) == 0, "%s", out);
    gguf_file *fa = gguf_open(a, err, sizeof err);
    ck_assert_msg(fa != NULL, "%s", err);
    const gguf_tensor *ea = gguf_find_tensor(fa, "token_embd.weight");
    float ra[256], rb[256];
    const char *types[2] = {"q8_0", "q6_k"};
    const gguf_type tt[2] = {GGUF_T_Q8_0, GGUF_T_Q6_K};
    for (int i = 0; i < 2; i++) {
        char args[128];
        snprintf(args, sizeof args, "--vocab bytes --seed 9 --embd %s --arch bitnet", types[i]);
        ck_assert_msg(mkmodel(args, b, out, sizeof out) == 0, "%s", out);
        gguf_file *fb = gguf_open(b, err, sizeof err);
        ck_assert_msg(fb != NULL, "%s", err);
        uint32_t n;
        ck_assert_int_eq(gguf_get_u32(fb, "bitnet.block_count", &n), 0);
        ck_assert_uint_eq(n, 2);
        const gguf_tensor *eb = gguf_find_tensor(fb, "token_embd.weight");
        ck_assert_int_eq(eb->type, tt[i]);
        /* Same values before encoding: rows agree to within the format's precision (|x| <= 0.05). */
        for (uint64_t r = 0; r < 269; r += 67) {
            ck_assert_int_eq(gguf_tensor_row_f32(ea, r, ra, err, sizeof err), 0);
            ck_assert_int_eq(gguf_tensor_row_f32(eb, r, rb, err, sizeof err), 0);
            for (int c = 0; c < 256; c++)
                ck_assert_msg(rb[c] - ra[c] < 0.002f && ra[c] - rb[c] < 0.002f, "%s row %llu col %d: %g vs %g",
                              types[i], (unsigned long long)r, c, rb[c], ra[c]);
        }
        gguf_close(fb);
    }
    gguf_close(fa);
    ck_assert_int_ne(mkmodel("--ternary i3", b, out, sizeof out), 0);
    ck_assert_ptr_nonnull(strstr(out, "--ternary: unknown value 'i3'"));
    ck_assert_int_ne(mkmodel("--vocab llama3 --vocab-file /nonexistent.gguf", b, out, sizeof out), 0);
    ck_assert_ptr_nonnull(strstr(out, "/nonexistent.gguf: cannot open"));
    unlink(a);
    unlink(b);
    free(a);
    free(b);
}
END_TEST

static int convert(const char *args, char *out, size_t cap) { return run_tool("tritium-convert", args, out, cap); }

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    ck_assert(n > 0);
    rewind(f);
    uint8_t *b = malloc((size_t)n);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void assert_same_file(const char *a, const char *b, const char *what)
{
    size_t na, nb;
    uint8_t *x = slurp(a, &na), *y = slurp(b, &nb);
    ck_assert_msg(na == nb, "%s: %zu bytes vs %zu", what, na, nb);
    size_t i = 0;
    while (i < na && x[i] == y[i])
        i++;
    ck_assert_msg(i == na, "%s: first differing byte at %zu of %zu", what, i, na);
    free(x);
    free(y);
}

/* mkmodel's scales are binary16 values, so converting between its encodings loses nothing: a
 * converted file is byte for byte the file mkmodel writes in that encoding, in every direction. */
START_TEST(convert_matches_mkmodel)
{
    char *p[3], *c = tg_tmp_path("cv"), out[4096], args[4096], err[512];
    const char *enc[3] = {"i2_s", "tq2_0", "tq1_0"};
    for (int i = 0; i < 3; i++) {
        p[i] = tg_tmp_path("mk");
        snprintf(args, sizeof args, "--preset tiny --vocab bytes --seed 5 --ternary %s", enc[i]);
        ck_assert_msg(mkmodel(args, p[i], out, sizeof out) == 0, "mkmodel %s: %s", args, out);
    }
    for (int from = 0; from < 3; from++)
        for (int to = 0; to < 3; to++) {
            if (from == to)
                continue;
            snprintf(args, sizeof args, "'%s' --ternary %s -o '%s'", p[from], enc[to], c);
            ck_assert_msg(convert(args, out, sizeof out) == 0, "convert %s: %s", args, out);
            ck_assert_ptr_nonnull(strstr(out, "14 ternary tensors re-encoded"));
            char what[64];
            snprintf(what, sizeof what, "%s -> %s", enc[from], enc[to]);
            assert_same_file(c, p[to], what);
        }
    /* The embedding: the type asked for, the values of the F16 input to that type's precision. */
    snprintf(args, sizeof args, "'%s' --embd q6_k -o '%s'", p[0], c);
    ck_assert_msg(convert(args, out, sizeof out) == 0, "convert %s: %s", args, out);
    gguf_file *fa = gguf_open(p[0], err, sizeof err), *fc = gguf_open(c, err, sizeof err);
    ck_assert_msg(fa && fc, "%s", err);
    const gguf_tensor *ea = gguf_find_tensor(fa, "token_embd.weight"), *ec = gguf_find_tensor(fc, "token_embd.weight");
    ck_assert_int_eq(ea->type, GGUF_T_F16);
    ck_assert_int_eq(ec->type, GGUF_T_Q6_K);
    float ra[256], rc[256];
    for (uint64_t r = 0; r < ea->ne[1]; r += 37) {
        ck_assert_int_eq(gguf_tensor_row_f32(ea, r, ra, err, sizeof err), 0);
        ck_assert_int_eq(gguf_tensor_row_f32(ec, r, rc, err, sizeof err), 0);
        for (int k = 0; k < 256; k++)
            ck_assert_msg(rc[k] - ra[k] < 0.002f && ra[k] - rc[k] < 0.002f, "row %llu col %d: %g vs %g",
                          (unsigned long long)r, k, rc[k], ra[k]);
    }
    const gguf_tensor *qa = gguf_find_tensor(fa, "blk.1.ffn_down.weight"), *qc = gguf_find_tensor(fc, "blk.1.ffn_down.weight");
    ck_assert(qa->nbytes == qc->nbytes && memcmp(qa->data, qc->data, qa->nbytes) == 0);
    gguf_close(fa);
    gguf_close(fc);
    /* Refusals name the problem. */
    snprintf(args, sizeof args, "'%s' -o '%s'", p[0], c);
    ck_assert_int_eq(convert(args, out, sizeof out), 2);
    ck_assert_ptr_nonnull(strstr(out, "nothing to change"));
    snprintf(args, sizeof args, "'%s' --ternary i3 -o '%s'", p[0], c);
    ck_assert_int_eq(convert(args, out, sizeof out), 2);
    ck_assert_ptr_nonnull(strstr(out, "--ternary: unknown type 'i3'"));
    snprintf(args, sizeof args, "/nonexistent.gguf --embd f16 -o '%s'", c);
    ck_assert_int_eq(convert(args, out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "/nonexistent.gguf"));
    for (int i = 0; i < 3; i++) {
        unlink(p[i]);
        free(p[i]);
    }
    unlink(c);
    free(c);
}
END_TEST

/* --vocab llama3 copies every tokenizer.* key of the shared LLaMA-3 vocabulary (when present). */
START_TEST(mkmodel_llama3_vocab)
{
    const char *dir = getenv("TRITIUM_LLAMA3_VOCAB");
    char vocab[4096], args[4200], out[4096], err[512];
    snprintf(vocab, sizeof vocab, "%s/ggml-vocab-llama-bpe.gguf", dir && *dir ? dir : "../shared/data/llama3-vocab");
    gguf_file *v = gguf_open(vocab, err, sizeof err);
    if (!v) {
        printf("NOTICE: %s not found; mkmodel --vocab llama3 NOT checked (%s)\n", vocab, err);
        ck_assert_int_ne(access(vocab, F_OK), 0);
        return;
    }
    char *path = tg_tmp_path("mkl3");
    snprintf(args, sizeof args, "--vocab llama3 --vocab-file '%s' --embd q8_0", vocab);
    ck_assert_msg(mkmodel(args, path, out, sizeof out) == 0, "%s", out);
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    uint32_t n;
    ck_assert_int_eq(gguf_get_u32(f, "bitnet-b1.58.vocab_size", &n), 0);
    ck_assert_uint_eq(n, 128256);
    uint64_t embd[2] = {256, 128256};
    ck_assert_ptr_nonnull(gguf_require_tensor(f, "token_embd.weight", 2, embd, err, sizeof err));
    int add_bos = 0;
    ck_assert_int_eq(gguf_get_bool(f, "tokenizer.ggml.add_bos_token", &add_bos), 0);
    ck_assert_int_eq(add_bos, 1);
    size_t copied = 0;
    for (size_t i = 0; i < gguf_kv_count(v); i++) {
        const gguf_kv *a = gguf_kv_at(v, i);
        if (a->key.len < 10 || memcmp(a->key.ptr, "tokenizer.", 10) != 0)
            continue;
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)a->key.len, a->key.ptr);
        const gguf_kv *b = gguf_find_kv(f, key);
        ck_assert_msg(b != NULL, "%s not copied", key);
        ck_assert_int_eq(b->type, a->type);
        ck_assert_uint_eq(b->arr_len, a->arr_len);
        if (a->type == GGUF_V_ARR && a->arr_type == GGUF_V_STR) {
            for (uint64_t e = 0; e < a->arr_len; e += 997) {
                gguf_str x, y;
                ck_assert_int_eq(gguf_arr_str(a, e, &x), 0);
                ck_assert_int_eq(gguf_arr_str(b, e, &y), 0);
                ck_assert(x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0);
            }
        }
        copied++;
    }
    ck_assert_uint_ge(copied, 7);
    gguf_close(f);
    gguf_close(v);
    unlink(path);
    free(path);
}
END_TEST

Suite *suite_gguf_tern(void)
{
    Suite *s = suite_create("gguf_tern");
    TCase *tc = tcase_create("tern");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, three_encodings_decode_identically);
    tcase_add_test(tc, mkmodel_files_agree);
    tcase_add_test(tc, mkmodel_embedding_types_and_arch);
    tcase_add_test(tc, mkmodel_llama3_vocab);
    tcase_add_test(tc, convert_matches_mkmodel);
    suite_add_tcase(s, tc);
    return s;
}
