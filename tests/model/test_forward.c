/* Forward pass: cpu == sim bit for bit, encodings agree, batching and threads do not change a bit,
 * and the result agrees with the slow reference in tm_ref.c. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/model/model.h"
#include "runtime/sampler/sampler.h"
#include "tests/model/suites.h"

static const int32_t k_prompt[] = {1, 17, 250, 3, 99, 42, 7, 123, 5, 299};
#define NPROMPT (sizeof k_prompt / sizeof k_prompt[0])

typedef struct {
    gguf_file *f;
    rt_backend *be;
    kr_pool *pool;
    model *m;
    model_ctx *c;
} loaded;

static void load_kv(loaded *L, const char *path, const char *backend, int threads, model_kv_type kv)
{
    char err[512] = "";
    memset(L, 0, sizeof *L);
    L->f = gguf_open(path, err, sizeof err);
    ck_assert_msg(L->f != NULL, "open %s: %s", path, err);
    rt_backend_opts o = {0};
    rt_backend_desc d;
    ck_assert_int_eq(rt_backend_desc_find(backend, &d), 0);
    o.verify = (d.caps & RT_CAP_OFFLOADS) != 0; /* a device's every matmul is checked */
    o.threads = 1;
    L->be = rt_backend_open(backend, &o, err, sizeof err);
    ck_assert_msg(L->be != NULL, "backend %s: %s", backend, err);
    if (threads > 1) {
        L->pool = kr_pool_new(threads);
        ck_assert_ptr_nonnull(L->pool);
    }
    ck_assert_msg(model_load(L->f, L->be, L->pool, NULL, &L->m, err, sizeof err) == 0, "load: %s", err);
    L->c = model_ctx_new(L->m, TM_CTX, kv, err, sizeof err);
    ck_assert_msg(L->c != NULL, "ctx: %s", err);
}

static void load(loaded *L, const char *path, const char *backend, int threads)
{
    load_kv(L, path, backend, threads, MODEL_KV_F32);
}

static void unload(loaded *L)
{
    model_ctx_free(L->c);
    model_free(L->m);
    kr_pool_free(L->pool);
    rt_backend_close(L->be);
    gguf_close(L->f);
}

static void fwd(loaded *L, const int32_t *t, size_t n, float *logits)
{
    char err[512] = "";
    ck_assert_msg(model_forward(L->m, L->c, t, n, logits, err, sizeof err) == 0, "forward: %s", err);
}

/* Prompt in one batch, then `steps` greedy tokens; logits of every step kept in out (steps+1 rows). */
static void run_greedy(loaded *L, size_t steps, float *out, int32_t *gen)
{
    fwd(L, k_prompt, NPROMPT, out);
    for (size_t s = 0; s < steps; s++) {
        const float *lg = out + s * TM_VOCAB;
        int32_t best = 0;
        for (int32_t i = 1; i < TM_VOCAB; i++)
            if (lg[i] > lg[best])
                best = i;
        gen[s] = best;
        fwd(L, &best, 1, out + (s + 1) * TM_VOCAB);
    }
}

static tm_model *g_model;
static char g_i2s[256];

static void setup(void)
{
    g_model = calloc(1, sizeof *g_model);
    ck_assert_ptr_nonnull(g_model);
    tm_build(g_model, 0x5eed);
    tm_path(g_i2s, sizeof g_i2s, "i2s");
    tm_write(g_model, g_i2s, GGUF_T_I2_S, NULL);
}

static void teardown(void)
{
    unlink(g_i2s);
    tm_free(g_model);
    free(g_model);
}

enum { STEPS = 4 };

START_TEST(cpu_and_sim_logits_identical)
{
    float *a = malloc(sizeof(float) * TM_VOCAB * (STEPS + 1)), *b = malloc(sizeof(float) * TM_VOCAB * (STEPS + 1));
    int32_t ga[STEPS], gb[STEPS];
    loaded L;
    load(&L, g_i2s, "cpu", 1);
    run_greedy(&L, STEPS, a, ga);
    unload(&L);
    load(&L, g_i2s, "sim", 1);
    run_greedy(&L, STEPS, b, gb);
    const rt_stats *st = rt_backend_stats(L.be);
    /* every BitLinear of every forward went to the device and matched kernels_ref: 4 matmuls per
     * layer, since q/k/v and gate/up run fused (stacked rows) */
    ck_assert_uint_eq(st->calls, (uint64_t)TM_LAYERS * 4 * (STEPS + 1));
    /* ... and together they did every layer's multiply-accumulates for every token */
    const uint64_t kvw = TM_EMBD / TM_HEADS * TM_KV_HEADS;
    const uint64_t per_token = (uint64_t)TM_EMBD * (2 * TM_EMBD + 2 * kvw) + 3ull * TM_FF * TM_EMBD;
    ck_assert_uint_eq(st->macs, (uint64_t)TM_LAYERS * (NPROMPT + STEPS) * per_token);
    ck_assert_uint_eq(st->offloaded, st->calls);
    ck_assert_uint_eq(st->mismatches, 0);
    ck_assert_uint_eq(st->fallbacks, 0);
    ck_assert_uint_gt(st->cycles, 0);
    unload(&L);
    ck_assert_int_eq(memcmp(a, b, sizeof(float) * TM_VOCAB * (STEPS + 1)), 0);
    ck_assert_int_eq(memcmp(ga, gb, sizeof ga), 0);
    free(a);
    free(b);
}
END_TEST

