/* Corrupt and truncated files: each must fail at open with a message naming the problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/gguf/gguf.h"
#include "tests/gguf/suites.h"

/* Base file: metadata (a string and a string array) and two tensors, the I2_S one last. */
static uint8_t *base_file(size_t *len)
{
    char *path = tg_tmp_path("base");
    char err[512];
    gguf_writer *w = gguf_writer_new(32);
    ck_assert_int_eq(gguf_w_str(w, "general.architecture", "bitnet-b1.58"), 0);
    gguf_str toks[3] = {{"a", 1}, {"bc", 2}, {"def", 3}};
    ck_assert_int_eq(gguf_w_arr_str(w, "tokenizer.ggml.tokens", toks, 3), 0);
    uint8_t q8[2 * 34] = {0}, i2s[128 * 2 / 4 + 32] = {0};
    uint64_t ne_q[2] = {64, 1}, ne_i[2] = {128, 2};
    ck_assert_int_eq(gguf_w_tensor(w, "aa.weight", GGUF_T_Q8_0, 2, ne_q, q8, sizeof q8), 0);
    ck_assert_int_eq(gguf_w_tensor(w, "ab.weight", GGUF_T_I2_S, 2, ne_i, i2s, sizeof i2s), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
    uint8_t *buf = tg_read_file(path, len);
    unlink(path);
    free(path);
    return buf;
}

/* Opens buf as a file; expects failure with `want` in the message. */
static void expect_error(const uint8_t *buf, size_t len, const char *want)
{
    char *path = tg_tmp_path("bad");
    tg_write_file(path, buf, len);
    char err[512] = "";
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f == NULL, "opened a corrupt file (expected '%s')", want);
    ck_assert_msg(strstr(err, want) != NULL, "error '%s' does not mention '%s'", err, want);
    ck_assert_msg(strstr(err, path) != NULL, "error '%s' does not name the file", err);
    unlink(path);
    free(path);
}

/* Offset of a tensor's table entry fields: returns the offset just past its name. */
static size_t after_name(const uint8_t *buf, size_t len, const char *name)
{
    long at = tg_find_gguf_str(buf, len, name);
    ck_assert_int_ge(at, 0);
    return (size_t)at + 8 + strlen(name);
}

static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

START_TEST(every_truncation_fails_cleanly)
{
    size_t len;
    uint8_t *buf = base_file(&len);
    /* The I2_S tensor may lose up to 28 padding bytes (see the reader); any cut before that fails. */
    size_t min_ok = len - 28;
    for (size_t n = 0; n < len; n++) {
        char *path = tg_tmp_path("trunc");
        tg_write_file(path, buf, n);
        char err[512] = "";
        gguf_file *f = gguf_open(path, err, sizeof err);
        if (n >= min_ok) {
            ck_assert_msg(f != NULL, "cut at %zu of %zu: %s", n, len, err);
            gguf_close(f);
        } else {
            ck_assert_msg(f == NULL, "truncated to %zu of %zu bytes but opened", n, len);
            ck_assert_msg(strstr(err, "truncated") || strstr(err, "past end") || strstr(err, "bad string length") ||
                              strstr(err, "absurd"),
                          "cut at %zu: unclear error '%s'", n, err);
        }
        unlink(path);
        free(path);
    }
    free(buf);
}
END_TEST

START_TEST(i2s_extent_rule)
{
    size_t len;
    uint8_t *buf = base_file(&len);
    /* ab.weight: 256 weights, 64 code bytes + 4-byte scale needed; file ends with its 32-byte tail. */
    expect_error(buf, len - 29, "tensor 'ab.weight': data past end of file");
    char *path = tg_tmp_path("i2s");
    tg_write_file(path, buf, len - 28);
    char err[512] = "";
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    ck_assert_uint_eq(gguf_find_tensor(f, "ab.weight")->nbytes, 64 + 4);
    gguf_close(f);
    unlink(path);
    free(path);
    free(buf);
}
END_TEST

