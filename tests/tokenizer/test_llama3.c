/*
 * The real LLaMA-3 vocabulary: llama.cpp's 46 reference vectors (tokenized with add_special = false,
 * parse_special = false), round trips, and special tokens. The data directory is
 * $TRITIUM_LLAMA3_VOCAB or ../shared/data/llama3-vocab (relative to the repository root, where
 * `make test` runs); without it these cases print a notice and check that the data is absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/tokenizer/tokenizer.h"
#include "tests/tokenizer/suites.h"

#define SEP "\n__ggml_vocab_test__\n"

static const char *data_dir(void)
{
    const char *d = getenv("TRITIUM_LLAMA3_VOCAB");
    return d && *d ? d : "../shared/data/llama3-vocab";
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(fread(p, 1, (size_t)n, fp), (size_t)n);
    p[n] = 0;
    fclose(fp);
    *len = (size_t)n;
    return p;
}

static tok_vocab *load_llama3(void)
{
    char path[4096], err[512] = "";
    snprintf(path, sizeof path, "%s/ggml-vocab-llama-bpe.gguf", data_dir());
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    tok_vocab *v = tok_load(f, err, sizeof err);
    ck_assert_msg(v != NULL, "%s", err);
    gguf_close(f);
    return v;
}

START_TEST(reference_vectors)
{
    tok_vocab *v = load_llama3();
    ck_assert_int_eq(tok_n_vocab(v), 128256);
    char path[4096];
    size_t in_len, out_len;
    snprintf(path, sizeof path, "%s/ggml-vocab-llama-bpe.gguf.inp", data_dir());
    char *inp = slurp(path, &in_len);
    snprintf(path, sizeof path, "%s/ggml-vocab-llama-bpe.gguf.out", data_dir());
    char *out = slurp(path, &out_len);
    ck_assert_ptr_nonnull(inp);
    ck_assert_ptr_nonnull(out);
    char *p = inp, *line = out;
    int cases = 0;
    double secs = 0;
    size_t bytes = 0;
    for (char *sep; (sep = strstr(p, SEP)) != NULL; p = sep + strlen(SEP), cases++) {
        size_t len = (size_t)(sep - p);
        char *eol = strchr(line, '\n');
        ck_assert_ptr_nonnull(eol);
        *eol = 0;
        int32_t *ids;
        size_t n;
        char err[256];
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        ck_assert_int_eq(tok_encode(v, p, len, 0, 0, &ids, &n, err, sizeof err), 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        secs += (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        bytes += len;
        /* Compare against the expected line, id by id. */
        char *q = line;
        for (size_t i = 0; i < n; i++) {
            char *end;
            long want = strtol(q, &end, 10);
            ck_assert_msg(end != q, "case %d ('%.*s'): %zu ids, expected fewer", cases, (int)len, p, n);
            ck_assert_msg(want == ids[i], "case %d ('%.*s'): id %zu is %d, expected %ld", cases, (int)len, p, i,
                          ids[i], want);
            q = end;
        }
        while (*q == ' ')
            q++;
        ck_assert_msg(*q == 0, "case %d ('%.*s'): %zu ids, expected more (%s)", cases, (int)len, p, n, q);
        size_t dl;
        char *back = tok_decode(v, ids, n, 0, &dl, err, sizeof err);
        ck_assert_msg(dl == len && memcmp(back, p, len) == 0, "case %d does not round-trip", cases);
        free(back);
        free(ids);
        line = eol + 1;
    }
    ck_assert_int_eq(cases, 46);
    (void)secs;
    /* Throughput on a larger text (the inputs repeated), printed for information, never asserted;
     * the round trip keeps the work honest. */
    snprintf(path, sizeof path, "%s/ggml-vocab-llama-bpe.gguf.inp", data_dir());
    free(inp);
    inp = slurp(path, &in_len);
    size_t big_len = in_len * 200;
    char *big = malloc(big_len);
    for (int r = 0; r < 200; r++)
        memcpy(big + (size_t)r * in_len, inp, in_len);
    struct timespec t0, t1;
    int32_t *ids;
    size_t n, dl;
    char err[256];
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(tok_encode(v, big, big_len, 0, 0, &ids, &n, err, sizeof err), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    char *back = tok_decode(v, ids, n, 0, &dl, err, sizeof err);
    ck_assert(dl == big_len && memcmp(back, big, big_len) == 0);
    printf("llama3 reference vectors: %d/46 exact (%zu bytes); encode of %zu bytes -> %zu tokens in %.3f s = "
           "%.2f MB/s (informational)\n", cases, bytes, big_len, n, dt, (double)big_len / 1e6 / dt);
    free(back);
    free(ids);
    free(big);
    free(inp);
    free(out);
    tok_free(v);
}
END_TEST

START_TEST(llama3_specials_and_known_ids)
{
    tok_vocab *v = load_llama3();
    ck_assert_int_eq(tok_bos(v), 128000);
    ck_assert_int_eq(tok_find(v, "<|eot_id|>", 10), 128009);
    ck_assert_int_eq(tok_eot(v), 128009);
    const char *chat = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello world<|eot_id|>";
    int32_t *ids;
    size_t n;
    char err[256];
    ck_assert_int_eq(tok_encode(v, chat, strlen(chat), 0, 1, &ids, &n, err, sizeof err), 0);
    static const int32_t want[] = {128000, 128006, 882, 128007, 271, 9906, 1917, 128009};
    ck_assert_uint_eq(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(ids[i], want[i]);
    size_t dl;
    char *s = tok_decode(v, ids, n, 1, &dl, err, sizeof err);
    ck_assert_str_eq(s, chat);
    free(s);
    free(ids);
    /* add_bos and a long mixed text: exact round trip. */
    const char *mixed = "Ceci n'est pas une pipe \xf0\x9f\x90\x8d\xf0\x9f\x90\x8d 1234567 \xe4\xbd\xa0\xe5\xa5\xbd\n\n\n  x";
    ck_assert_int_eq(tok_encode(v, mixed, strlen(mixed), 1, 0, &ids, &n, err, sizeof err), 0);
    ck_assert_int_eq(ids[0], 128000);
    s = tok_decode(v, ids + 1, n - 1, 0, &dl, err, sizeof err);
    ck_assert_str_eq(s, mixed);
    free(s);
    free(ids);
    tok_free(v);
}
END_TEST

START_TEST(data_absent_notice)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/ggml-vocab-llama-bpe.gguf", data_dir());
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp == NULL, "data appeared while the tests ran");
    printf("NOTICE: %s not found (set TRITIUM_LLAMA3_VOCAB); LLaMA-3 reference vectors NOT run, "
           "byte-level cases only\n", path);
}
END_TEST

Suite *suite_tok_llama3(void)
{
    Suite *s = suite_create("tok_llama3");
    TCase *tc = tcase_create("llama3");
    tcase_set_timeout(tc, 60);
    char path[4096];
    snprintf(path, sizeof path, "%s/ggml-vocab-llama-bpe.gguf", data_dir());
    FILE *fp = fopen(path, "rb");
    if (fp) {
        fclose(fp);
        tcase_add_test(tc, reference_vectors);
        tcase_add_test(tc, llama3_specials_and_known_ids);
    } else {
        tcase_add_test(tc, data_absent_notice);
    }
    suite_add_tcase(s, tc);
    return s;
}