START_TEST(greedy_generation_deterministic)
{
    float *a = malloc(sizeof(float) * TM_VOCAB * 9), *b = malloc(sizeof(float) * TM_VOCAB * 9);
    int32_t ga[8], gb[8];
    loaded L;
    load(&L, g_i2s, "cpu", 1);
    run_greedy(&L, 8, a, ga);
    /* the same context, reset, gives the same tokens */
    model_ctx_reset(L.c);
    run_greedy(&L, 8, b, gb);
    ck_assert_int_eq(memcmp(ga, gb, sizeof ga), 0);
    ck_assert_int_eq(memcmp(a, b, sizeof(float) * TM_VOCAB * 9), 0);
    ck_assert_uint_eq(model_ctx_pos(L.c), NPROMPT + 8);
    unload(&L);
    /* and the sampler at temperature 0 picks exactly these tokens */
    sampler_params sp = {0.0f, 0, 1.0f, 7};
    sampler *s = sampler_new(&sp, TM_VOCAB, NULL, 0);
    ck_assert_ptr_nonnull(s);
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(sampler_sample(s, a + (size_t)i * TM_VOCAB), ga[i]);
    sampler_free(s);
    free(a);
    free(b);
}
END_TEST

START_TEST(threads_do_not_change_logits)
{
    float *a = malloc(sizeof(float) * TM_VOCAB * (STEPS + 1)), *b = malloc(sizeof(float) * TM_VOCAB * (STEPS + 1));
    int32_t ga[STEPS], gb[STEPS];
    loaded L;
    load(&L, g_i2s, "cpu", 1);
    run_greedy(&L, STEPS, a, ga);
    unload(&L);
    load(&L, g_i2s, "cpu", 2);
    run_greedy(&L, STEPS, b, gb);
    unload(&L);
    ck_assert_int_eq(memcmp(a, b, sizeof(float) * TM_VOCAB * (STEPS + 1)), 0);
    free(a);
    free(b);
}
END_TEST

/* Quantization is per token and attention per (token, head): one batch of N == N single steps. */
START_TEST(batched_prefill_equals_token_by_token)
{
    float a[TM_VOCAB], b[TM_VOCAB];
    loaded L;
    load(&L, g_i2s, "cpu", 1);
    fwd(&L, k_prompt, NPROMPT, a);
    model_ctx_reset(L.c);
    for (size_t t = 0; t < NPROMPT; t++)
        fwd(&L, &k_prompt[t], 1, b);
    unload(&L);
    ck_assert_int_eq(memcmp(a, b, sizeof a), 0);
}
END_TEST

START_TEST(encodings_give_identical_logits)
{
    static const gguf_type types[2] = {GGUF_T_TQ2_0, GGUF_T_TQ1_0};
    static const char *const names[2] = {"TQ2_0", "TQ1_0"};
    float ref[TM_VOCAB], got[TM_VOCAB];
    loaded L;
    load(&L, g_i2s, "cpu", 1);
    ck_assert_str_eq(model_tern_type(L.m), "I2_S");
    fwd(&L, k_prompt, NPROMPT, ref);
    unload(&L);
    for (int i = 0; i < 2; i++) {
        char path[256];
        tm_path(path, sizeof path, names[i]);
        tm_write(g_model, path, types[i], NULL);
        load(&L, path, "cpu", 1);
        ck_assert_str_eq(model_tern_type(L.m), names[i]);
        fwd(&L, k_prompt, NPROMPT, got);
        unload(&L);
        unlink(path);
        ck_assert_msg(memcmp(ref, got, sizeof ref) == 0, "%s logits differ from I2_S", names[i]);
    }
}
END_TEST

static void compare_to_reference(const float *got, const float *want)
{
    double maxabs = 0, maxdiff = 0;
    int argmax_got = 0, argmax_want = 0;
    for (int i = 0; i < TM_VOCAB; i++) {
        ck_assert(isfinite(got[i]));
        maxabs = fmax(maxabs, fabs(want[i]));
        maxdiff = fmax(maxdiff, fabs((double)got[i] - want[i]));
        if (got[i] > got[argmax_got]) argmax_got = i;
        if (want[i] > want[argmax_want]) argmax_want = i;
    }
    ck_assert_msg(maxabs > 0.1, "reference logits are degenerate (max |logit| %g)", maxabs);
    /* float summation order and rare one-step int8 rounding flips only */
    ck_assert_msg(maxdiff <= 2e-3 * maxabs + 1e-4, "max |diff| %g vs max |logit| %g", maxdiff, maxabs);
    ck_assert_int_eq(argmax_got, argmax_want);
}