START_TEST(wrong_magic_and_version)
{
    size_t len;
    uint8_t *buf = base_file(&len);
    buf[0] = 'X';
    expect_error(buf, len, "wrong magic");
    buf[0] = 'G';
    put_u32(buf + 4, 1);
    expect_error(buf, len, "unsupported GGUF version 1");
    put_u32(buf + 4, 4);
    expect_error(buf, len, "unsupported GGUF version 4");
    expect_error(buf, 3, "truncated file");
    free(buf);
}
END_TEST

START_TEST(bad_counts_and_strings)
{
    size_t len;
    uint8_t *buf = base_file(&len), *b = malloc(len);
    memcpy(b, buf, len);
    put_u64(b + 16, 1000000);
    expect_error(b, len, "truncated metadata: 1000000 metadata entries");
    memcpy(b, buf, len);
    put_u64(b + 8, 1ull << 40);
    expect_error(b, len, "truncated tensor table");
    memcpy(b, buf, len);
    put_u64(b + 24, 1ull << 62); /* length of the first key */
    expect_error(b, len, "bad string length: metadata key at offset 24");
    memcpy(b, buf, len);
    long at = tg_find_gguf_str(b, len, "tokenizer.ggml.tokens");
    size_t cnt = (size_t)at + 8 + strlen("tokenizer.ggml.tokens") + 4 + 4;
    put_u64(b + cnt, 1ull << 60);
    expect_error(b, len, "key 'tokenizer.ggml.tokens': array count 1152921504606846976 is absurd");
    memcpy(b, buf, len);
    put_u64(b + cnt + 8 + 8 + 1, 1000); /* second string's length */
    expect_error(b, len, "bad string length: string value");
    memcpy(b, buf, len);
    put_u32(b + cnt - 4, 77); /* element type */
    expect_error(b, len, "key 'tokenizer.ggml.tokens': unknown array element type 77");
    memcpy(b, buf, len);
    put_u32(b + (size_t)at + 8 + strlen("tokenizer.ggml.tokens"), 13); /* value type */
    expect_error(b, len, "key 'tokenizer.ggml.tokens': unknown value type 13");
    free(b);
    free(buf);
}
END_TEST

START_TEST(bad_tensor_entries)
{
    size_t len;
    uint8_t *buf = base_file(&len), *b = malloc(len);
    size_t p = after_name(buf, len, "ab.weight"); /* n_dims, ne[2], type, offset */
    memcpy(b, buf, len);
    put_u32(b + p + 4 + 16, 99);
    expect_error(b, len, "tensor 'ab.weight': unknown tensor type 99");
    memcpy(b, buf, len);
    put_u64(b + p + 4 + 16 + 4, 1ull << 40);
    expect_error(b, len, "tensor 'ab.weight': data past end of file");
    memcpy(b, buf, len);
    put_u64(b + p + 4 + 16 + 4, 96 + 32); /* aligned, but the data then runs past the end */
    expect_error(b, len, "tensor 'ab.weight': data past end of file");
    memcpy(b, buf, len);
    put_u64(b + p + 4 + 16 + 4, 97);
    expect_error(b, len, "tensor 'ab.weight': misaligned tensor offset 97");
    memcpy(b, buf, len);
    put_u32(b + p, 5);
    expect_error(b, len, "tensor 'ab.weight': n_dims = 5");
    memcpy(b, buf, len);
    put_u64(b + p + 4 + 8, 0);
    expect_error(b, len, "tensor 'ab.weight': dimension 1 is zero");
    memcpy(b, buf, len);
    put_u64(b + p + 4, 1ull << 40);
    put_u64(b + p + 4 + 8, 1ull << 40);
    expect_error(b, len, "tensor 'ab.weight': dimensions overflow");
    memcpy(b, buf, len);
    put_u64(b + p + 4, 100); /* I2_S needs whole 128-weight blocks */
    expect_error(b, len, "tensor 'ab.weight': inconsistent dimensions");
    size_t q = after_name(buf, len, "aa.weight");
    memcpy(b, buf, len);
    put_u64(b + q + 4, 48); /* Q8_0 rows must be whole 32-weight blocks */
    expect_error(b, len, "tensor 'aa.weight': inconsistent dimensions: Q8_0 needs whole blocks, got ne[0] = 48");
    memcpy(b, buf, len);
    b[q - 8] = 'b'; /* "aa.weight" -> "ab.weight" */
    expect_error(b, len, "duplicate tensor name 'ab.weight'");
    memcpy(b, buf, len);
    long k = tg_find_gguf_str(b, len, "tokenizer.ggml.tokens");
    put_u64(b + k, 7); /* key shrinks to "tokeniz", the rest is parsed as its type: corrupt */
    char *path = tg_tmp_path("shrunk");
    tg_write_file(path, b, len);
    char err[512] = "";
    ck_assert_ptr_null(gguf_open(path, err, sizeof err));
    ck_assert_uint_gt(strlen(err), 10);
    unlink(path);
    free(path);
    free(b);
    free(buf);
}
END_TEST

