/*
 * tritium-soak: random matmuls, and optionally a model, on the Verilator model of every named
 * configuration with random faults in its memory (rt_backend_opts.fault_rate: error responses, a
 * memory that hangs, bits flipped in read and written beats) and --verify on. Recovery (reset, CPU
 * fallback) must leave every result exact: each matmul is compared bit for bit with kernels_ref, the
 * model's logits with a cpu-backend run of the same tokens. Prints what was injected, what struck and
 * how it was answered; exits 1 on any wrong result.
 *   tritium-soak [--matmuls N] [--seed S] [--fault-rate R] [--model FILE --tokens T]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels_ref/kr_gemm.h"
#include "runtime/backend/rt_backend.h"
#include "runtime/gguf/gguf.h"
#include "runtime/model/model.h"

typedef struct {
    uint64_t matmuls, seed, tokens;
    double rate;
    const char *model;
} soak_args;

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static int parse_u64(const char *opt, const char *v, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || *end || !*v || *v == '-') {
        fprintf(stderr, "tritium-soak: %s: '%s' is not a count\n", opt, v);
        return -1;
    }
    *out = x;
    return 0;
}

static int parse_args(int argc, char **argv, soak_args *a)
{
    *a = (soak_args){.matmuls = 10000, .seed = 1, .rate = 0.25, .tokens = 8};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            printf("usage: tritium-soak [--matmuls N] [--seed S] [--fault-rate R] [--model FILE --tokens T]\n");
            exit(0);
        }
        if (!v) {
            fprintf(stderr, "tritium-soak: %s: missing value or unknown option\n", o);
            return -1;
        }
        i++;
        if (!strcmp(o, "--matmuls")) {
            if (parse_u64(o, v, &a->matmuls))
                return -1;
        } else if (!strcmp(o, "--seed")) {
            if (parse_u64(o, v, &a->seed))
                return -1;
        } else if (!strcmp(o, "--tokens")) {
            if (parse_u64(o, v, &a->tokens) || !a->tokens) {
                fprintf(stderr, "tritium-soak: --tokens: at least 1\n");
                return -1;
            }
        } else if (!strcmp(o, "--fault-rate")) {
            char *end;
            a->rate = strtod(v, &end);
            if (*end || !*v || !(a->rate >= 0 && a->rate <= 1)) {
                fprintf(stderr, "tritium-soak: --fault-rate: '%s' is not a share from 0 to 1\n", v);
                return -1;
            }
        } else if (!strcmp(o, "--model")) {
            a->model = v;
        } else {
            fprintf(stderr, "tritium-soak: unknown option '%s'\n", o);
            return -1;
        }
    }
    return 0;
}

static void print_stats(const char *what, const rt_stats *s, double seconds)
{
    printf("soak: %s: %" PRIu64 " matmuls, %" PRIu64 " on the device; faults injected %" PRIu64 ", struck %" PRIu64
           "; device errors %" PRIu64 " (hard resets %" PRIu64 "), verify mismatches %" PRIu64
           ", answered by the CPU %" PRIu64 "; %" PRIu64 " device cycles; %.1f s\n",
           what, s->calls, s->offloaded, s->faults_injected, s->faults_struck, s->device_errors, s->hard_resets,
           s->mismatches, s->fallbacks, s->cycles, seconds);
}

static void quiet(void *ctx, rt_log_level level, const char *msg)
{
    (void)ctx, (void)level, (void)msg; /* every event is counted; the figures are printed at the end */
}

/* One sim backend per named configuration and weight format it decodes. */
typedef struct {
    rt_backend *b;
    char name[64];
} dev;