START_TEST(agrees_with_slow_reference)
{
    float got[TM_VOCAB], want[TM_VOCAB];
    loaded L;
    load(&L, g_i2s, "cpu", 1);
    fwd(&L, k_prompt, NPROMPT, got);
    const model_hparams *hp = model_get_hparams(L.m);
    ck_assert_uint_eq(hp->n_embd, TM_EMBD);
    ck_assert_uint_eq(hp->n_vocab, TM_VOCAB);
    ck_assert_uint_eq(hp->head_dim, TM_EMBD / TM_HEADS);
    ck_assert_int_eq(hp->rope, MODEL_ROPE_NEOX);
    ck_assert_int_eq(model_head_tied(L.m), 1);
    ck_assert_str_eq(model_head_type(L.m), "F16");
    ck_assert_int_eq(hp->act, MODEL_ACT_RELU2);
    unload(&L);
    tm_reference(g_model, 0, k_prompt, NPROMPT, want);
    compare_to_reference(got, want);
}
END_TEST

/* A binary16 KV cache: still identical on cpu and sim and at any thread count (the rounding happens
 * on the CPU, the same for both), in agreement with a reference that rounds K and V to binary16,
 * and really used (the logits move). */
START_TEST(f16_kv_cache)
{
    const size_t rows = (size_t)TM_VOCAB * (STEPS + 1);
    float *f32 = malloc(sizeof(float) * rows), *a = malloc(sizeof(float) * rows), *b = malloc(sizeof(float) * rows);
    float *c = malloc(sizeof(float) * rows), want[TM_VOCAB];
    int32_t g32[STEPS], ga[STEPS], gb[STEPS], gc[STEPS];
    ck_assert(f32 && a && b && c);
    loaded L;
    load(&L, g_i2s, "cpu", 1);
    run_greedy(&L, STEPS, f32, g32);
    unload(&L);
    load_kv(&L, g_i2s, "cpu", 1, MODEL_KV_F16);
    run_greedy(&L, STEPS, a, ga);
    unload(&L);
    load_kv(&L, g_i2s, "cpu", 2, MODEL_KV_F16);
    run_greedy(&L, STEPS, b, gb);
    unload(&L);
    load_kv(&L, g_i2s, "sim", 1, MODEL_KV_F16);
    run_greedy(&L, STEPS, c, gc);
    ck_assert_uint_eq(rt_backend_stats(L.be)->mismatches, 0);
    unload(&L);
    ck_assert_int_eq(memcmp(a, b, sizeof(float) * rows), 0);
    ck_assert_int_eq(memcmp(a, c, sizeof(float) * rows), 0);
    ck_assert(memcmp(a, f32, sizeof(float) * rows) != 0);
    /* the same greedy tokens as the float cache, and the rounding is what moves the logits: they
     * agree with the reference that rounds K and V alike as closely as the float cache agrees with
     * the plain reference */
    ck_assert_int_eq(memcmp(ga, g32, sizeof ga), 0);
    tm_reference_kv(g_model, 0, 1, k_prompt, NPROMPT, want);
    compare_to_reference(a, want);
    free(f32);
    free(a);
    free(b);
    free(c);
}
END_TEST

/* Upstream llama.cpp "bitnet" files: a SiLU gate, checked against the reference. */
START_TEST(upstream_bitnet_agrees_with_reference)
{
    float got[TM_VOCAB], want[TM_VOCAB], norm[TM_VOCAB];
    char path[256];
    tm_path(path, sizeof path, "upstream_fwd");
    tm_faults f = {.arch = "bitnet"};
    tm_write(g_model, path, GGUF_T_TQ2_0, &f);
    loaded L;
    load(&L, path, "cpu", 1);
    ck_assert_int_eq(model_get_hparams(L.m)->rope, MODEL_ROPE_NEOX);
    ck_assert_int_eq(model_get_hparams(L.m)->act, MODEL_ACT_SILU);
    fwd(&L, k_prompt, NPROMPT, got);
    unload(&L);
    unlink(path);
    tm_reference(g_model, 1, k_prompt, NPROMPT, want);
    compare_to_reference(got, want);
    /* and the conventions matter: the bitnet-b1.58 reading of the same weights differs */
    tm_reference(g_model, 0, k_prompt, NPROMPT, norm);
    ck_assert(memcmp(norm, want, sizeof norm) != 0);
}
END_TEST

Suite *suite_model_forward(void)
{
    Suite *s = suite_create("model_forward");
    TCase *tc = tcase_create("tiny");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cpu_and_sim_logits_identical);
    tcase_add_test(tc, greedy_generation_deterministic);
    tcase_add_test(tc, threads_do_not_change_logits);
    tcase_add_test(tc, batched_prefill_equals_token_by_token);
    tcase_add_test(tc, encodings_give_identical_logits);
    tcase_add_test(tc, agrees_with_slow_reference);
    tcase_add_test(tc, upstream_bitnet_agrees_with_reference);
    tcase_add_test(tc, f16_kv_cache);
    suite_add_tcase(s, tc);
    return s;
}