START_TEST(duplicate_key_and_alignment)
{
    size_t len;
    uint8_t *buf = base_file(&len);
    /* A second "general.architecture": overwrite the array key with an equally long name. */
    char *path = tg_tmp_path("dup");
    char err[512];
    gguf_writer *w = gguf_writer_new(32);
    ck_assert_int_eq(gguf_w_str(w, "general.architecture", "x"), 0);
    ck_assert_int_eq(gguf_w_str(w, "general.architecturf", "y"), 0);
    ck_assert_int_eq(gguf_w_u32(w, "general.alignment", 32), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
    size_t n;
    uint8_t *b = tg_read_file(path, &n);
    long at = tg_find_gguf_str(b, n, "general.architecturf");
    b[at + 8 + 19] = 'e';
    expect_error(b, n, "duplicate metadata key 'general.architecture'");
    at = tg_find_gguf_str(b, n, "general.alignment");
    put_u32(b + at + 8 + 17 + 4, 48);
    b[tg_find_gguf_str(b, n, "general.architecture") + 8 + 19] = 'f'; /* undo the duplicate */
    expect_error(b, n, "general.alignment = 48 is not a power of two");
    put_u32(b + at + 8 + 17, GGUF_V_I32);
    expect_error(b, n, "general.alignment has type i32, expected u32");
    unlink(path);
    free(path);
    free(b);
    free(buf);
}
END_TEST

START_TEST(missing_tensor_and_shape_lookup)
{
    size_t len;
    uint8_t *buf = base_file(&len);
    char *path = tg_tmp_path("lookup");
    tg_write_file(path, buf, len);
    char err[512] = "";
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    ck_assert_ptr_null(gguf_require_tensor(f, "blk.0.attn_q.weight", 0, NULL, err, sizeof err));
    ck_assert_str_eq(err, "missing tensor 'blk.0.attn_q.weight': the model file has no tensor of that name");
    uint64_t want[2] = {128, 3};
    ck_assert_ptr_null(gguf_require_tensor(f, "ab.weight", 2, want, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "tensor 'ab.weight': inconsistent dimensions: file has [128, 2, 1, 1], expected [128, 3, 1, 1]"));
    want[1] = 2;
    ck_assert_ptr_nonnull(gguf_require_tensor(f, "ab.weight", 2, want, err, sizeof err));
    kr_tern w = {0};
    ck_assert_int_eq(gguf_tensor_to_tern(gguf_find_tensor(f, "aa.weight"), &w, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "tensor 'aa.weight': type Q8_0 is not ternary"));
    gguf_close(f);
    ck_assert_ptr_null(gguf_open("/nonexistent/dir/model.gguf", err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/dir/model.gguf: cannot open: No such file"));
    unlink(path);
    free(path);
    free(buf);
}
END_TEST

/* Walks everything an opened file offers, so a corruption that passes validation is still read only
 * inside the mapping (ASan builds check this). */
static void touch_everything(gguf_file *f)
{
    char err[512];
    for (size_t i = 0; i < gguf_kv_count(f); i++) {
        const gguf_kv *kv = gguf_kv_at(f, i);
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)(kv->key.len < 100 ? kv->key.len : 100), kv->key.ptr);
        uint32_t u;
        float x;
        int b;
        gguf_str s;
        int64_t v;
        (void)gguf_get_u32(f, key, &u);
        (void)gguf_get_f32(f, key, &x);
        (void)gguf_get_bool(f, key, &b);
        if (gguf_get_str(f, key, &s) == 0 && s.len)
            ck_assert(s.ptr[s.len - 1] || 1);
        for (uint64_t e = 0; kv->type == GGUF_V_ARR && e < kv->arr_len; e++) {
            if (gguf_arr_str(kv, e, &s) == 0 && s.len)
                ck_assert(s.ptr[s.len - 1] || 1);
            (void)gguf_arr_i64(kv, e, &v);
            (void)gguf_arr_f32(kv, e, &x);
        }
    }
    for (size_t i = 0; i < gguf_tensor_count(f); i++) {
        const gguf_tensor *t = gguf_tensor_at(f, i);
        float *row = malloc((size_t)t->ne[0] * sizeof *row);
        ck_assert_ptr_nonnull(row);
        for (uint64_t r = 0; r < t->n_elements / t->ne[0] && r < 4; r++)
            (void)gguf_tensor_row_f32(t, r, row, err, sizeof err);
        kr_tern w = {0};
        if (gguf_tensor_to_tern(t, &w, err, sizeof err) == 0)
            kr_tern_free(&w);
        free(row);
    }
}

START_TEST(every_byte_corrupted_is_safe)
{
    size_t len;
    uint8_t *buf = base_file(&len), *b = malloc(len);
    size_t table_end = (size_t)tg_find_gguf_str(buf, len, "ab.weight") + 8 + 9 + 4 + 16 + 4 + 8;
    static const uint8_t vals[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    int opened = 0, refused = 0;
    char *path = tg_tmp_path("flip");
    for (size_t i = 0; i < table_end; i++)
        for (unsigned k = 0; k < sizeof vals; k++) {
            if (buf[i] == vals[k])
                continue;
            memcpy(b, buf, len);
            b[i] = vals[k];
            tg_write_file(path, b, len);
            char err[512] = "";
            gguf_file *f = gguf_open(path, err, sizeof err);
            if (f) {
                opened++;
                touch_everything(f);
                gguf_close(f);
            } else {
                refused++;
                ck_assert_msg(strlen(err) > 20, "byte %zu = 0x%02x: refused without a clear message: '%s'", i, vals[k], err);
            }
        }
    printf("corrupted single bytes of the header and tables: %d files refused with a message, %d still valid\n",
           refused, opened);
    ck_assert_int_gt(refused, 0);
    unlink(path);
    free(path);
    free(b);
    free(buf);
}
END_TEST

Suite *suite_gguf_corrupt(void)
{
    Suite *s = suite_create("gguf_corrupt");
    TCase *tc = tcase_create("corrupt");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, every_truncation_fails_cleanly);
    tcase_add_test(tc, every_byte_corrupted_is_safe);
    tcase_add_test(tc, i2s_extent_rule);
    tcase_add_test(tc, wrong_magic_and_version);
    tcase_add_test(tc, bad_counts_and_strings);
    tcase_add_test(tc, bad_tensor_entries);
    tcase_add_test(tc, duplicate_key_and_alignment);
    tcase_add_test(tc, missing_tensor_and_shape_lookup);
    suite_add_tcase(s, tc);
    return s;
}