static int open_devices(const soak_args *a, dev *out, int max)
{
    int n = 0;
    char err[512];
    rt_backend_desc desc;
    if (rt_backend_desc_find("sim", &desc) || !desc.config_name) {
        fprintf(stderr, "tritium-soak: this build has no sim backend\n");
        return -1;
    }
    for (unsigned c = 0; n < max; c++) {
        rt_backend_opts o = {.verify = 1, .fault_rate = a->rate, .log = {quiet, NULL}};
        const char *cfg = desc.config_name(c);
        if (!cfg)
            break;
        for (int f = 0; f < 2 && n < max; f++) {
            o.config = cfg;
            o.weights = f ? "base3" : "2bit";
            o.fault_seed = a->seed * 1000 + (uint64_t)n;
            rt_backend *b = rt_backend_open("sim", &o, err, sizeof err);
            if (!b) {
                if (f) /* a configuration without the base-3 decoder */
                    continue;
                fprintf(stderr, "tritium-soak: sim %s: %s\n", cfg, err);
                return -1;
            }
            out[n].b = b;
            snprintf(out[n].name, sizeof out[n].name, "%s/%s", cfg, o.weights);
            n++;
        }
    }
    return n;
}

static int soak_matmuls(const soak_args *a)
{
    dev devs[32];
    int nd = open_devices(a, devs, 32);
    if (nd <= 0)
        return -1;
    uint64_t s = a->seed * 0x9E3779B97F4A7C15ull + 7, wrong = 0;
    double t0 = now_s();
    char err[512];
    int rc = 0;
    for (uint64_t i = 0; i < a->matmuls && !rc; i++) {
        const dev *d = &devs[rnd(&s) % (uint64_t)nd];
        /* mostly small, now and then a 2B4T-sized row block */
        const int big = rnd(&s) % 50 == 0;
        const size_t m = big ? 2560 : 1 + rnd(&s) % 300, k = big ? 2560 : 1 + rnd(&s) % 900;
        const size_t n = big ? 1 : (rnd(&s) % 4 ? 1 + rnd(&s) % 4 : 1 + rnd(&s) % 40);
        const size_t ldq = k + rnd(&s) % 64, ldy = m + rnd(&s) % 16;
        kr_tern w;
        int8_t *q = malloc(n * ldq);
        int32_t *y = malloc(n * ldy * sizeof *y), *ref = malloc(n * m * sizeof *ref);
        if (!q || !y || !ref || kr_tern_alloc(&w, m, k) != KR_OK) {
            fprintf(stderr, "tritium-soak: out of memory\n");
            free(q), free(y), free(ref);
            return -1;
        }
        for (size_t r = 0; r < m; r++)
            for (size_t c = 0; c < k; c++)
                kr_tern_set(&w, r, c, (int)(rnd(&s) % 3) - 1);
        for (size_t j = 0; j < n * ldq; j++)
            q[j] = (int8_t)(rnd(&s) & 0xFF);
        memset(y, 0x5A, n * ldy * sizeof *y);
        kr_gemm_ref(&w, q, n, ldq, ref, m);
        rt_weights *rw = NULL;
        if (rt_backend_prepare(d->b, &w, &rw, err, sizeof err) ||
            rt_backend_matmul(d->b, rw, q, n, ldq, y, ldy, err, sizeof err)) {
            fprintf(stderr, "tritium-soak: %s, matmul %" PRIu64 " (M=%zu K=%zu N=%zu): %s\n", d->name, i, m, k, n, err);
            rc = -1;
        } else {
            for (size_t r = 0; r < n; r++)
                if (memcmp(y + r * ldy, ref + r * m, m * sizeof *y)) {
                    if (!wrong)
                        fprintf(stderr, "tritium-soak: %s, matmul %" PRIu64 " (M=%zu K=%zu N=%zu): row %zu is wrong\n",
                                d->name, i, m, k, n, r);
                    wrong++;
                    break;
                }
        }
        rt_backend_release(d->b, rw);
        kr_tern_free(&w);
        free(q), free(y), free(ref);
    }
    rt_stats all = {0};
    for (int i = 0; i < nd; i++) {
        rt_stats_add(&all, rt_backend_stats(devs[i].b));
        rt_backend_close(devs[i].b);
    }
    print_stats("random matmuls", &all, now_s() - t0);
    printf("soak: random matmuls: %d configuration/format pairs, fault rate %.2f, seed %" PRIu64
           ": %" PRIu64 " wrong results\n",
           nd, a->rate, a->seed, wrong);
    return rc ? -1 : wrong ? 1 : 0;
}

