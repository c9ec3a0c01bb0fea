/* Writer -> reader round trips: every metadata type, every tensor type, alignment, version 2. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "runtime/gguf/gguf.h"
#include "tests/gguf/suites.h"

static uint8_t pattern_byte(size_t i, unsigned seed) { return (uint8_t)((i * 2654435761u + seed) >> 13); }

static int fill_pattern(void *ctx, uint8_t *dst, size_t n, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    for (size_t i = 0; i < n; i++)
        dst[i] = pattern_byte(i, *(unsigned *)ctx);
    return 0;
}

static int fill_fails(void *ctx, uint8_t *dst, size_t n, char *err, size_t errlen)
{
    (void)ctx; (void)dst; (void)n;
    snprintf(err, errlen, "generator ran out of ideas");
    return -1;
}

/* A file with one tensor of every type (raw pattern bytes) and metadata of every type. */
static char *write_sample(uint32_t alignment)
{
    char *path = tg_tmp_path("rw");
    char err[512];
    gguf_writer *w = gguf_writer_new(alignment);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(gguf_w_str(w, "general.architecture", "bitnet-b1.58"), 0);
    ck_assert_int_eq(gguf_w_u32(w, "a.u32", 4000000000u), 0);
    ck_assert_int_eq(gguf_w_i32(w, "a.i32", -7), 0);
    ck_assert_int_eq(gguf_w_f32(w, "a.f32", 1e-5f), 0);
    ck_assert_int_eq(gguf_w_bool(w, "a.bool", 1), 0);
    ck_assert_int_eq(gguf_w_u64(w, "a.u64", 123456789012ull), 0);
    gguf_str strs[3] = {{"hello", 5}, {"", 0}, {"w\xc3\xb6rld", 6}};
    ck_assert_int_eq(gguf_w_arr_str(w, "a.strs", strs, 3), 0);
    int32_t ints[4] = {1, -2, 3, -2147483647 - 1};
    ck_assert_int_eq(gguf_w_arr_i32(w, "a.ints", ints, 4), 0);
    float fl[2] = {0.5f, -3.25f};
    ck_assert_int_eq(gguf_w_arr_f32(w, "a.floats", fl, 2), 0);
    static const struct { const char *name; gguf_type type; uint64_t ne0, ne1; } ts[] = {
        {"t.f32", GGUF_T_F32, 8, 3}, {"t.f16", GGUF_T_F16, 7, 1}, {"t.bf16", GGUF_T_BF16, 5, 2},
        {"t.q8_0", GGUF_T_Q8_0, 64, 2}, {"t.q6_k", GGUF_T_Q6_K, 256, 2}, {"t.tq2", GGUF_T_TQ2_0, 256, 2},
        {"t.tq1", GGUF_T_TQ1_0, 256, 2},
    };
    for (unsigned i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        uint64_t ne[2] = {ts[i].ne0, ts[i].ne1};
        size_t nb = gguf_type_bytes(ts[i].type, ne[0] * ne[1]);
        ck_assert_uint_gt(nb, 0);
        uint8_t *buf = malloc(nb);
        fill_pattern(&i, buf, nb, NULL, 0);
        ck_assert_int_eq(gguf_w_tensor(w, ts[i].name, ts[i].type, 2, ne, buf, nb), 0);
        free(buf);
    }
    static unsigned seed = 99;
    uint64_t ne_i2s[2] = {128, 4};
    ck_assert_int_eq(gguf_w_tensor_cb(w, "t.i2s", GGUF_T_I2_S, 2, ne_i2s, 128 * 4 / 4 + 32, fill_pattern, &seed), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
    return path;
}

START_TEST(metadata_round_trip)
{
    char *path = write_sample(0);
    char err[512] = "";
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    ck_assert_uint_eq(gguf_version(f), 3);
    ck_assert_uint_eq(gguf_alignment(f), 32);
    ck_assert_uint_eq(gguf_kv_count(f), 9);
    gguf_str s;
    ck_assert_int_eq(gguf_get_str(f, "general.architecture", &s), 0);
    ck_assert_uint_eq(s.len, 12);
    ck_assert_int_eq(memcmp(s.ptr, "bitnet-b1.58", 12), 0);
    uint32_t u;
    ck_assert_int_eq(gguf_get_u32(f, "a.u32", &u), 0);
    ck_assert_uint_eq(u, 4000000000u);
    ck_assert_int_eq(gguf_get_u32(f, "a.i32", &u), -1); /* negative: not a u32 */
    ck_assert_int_eq(gguf_get_u32(f, "a.u64", &u), -1); /* out of range */
    ck_assert_int_eq(gguf_get_u32(f, "absent", &u), -1);
    float x;
    ck_assert_int_eq(gguf_get_f32(f, "a.f32", &x), 0);
    ck_assert(x == 1e-5f);
    ck_assert_int_eq(gguf_get_f32(f, "a.i32", &x), 0);
    ck_assert(x == -7.0f);
    int b;
    ck_assert_int_eq(gguf_get_bool(f, "a.bool", &b), 0);
    ck_assert_int_eq(b, 1);
    ck_assert_int_eq(gguf_get_str(f, "a.u32", &s), -1);
    const gguf_kv *kv = gguf_find_kv(f, "a.strs");
    ck_assert_ptr_nonnull(kv);
    ck_assert_int_eq(kv->type, GGUF_V_ARR);
    ck_assert_int_eq(kv->arr_type, GGUF_V_STR);
    ck_assert_uint_eq(kv->arr_len, 3);
    ck_assert_int_eq(gguf_arr_str(kv, 2, &s), 0);
    ck_assert_uint_eq(s.len, 6);
    ck_assert_int_eq(memcmp(s.ptr, "w\xc3\xb6rld", 6), 0);
    ck_assert_int_eq(gguf_arr_str(kv, 1, &s), 0);
    ck_assert_uint_eq(s.len, 0);
    ck_assert_int_eq(gguf_arr_str(kv, 3, &s), -1);
    kv = gguf_find_kv(f, "a.ints");
    int64_t v;
    ck_assert_int_eq(gguf_arr_i64(kv, 3, &v), 0);
    ck_assert_int_eq(v, -2147483647LL - 1);
    ck_assert_int_eq(gguf_arr_i64(kv, 4, &v), -1);
    ck_assert_int_eq(gguf_arr_str(kv, 0, &s), -1);
    kv = gguf_find_kv(f, "a.floats");
    ck_assert_int_eq(gguf_arr_f32(kv, 1, &x), 0);
    ck_assert(x == -3.25f);
    gguf_close(f);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(tensors_round_trip)
{
    for (int pass = 0; pass < 2; pass++) {
        uint32_t align = pass ? 64 : 32;
        char *path = write_sample(align);
        char err[512] = "";
        gguf_file *f = gguf_open(path, err, sizeof err);
        ck_assert_msg(f != NULL, "%s", err);
        ck_assert_uint_eq(gguf_alignment(f), align);
        ck_assert_uint_eq(gguf_tensor_count(f), 8);
        for (unsigned i = 0; i < 8; i++) {
            const gguf_tensor *t = gguf_tensor_at(f, i);
            ck_assert_uint_eq((uintptr_t)(t->data - gguf_tensor_at(f, 0)->data) % align, 0);
            unsigned seed = i < 7 ? i : 99;
            ck_assert_uint_eq(t->nbytes, gguf_type_bytes(t->type, t->n_elements));
            for (size_t j = 0; j < t->nbytes; j++)
                ck_assert_uint_eq(t->data[j], pattern_byte(j, seed));
        }
        const gguf_tensor *t = gguf_find_tensor(f, "t.i2s");
        ck_assert_ptr_nonnull(t);
        ck_assert_int_eq(t->type, GGUF_T_I2_S);
        ck_assert_uint_eq(t->nbytes, 128 + 32);
        ck_assert_uint_eq(t->ne[0], 128);
        ck_assert_uint_eq(t->ne[1], 4);
        ck_assert_uint_eq(t->ne[2], 1);
        ck_assert_ptr_null(gguf_find_tensor(f, "t.nope"));
        gguf_close(f);
        unlink(path);
        free(path);
    }
}
END_TEST

START_TEST(version_2_reads)
{
    char *path = write_sample(0);
    size_t len;
    uint8_t *buf = tg_read_file(path, &len);
    buf[4] = 2;
    tg_write_file(path, buf, len);
    char err[512] = "";
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    ck_assert_uint_eq(gguf_version(f), 2);
    ck_assert_uint_eq(gguf_tensor_count(f), 8);
    gguf_close(f);
    free(buf);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(row_decode_matches_codecs)
{
    /* Known values through each float format, decoded row by row and compared bit for bit. */
    const float vals[64] = {1.0f, -2.0f, 0.5f, 0.25f, 3.0f, -0.125f, 65280.0f, 0.0f};
    uint16_t h[64], bf[64];
    for (int i = 0; i < 64; i++) {
        h[i] = kr_f32_to_f16(vals[i]);
        bf[i] = kr_f32_to_bf16(vals[i]);
    }
    uint8_t q8[2 * KR_Q8_0_BYTES];
    ck_assert_int_eq(kr_q8_0_from_f32(vals, 64, q8, sizeof q8), KR_OK);
    char *path = tg_tmp_path("rows");
    char err[512] = "";
    gguf_writer *w = gguf_writer_new(32);
    uint64_t ne[2] = {8, 8};
    ck_assert_int_eq(gguf_w_tensor(w, "f32", GGUF_T_F32, 2, ne, vals, sizeof vals), 0);
    ck_assert_int_eq(gguf_w_tensor(w, "f16", GGUF_T_F16, 2, ne, h, sizeof h), 0);
    ck_assert_int_eq(gguf_w_tensor(w, "bf16", GGUF_T_BF16, 2, ne, bf, sizeof bf), 0);
    uint64_t ne_q[2] = {32, 2};
    ck_assert_int_eq(gguf_w_tensor(w, "q8", GGUF_T_Q8_0, 2, ne_q, q8, sizeof q8), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    float row[32], ref[64];
    const char *names[3] = {"f32", "f16", "bf16"};
    for (int n = 0; n < 3; n++)
        for (int r = 0; r < 8; r++) {
            ck_assert_int_eq(gguf_tensor_row_f32(gguf_find_tensor(f, names[n]), (uint64_t)r, row, err, sizeof err), 0);
            for (int c = 0; c < 8; c++)
                ck_assert(row[c] == vals[r * 8 + c]); /* all chosen values are exact in every format */
        }
    ck_assert_int_eq(kr_q8_0_to_f32(q8, sizeof q8, ref, 64), KR_OK);
    ck_assert_int_eq(gguf_tensor_row_f32(gguf_find_tensor(f, "q8"), 1, row, err, sizeof err), 0);
    ck_assert_int_eq(memcmp(row, ref + 32, 32 * sizeof(float)), 0);
    ck_assert_int_eq(gguf_tensor_row_f32(gguf_find_tensor(f, "q8"), 2, row, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "row 2 out of range"));
    gguf_close(f);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(copy_kv_and_callbacks)
{
    char *src = write_sample(0), *dst = tg_tmp_path("copy");
    char err[512] = "";
    unlink(dst); /* so "nothing left behind" below means the writer removed nothing it made */
    gguf_file *f = gguf_open(src, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    gguf_writer *w = gguf_writer_new(32);
    for (size_t i = 0; i < gguf_kv_count(f); i++)
        ck_assert_int_eq(gguf_w_copy_kv(w, gguf_kv_at(f, i)), 0);
    ck_assert_int_eq(gguf_w_copy_kv(w, gguf_kv_at(f, 0)), -1); /* duplicate key */
    ck_assert_ptr_nonnull(strstr(gguf_w_error(w), "duplicate metadata key 'general.architecture'"));
    ck_assert_int_eq(gguf_w_save(w, dst, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "duplicate metadata key"));
    ck_assert_int_eq(access(dst, F_OK), -1); /* nothing left behind */
    gguf_writer_free(w);

    w = gguf_writer_new(32);
    for (size_t i = 0; i < gguf_kv_count(f); i++)
        ck_assert_int_eq(gguf_w_copy_kv(w, gguf_kv_at(f, i)), 0);
    ck_assert_int_eq(gguf_w_save(w, dst, err, sizeof err), 0);
    gguf_writer_free(w);
    gguf_file *g = gguf_open(dst, err, sizeof err);
    ck_assert_msg(g != NULL, "%s", err);
    ck_assert_uint_eq(gguf_kv_count(g), gguf_kv_count(f));
    gguf_str a, b;
    ck_assert_int_eq(gguf_arr_str(gguf_find_kv(g, "a.strs"), 2, &a), 0);
    ck_assert_int_eq(gguf_arr_str(gguf_find_kv(f, "a.strs"), 2, &b), 0);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert_int_eq(memcmp(a.ptr, b.ptr, a.len), 0);
    gguf_close(g);
    gguf_close(f);

    w = gguf_writer_new(32);
    uint64_t ne[1] = {16};
    ck_assert_int_eq(gguf_w_tensor_cb(w, "x", GGUF_T_F32, 1, ne, 64, fill_fails, NULL), 0);
    ck_assert_int_eq(gguf_w_save(w, dst, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "producing tensor 'x' failed: generator ran out of ideas"));
    ck_assert_int_eq(access(dst, F_OK), -1);
    gguf_writer_free(w);

    w = gguf_writer_new(32);
    ck_assert_int_eq(gguf_w_tensor_cb(w, "y", GGUF_T_Q8_0, 1, ne, 34, fill_fails, NULL), -1);
    ck_assert_ptr_nonnull(strstr(gguf_w_error(w), "tensor 'y': byte size does not match"));
    gguf_writer_free(w);
    ck_assert_ptr_null(gguf_writer_new(48)); /* not a power of two */
    unlink(src);
    free(src);
    free(dst);
}
END_TEST

/* Producer writing `want` bytes of the pattern in pieces of 1, 2, 3, ... bytes. */
static int produce_pattern(void *ctx, gguf_sink *sink, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    size_t want = *(size_t *)ctx, at = 0;
    uint8_t piece[64];
    for (size_t k = 1; at < want; k = k % 63 + 1) {
        size_t n = want - at < k ? want - at : k;
        for (size_t i = 0; i < n; i++)
            piece[i] = pattern_byte(at + i, 7);
        if (gguf_sink_write(sink, piece, n))
            return -1;
        at += n;
    }
    return 0;
}

START_TEST(streamed_tensors)
{
    char *path = tg_tmp_path("stream"), err[512] = "";
    size_t ok = 4 * 300, less = 4 * 300 - 1, more = 4 * 300 + 1;
    uint64_t ne[2] = {100, 3};
    gguf_writer *w = gguf_writer_new(32);
    ck_assert_int_eq(gguf_w_tensor_stream(w, "s", GGUF_T_F32, 2, ne, 1200, produce_pattern, &ok), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), 0);
    gguf_writer_free(w);
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    const gguf_tensor *t = gguf_find_tensor(f, "s");
    ck_assert_uint_eq(t->nbytes, 1200);
    for (size_t j = 0; j < 1200; j++)
        ck_assert_uint_eq(t->data[j], pattern_byte(j, 7));
    gguf_close(f);
    w = gguf_writer_new(32);
    ck_assert_int_eq(gguf_w_tensor_stream(w, "s", GGUF_T_F32, 2, ne, 1200, produce_pattern, &less), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "tensor 's': producer wrote 1199 bytes, the tensor has 1200"));
    gguf_writer_free(w);
    w = gguf_writer_new(32);
    ck_assert_int_eq(gguf_w_tensor_stream(w, "s", GGUF_T_F32, 2, ne, 1200, produce_pattern, &more), 0);
    ck_assert_int_eq(gguf_w_save(w, path, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "tensor 's': producer wrote more than the tensor's 1200 bytes"));
    ck_assert_int_eq(access(path, F_OK), -1);
    gguf_writer_free(w);
    free(path);
}
END_TEST

/* A hand-built file with an array of arrays (the writer has no nested-array call). */
START_TEST(nested_arrays)
{
    uint8_t buf[256];
    size_t n = 0;
#define PUT(v) do { memcpy(buf + n, &(v), sizeof(v)); n += sizeof(v); } while (0)
    uint32_t ver = 3, t_arr = GGUF_V_ARR, t_u8 = GGUF_V_U8, t_str = GGUF_V_STR;
    uint64_t nt = 0, nkv = 2, klen = 6, two = 2, three = 3;
    memcpy(buf, "GGUF", 4); n = 4;
    PUT(ver); PUT(nt); PUT(nkv);
    PUT(klen); memcpy(buf + n, "nested", 6); n += 6;
    PUT(t_arr); PUT(t_arr); PUT(two);
    PUT(t_u8); PUT(three); buf[n++] = 1; buf[n++] = 2; buf[n++] = 3;
    PUT(t_str); PUT(two); PUT(two); memcpy(buf + n, "ab", 2); n += 2; PUT(nt);
    PUT(klen); memcpy(buf + n, "after!", 6); n += 6;
    PUT(t_u8); buf[n++] = 42;
#undef PUT
    char *path = tg_tmp_path("nested");
    tg_write_file(path, buf, n);
    char err[512] = "";
    gguf_file *f = gguf_open(path, err, sizeof err);
    ck_assert_msg(f != NULL, "%s", err);
    const gguf_kv *kv = gguf_find_kv(f, "nested");
    ck_assert_int_eq(kv->arr_type, GGUF_V_ARR);
    ck_assert_uint_eq(kv->arr_len, 2);
    uint32_t u;
    ck_assert_int_eq(gguf_get_u32(f, "after!", &u), 0);
    ck_assert_uint_eq(u, 42);
    /* Copying it reproduces the same bytes. */
    char *dst = tg_tmp_path("nested2");
    gguf_writer *w = gguf_writer_new(32);
    ck_assert_int_eq(gguf_w_copy_kv(w, kv), 0);
    ck_assert_int_eq(gguf_w_copy_kv(w, gguf_find_kv(f, "after!")), 0);
    ck_assert_int_eq(gguf_w_save(w, dst, err, sizeof err), 0);
    gguf_writer_free(w);
    size_t len2;
    uint8_t *copy = tg_read_file(dst, &len2);
    ck_assert_uint_eq(len2, n);
    ck_assert_int_eq(memcmp(copy, buf, n), 0);
    free(copy);
    gguf_close(f);
    unlink(path);
    unlink(dst);
    free(path);
    free(dst);
}
END_TEST

Suite *suite_gguf_rw(void)
{
    Suite *s = suite_create("gguf_rw");
    TCase *tc = tcase_create("round_trip");
    tcase_add_test(tc, metadata_round_trip);
    tcase_add_test(tc, tensors_round_trip);
    tcase_add_test(tc, version_2_reads);
    tcase_add_test(tc, row_decode_matches_codecs);
    tcase_add_test(tc, copy_kv_and_callbacks);
    tcase_add_test(tc, nested_arrays);
    tcase_add_test(tc, streamed_tensors);
    suite_add_tcase(s, tc);
    return s;
}
