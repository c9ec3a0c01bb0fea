/* Tokenizer on the small byte-level vocabulary: hand-derived ids, specials, exact round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/tokenizer/tokenizer.h"
#include "tests/tokenizer/suites.h"

/* Ids of the byte vocabulary: bytes 0..255, then merges in rank order, then the specials. */
enum { T_SP_T = 256, T_HE, T_SP_THE, T_IN, T_ER, T_SP_A, T_ON, T_RE, T_BOS, T_EOS, T_SHI, T_EHI, T_EOT };

static char *write_vocab(int with_model, const char *model)
{
    char path[] = "/tmp/tritium-tokvocab-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    gguf_writer *w = gguf_writer_new(32);
    char err[512];
    if (with_model)
        ck_assert_int_eq(tok_write_byte_vocab(w), T_EOT + 1);
    else
        ck_assert_int_eq(gguf_w_str(w, "tokenizer.ggml.model", model), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
    return strdup(path);
}

static tok_vocab *load(void)
{
    char *path = write_vocab(1, NULL), err[512] = "";
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    tok_vocab *v = tok_load(f, err, sizeof err);
    ck_assert_msg(v != NULL, "%s", err);
    gguf_close(f); /* the tokenizer keeps its own copy */
    unlink(path);
    free(path);
    return v;
}

static void expect_ids(const tok_vocab *v, const char *text, int bos, int special, const int32_t *want, size_t n)
{
    int32_t *ids;
    size_t got;
    char err[256];
    ck_assert_int_eq(tok_encode(v, text, strlen(text), bos, special, &ids, &got, err, sizeof err), 0);
    ck_assert_msg(got == n, "'%s': %zu ids, expected %zu", text, got, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(ids[i] == want[i], "'%s' id %zu: %d, expected %d", text, i, ids[i], want[i]);
    free(ids);
}

START_TEST(hand_derived_ids)
{
    tok_vocab *v = load();
    ck_assert_int_eq(tok_n_vocab(v), T_EOT + 1);
    ck_assert_int_eq(tok_bos(v), T_BOS);
    ck_assert_int_eq(tok_eos(v), T_EOS);
    ck_assert_int_eq(tok_eot(v), T_EOT);
    ck_assert(tok_is_eog(v, T_EOS) && tok_is_eog(v, T_EOT) && !tok_is_eog(v, T_BOS));
    /* "the": t h e; only "h e" merges (rank 1). " the" is a whole token (ignore_merges). */
    expect_ids(v, "the", 0, 0, (int32_t[]){'t', T_HE}, 2);
    expect_ids(v, " the", 0, 0, (int32_t[]){T_SP_THE}, 1);
    /* "there": "h e" (rank 1) before "r e" (rank 7); "e r" (rank 4) then has no 'e' left. */
    expect_ids(v, "there", 0, 0, (int32_t[]){'t', T_HE, T_RE}, 3);
    expect_ids(v, " in on", 1, 0, (int32_t[]){T_BOS, ' ', T_IN, ' ', T_ON}, 5);
    /* Digits go in groups of three, "\n\n" stays one piece of two byte tokens. */
    expect_ids(v, "12345\n\n", 0, 0, (int32_t[]){'1', '2', '3', '4', '5', '\n', '\n'}, 7);
    expect_ids(v, "", 0, 0, NULL, 0);
    expect_ids(v, "", 1, 0, (int32_t[]){T_BOS}, 1);
    tok_free(v);
}
END_TEST

START_TEST(special_tokens)
{
    tok_vocab *v = load();
    const char *text = "<|start_header_id|>user<|end_header_id|>hi<|eot_id|>";
    expect_ids(v, text, 1, 1, (int32_t[]){T_BOS, T_SHI, 'u', 's', T_ER, T_EHI, 'h', 'i', T_EOT}, 9);
    /* Not parsed: the same text is plain characters. */
    int32_t *ids;
    size_t n;
    char err[256];
    ck_assert_int_eq(tok_encode(v, "<|eot_id|>", 10, 0, 0, &ids, &n, err, sizeof err), 0);
    ck_assert_uint_eq(n, 10);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(ids[i], (unsigned char)"<|eot_id|>"[i]);
    free(ids);
    /* Decoding shows control tokens only when asked. */
    int32_t seq[] = {T_BOS, 'h', 'i', T_EOT};
    size_t len;
    char *s = tok_decode(v, seq, 4, 0, &len, err, sizeof err);
    ck_assert_str_eq(s, "hi");
    free(s);
    s = tok_decode(v, seq, 4, 1, &len, err, sizeof err);
    ck_assert_str_eq(s, "<|begin_of_text|>hi<|eot_id|>");
    ck_assert_uint_eq(len, strlen(s));
    free(s);
    int32_t bad[] = {'a', 9999};
    ck_assert_ptr_null(tok_decode(v, bad, 2, 0, &len, err, sizeof err));
    ck_assert_str_eq(err, "tok_decode: token id at position 1 is out of range");
    ck_assert_int_eq(tok_token_to_piece(v, -1, 0, NULL, 0), -1);
    tok_free(v);
}
END_TEST

static void round_trip(const tok_vocab *v, const char *text, size_t len)
{
    int32_t *ids;
    size_t n, out_len;
    char err[256];
    ck_assert_int_eq(tok_encode(v, text, len, 0, 0, &ids, &n, err, sizeof err), 0);
    char *s = tok_decode(v, ids, n, 0, &out_len, err, sizeof err);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(out_len, len);
    ck_assert_int_eq(memcmp(s, text, len), 0);
    /* Streaming: the pieces concatenate to the same bytes even when a piece splits a character. */
    char *cat = malloc(len + 1);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        int k = tok_token_to_piece(v, ids[i], 0, cat + at, len - at);
        ck_assert_int_ge(k, 0);
        at += (size_t)k;
    }
    ck_assert_uint_eq(at, len);
    ck_assert_int_eq(memcmp(cat, text, len), 0);
    free(cat);
    free(s);
    free(ids);
}

START_TEST(round_trips)
{
    tok_vocab *v = load();
    static const char *const texts[] = {
        "Hello, world! The theory there: 3.14159 and 1000000.",
        "caf\xc3\xa9 na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
        "emoji \xf0\x9f\x99\x82\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd and \xe2\x9d\xa4\xef\xb8\x8f",
        "  leading spaces\n\n\ttabs\r\n  trailing   ",
        "I'm sure they'll've DONE'T it's",
        "<|eot_id|> is not special here",
    };
    for (unsigned i = 0; i < sizeof texts / sizeof texts[0]; i++)
        round_trip(v, texts[i], strlen(texts[i]));
    /* Every byte value, including invalid UTF-8 sequences and NUL. */
    char all[512];
    for (int i = 0; i < 512; i++)
        all[i] = (char)(i < 256 ? i : 255 - (i - 256));
    round_trip(v, all, sizeof all);
    tok_free(v);
}
END_TEST

START_TEST(load_errors)
{
    char err[512] = "";
    char *path = write_vocab(0, "llama");
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_null(tok_load(f, err, sizeof err));
    ck_assert_str_eq(err, "tokenizer: unsupported tokenizer.ggml.model 'llama' (only gpt2 byte-level BPE)");
    gguf_close(f);
    unlink(path);
    free(path);
    path = write_vocab(0, "gpt2");
    f = gguf_open(path, err, sizeof err);
    ck_assert_ptr_null(tok_load(f, err, sizeof err));
    ck_assert_str_eq(err, "tokenizer: tokenizer.ggml.tokens is missing or not a string array");
    gguf_close(f);
    unlink(path);
    free(path);
    ck_assert_ptr_null(tok_load(NULL, err, sizeof err));

    /* Microsoft's 2B4T file has no tokenizer.ggml.pre: the LLaMA-3 rules apply. Another pre-tokenizer
     * name is refused rather than silently tokenized with the wrong regex. */
    for (int variant = 0; variant < 2; variant++) {
        char *src = write_vocab(1, NULL), *dst = write_vocab(0, "unused");
        gguf_file *s = gguf_open(src, err, sizeof err);
        ck_assert_ptr_nonnull(s);
        gguf_writer *w = gguf_writer_new(32);
        for (size_t i = 0; i < gguf_kv_count(s); i++) {
            const gguf_kv *kv = gguf_kv_at(s, i);
            if (kv->key.len == 18 && memcmp(kv->key.ptr, "tokenizer.ggml.pre", 18) == 0) {
                if (variant == 1)
                    ck_assert_int_eq(gguf_w_str(w, "tokenizer.ggml.pre", "gpt-2"), 0);
                continue;
            }
            ck_assert_int_eq(gguf_w_copy_kv(w, kv), 0);
        }
        ck_assert_int_eq(gguf_w_save(w, dst, err, sizeof err), 0);
        gguf_writer_free(w);
        gguf_close(s);
        gguf_file *d = gguf_open(dst, err, sizeof err);
        ck_assert_ptr_nonnull(d);
        tok_vocab *v = tok_load(d, err, sizeof err);
        if (variant == 0) {
            ck_assert_msg(v != NULL, "%s", err);
            expect_ids(v, " the", 0, 0, (int32_t[]){T_SP_THE}, 1);
            tok_free(v);
        } else {
            ck_assert_ptr_null(v);
            ck_assert_str_eq(err, "tokenizer: unsupported pre-tokenizer tokenizer.ggml.pre = 'gpt-2' (only llama-bpe)");
        }
        gguf_close(d);
        unlink(src);
        unlink(dst);
        free(src);
        free(dst);
    }
}
END_TEST

/* the chat frame, exactly as llama.cpp's bitnet template writes it, messages trimmed */
START_TEST(chat_prompt)
{
    size_t len = 0;
    char *p = tok_chat_prompt("  Be brief.\n", "\tHi there  ", &len);
    ck_assert_str_eq(p, "System: Be brief.<|eot_id|>User: Hi there<|eot_id|>Assistant: ");
    ck_assert_uint_eq(len, strlen(p));
    free(p);
    p = tok_chat_prompt(NULL, "", NULL);
    ck_assert_str_eq(p, "User: <|eot_id|>Assistant: ");
    free(p);
    ck_assert_ptr_null(tok_chat_prompt("x", NULL, NULL));
}
END_TEST

Suite *suite_tok_bytes(void)
{
    Suite *s = suite_create("tok_bytes");
    TCase *tc = tcase_create("bytes");
    tcase_add_test(tc, hand_derived_ids);
    tcase_add_test(tc, special_tokens);
    tcase_add_test(tc, round_trips);
    tcase_add_test(tc, load_errors);
    tcase_add_test(tc, chat_prompt);
    suite_add_tcase(s, tc);
    return s;
}