/* The model on the cpu backend and on sim with faults: every position's logits bit-identical. */
static int soak_model(const soak_args *a)
{
    char err[512] = "";
    int rc = -1;
    gguf_file *f = gguf_open(a->model, err, sizeof err);
    if (!f) {
        fprintf(stderr, "tritium-soak: %s: %s\n", a->model, err);
        return -1;
    }
    rt_backend_opts oc = {.threads = 1}, os = {.verify = 1, .fault_rate = a->rate, .fault_seed = a->seed,
                                             .log = {quiet, NULL}};
    rt_backend *bc = rt_backend_open("cpu", &oc, err, sizeof err), *bs = bc ? rt_backend_open("sim", &os, err, sizeof err) : NULL;
    model *mc = NULL, *ms = NULL;
    model_ctx *cc = NULL, *cs = NULL;
    float *lc = NULL, *ls = NULL;
    int32_t *tok = NULL;
    uint64_t differ = 0;
    double t0 = now_s();
    if (!bs || model_load(f, bc, NULL, NULL, &mc, err, sizeof err) || model_load(f, bs, NULL, NULL, &ms, err, sizeof err))
        goto out;
    const model_hparams *hp = model_get_hparams(mc);
    const size_t nv = hp->n_vocab;
    if (!(cc = model_ctx_new(mc, (uint32_t)a->tokens + 1, MODEL_KV_F32, err, sizeof err)) ||
        !(cs = model_ctx_new(ms, (uint32_t)a->tokens + 1, MODEL_KV_F32, err, sizeof err)))
        goto out;
    lc = malloc(nv * sizeof *lc), ls = malloc(nv * sizeof *ls), tok = malloc(a->tokens * sizeof *tok);
    if (!lc || !ls || !tok) {
        snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    uint64_t s = a->seed + 99;
    for (uint64_t i = 0; i < a->tokens; i++)
        tok[i] = (int32_t)(rnd(&s) % nv);
    /* half the tokens as one batch (a prefill), the rest one by one (decode) */
    const size_t pre = (size_t)(a->tokens + 1) / 2;
    for (size_t at = 0; at < a->tokens;) {
        const size_t n = at == 0 ? pre : 1;
        if (model_forward(mc, cc, tok + at, n, lc, err, sizeof err) ||
            model_forward(ms, cs, tok + at, n, ls, err, sizeof err))
            goto out;
        differ += memcmp(lc, ls, nv * sizeof *lc) != 0;
        at += n;
    }
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "tritium-soak: model %s: %s\n", a->model, err);
    else {
        print_stats("model", rt_backend_stats(bs), now_s() - t0);
        printf("soak: model %s (%u layers): %" PRIu64 " tokens, logits of %" PRIu64 " forward passes differ from the "
               "cpu backend's\n",
               a->model, mc ? model_get_hparams(mc)->n_layer : 0, a->tokens, differ);
    }
    free(lc), free(ls), free(tok);
    model_ctx_free(cc), model_ctx_free(cs);
    model_free(mc), model_free(ms);
    rt_backend_close(bs), rt_backend_close(bc);
    gguf_close(f);
    return rc ? -1 : differ ? 1 : 0;
}

int main(int argc, char **argv)
{
    soak_args a;
    if (parse_args(argc, argv, &a))
        return 2;
    int rc = a.matmuls ? soak_matmuls(&a) : 0;
    if (rc == 0 && a.model)
        rc = soak_model(&a);
    return rc < 0 ? 2 : rc;
}
