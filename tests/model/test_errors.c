/* Loading errors name the tensor or key that is wrong. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/model/model.h"
#include "tests/model/suites.h"

/* Writes the tiny model with fault f and returns model_load's message (load must fail). */
static void load_fails(const tm_faults *f, const char *tag, char *msg, size_t len)
{
    tm_model *m = calloc(1, sizeof *m);
    ck_assert_ptr_nonnull(m);
    tm_build(m, 99);
    char path[256], err[256] = "";
    tm_path(path, sizeof path, tag);
    tm_write(m, path, GGUF_T_TQ2_0, f);
    tm_free(m);
    free(m);
    gguf_file *gf = gguf_open(path, err, sizeof err);
    ck_assert_msg(gf != NULL, "open: %s", err);
    rt_backend_opts o = {0};
    o.threads = 1;
    rt_backend *be = rt_backend_open("cpu", &o, err, sizeof err);
    ck_assert_ptr_nonnull(be);
    model *md = (model *)1;
    msg[0] = 0;
    ck_assert_int_eq(model_load(gf, be, NULL, NULL, &md, msg, len), -1);
    ck_assert_ptr_null(md);
    rt_backend_close(be);
    gguf_close(gf);
    unlink(path);
}

START_TEST(missing_tensor_named)
{
    char msg[256];
    tm_faults f = {.skip = "blk.1.ffn_up.weight"};
    load_fails(&f, "missing", msg, sizeof msg);
    ck_assert_msg(strstr(msg, "blk.1.ffn_up.weight") && strstr(msg, "missing"), "message: %s", msg);
}
END_TEST

START_TEST(missing_norm_named)
{
    char msg[256];
    tm_faults f = {.skip = "output_norm.weight"};
    load_fails(&f, "missing_norm", msg, sizeof msg);
    ck_assert_msg(strstr(msg, "output_norm.weight") && strstr(msg, "missing"), "message: %s", msg);
}
END_TEST

START_TEST(wrong_dims_named)
{
    char msg[256];
    tm_faults f = {.wrong_dims = "blk.0.attn_k.weight"};
    load_fails(&f, "dims", msg, sizeof msg);
    /* 128 outputs expected (2 KV heads x 64), the file has 129 */
    ck_assert_msg(strstr(msg, "blk.0.attn_k.weight") && strstr(msg, "[256, 129") && strstr(msg, "expected [256, 128]"),
                  "message: %s", msg);
}
END_TEST

START_TEST(foreign_architecture_rejected)
{
    char msg[256];
    tm_faults f = {.arch = "llama"};
    load_fails(&f, "arch", msg, sizeof msg);
    ck_assert_msg(strstr(msg, "'llama'") && strstr(msg, "bitnet-b1.58"), "message: %s", msg);
}
END_TEST

START_TEST(upstream_bitnet_arch_uses_neox)
{
    tm_model *m = calloc(1, sizeof *m);
    ck_assert_ptr_nonnull(m);
    tm_build(m, 5);
    char path[256], err[256] = "";
    tm_path(path, sizeof path, "upstream");
    tm_faults f = {.arch = "bitnet"};
    tm_write(m, path, GGUF_T_TQ1_0, &f);
    tm_free(m);
    free(m);
    gguf_file *gf = gguf_open(path, err, sizeof err);
    ck_assert_msg(gf != NULL, "open: %s", err);
    model_hparams hp;
    ck_assert_msg(model_hparams_read(gf, &hp, err, sizeof err) == 0, "%s", err);
    ck_assert_int_eq(hp.rope, MODEL_ROPE_NEOX);
    ck_assert_int_eq(hp.act, MODEL_ACT_SILU);
    ck_assert_uint_eq(hp.n_head_kv, TM_KV_HEADS);
    ck_assert_float_eq(hp.rope_theta, 500000.0f);
    ck_assert_int_eq(hp.bos, 1);
    ck_assert_int_eq(hp.add_bos, 1);
    gguf_close(gf);
    unlink(path);
}
END_TEST

START_TEST(context_overflow_and_bad_token_explained)
{
    tm_model *m = calloc(1, sizeof *m);
    ck_assert_ptr_nonnull(m);
    tm_build(m, 3);
    char path[256], err[256] = "";
    tm_path(path, sizeof path, "ctx");
    tm_write(m, path, GGUF_T_I2_S, NULL);
    tm_free(m);
    free(m);
    gguf_file *gf = gguf_open(path, err, sizeof err);
    ck_assert_ptr_nonnull(gf);
    rt_backend_opts o = {0};
    o.threads = 1;
    rt_backend *be = rt_backend_open("cpu", &o, err, sizeof err);
    model *md = NULL;
    ck_assert_int_eq(model_load(gf, be, NULL, NULL, &md, err, sizeof err), 0);
    ck_assert_ptr_null(model_ctx_new(md, TM_CTX + 1, MODEL_KV_F32, err, sizeof err));
    ck_assert_msg(strstr(err, "1 to 64"), "%s", err);
    model_ctx *c = model_ctx_new(md, 4, MODEL_KV_F32, err, sizeof err);
    ck_assert_ptr_nonnull(c);
    int32_t toks[5] = {1, 2, 3, 4, 5}, bad = TM_VOCAB;
    ck_assert_int_eq(model_forward(md, c, &bad, 1, NULL, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "outside the vocabulary"), "%s", err);
    ck_assert_int_eq(model_forward(md, c, toks, 5, NULL, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "do not fit"), "%s", err);
    ck_assert_uint_eq(model_ctx_pos(c), 0);
    model_ctx_free(c);
    model_free(md);
    rt_backend_close(be);
    gguf_close(gf);
    unlink(path);
}
END_TEST

Suite *suite_model_errors(void)
{
    Suite *s = suite_create("model_errors");
    TCase *tc = tcase_create("load");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, missing_tensor_named);
    tcase_add_test(tc, missing_norm_named);
    tcase_add_test(tc, wrong_dims_named);
    tcase_add_test(tc, foreign_architecture_rejected);
    tcase_add_test(tc, upstream_bitnet_arch_uses_neox);
    tcase_add_test(tc, context_overflow_and_bad_token_explained);
    suite_add_tcase(s, tc);
    return s;
}
