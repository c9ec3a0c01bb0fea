/* tritium perplexity: perplexity of a BitNet GGUF model over a text, and its divergence from a base run. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "driver/tdrv_layout.h"
#include "kernels_fast/kr_pool.h"
#include "runtime/cli/cli.h"
#include "runtime/eval/ev_klbase.h"
#include "runtime/eval/ev_ppl.h"
#include "runtime/model/model.h"
#include "runtime/report/json_writer.h"
#include "runtime/tokenizer/tokenizer.h"

typedef struct {
    const char *model, *text, *kl_base;
    long ctx, chunks;
    int json, quiet;
    cli_model_opts mo;
} ppl_opts;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tritium perplexity -m MODEL.gguf -f TEXT [options]\n"
            "Perplexity of the model over a text, as llama.cpp's llama-perplexity computes it: the text's\n"
            "tokens cut into windows of CTX, each window's first token made BOS (when the model uses one),\n"
            "the second half of each window scored; the standard error is that of the mean log-likelihood.\n\n"
            "  -m, --model FILE     GGUF model\n"
            "  -f, --file TEXT      the text (UTF-8)\n"
            "  -c, --ctx N          window size in tokens (default 512, at most the model's context)\n"
            "      --chunks N       score at most N windows (default: every whole window of the text)\n"
            "      --kl-base FILE   compare with a base run: when FILE does not exist this run is the base\n"
            "                       and its next-token distributions are written there; when it does, this\n"
            "                       run's KL divergence from them and how often both put the same token first\n"
            "                       are reported (same model vocabulary, text, CTX and --chunks)\n");
    cli_model_usage(f);
    fprintf(f,
            "      --json           finish stdout with one JSON line of the figures\n"
            "      --quiet          no progress bar and no loading messages\n"
            "  -h, --help           this text\n");
}

static int bad(const char *fmt, const char *arg)
{
    fprintf(stderr, "tritium perplexity: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    usage(stderr);
    return 2;
}

/* 0 = parsed, 1 = --help shown, 2 = usage error (message printed). */
static int parse(int argc, char **argv, ppl_opts *o)
{
    memset(o, 0, sizeof *o);
    o->ctx = 512;
    cli_model_defaults(&o->mo);
    enum { O_CHUNKS = 256, O_KL, O_JSON, O_QUIET };
    static const struct option lo[] = {
        {"model", required_argument, 0, 'm'},    {"file", required_argument, 0, 'f'},
        {"ctx", required_argument, 0, 'c'},      {"chunks", required_argument, 0, O_CHUNKS},
        {"kl-base", required_argument, 0, O_KL}, {"json", no_argument, 0, O_JSON},
        {"quiet", no_argument, 0, O_QUIET},      CLI_MODEL_LONGOPTS,
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    optind = 0; /* glibc: a full re-initialization, so a second parse (the fuzzer's) starts clean */
    opterr = 0;
    int c;
    double v;
    while ((c = getopt_long(argc, argv, ":m:f:c:t:h", lo, NULL)) != -1) {
        const int mc = cli_model_opt("tritium perplexity", c, optarg, &o->mo);
        if (mc == 2) {
            usage(stderr);
            return 2;
        }
        if (mc == 0)
            continue;
        switch (c) {
        case 'm': o->model = optarg; break;
        case 'f': o->text = optarg; break;
        case 'c':
            if (cli_whole(optarg, 4, 1 << 20, &v))
                return bad("--ctx: '%s' is not a window size from 4 to 1048576 tokens", optarg);
            o->ctx = (long)v;
            break;
        case O_CHUNKS:
            if (cli_whole(optarg, 1, 1L << 30, &v))
                return bad("--chunks: '%s' is not a whole number from 1 to 1073741824", optarg);
            o->chunks = (long)v;
            break;
        case O_KL: o->kl_base = optarg; break;
        case O_JSON: o->json = 1; break;
        case O_QUIET: o->quiet = 1; break;
        case 'h': usage(stdout); return 1;
        case ':': return bad("option '%s' needs a value", argv[optind - 1]);
        default: return bad("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return bad("unexpected argument '%s'", argv[optind]);
    if (!o->model)
        return bad("%s", "a model is required (-m MODEL.gguf)");
    if (!o->text)
        return bad("%s", "a text is required (-f TEXT)");
    if (cli_model_check("tritium perplexity", &o->mo)) {
        usage(stderr);
        return 2;
    }
    return 0;
}

int cli_perplexity_args(int argc, char **argv)
{
    ppl_opts o;
    return parse(argc, argv, &o);
}

/* The whole file, NUL-terminated; NULL with the reason in err. */
static char *read_text(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *g = cap < ((size_t)1 << 34) ? realloc(buf, cap * 2) : NULL;
            if (!g) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = g;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        free(buf);
        snprintf(err, errlen, "cannot read '%s'%s", path, buf ? "" : " (out of memory)");
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static void progress(int on, size_t done, size_t total, double ppl)
{
    if (!on)
        return;
    const int width = 30, fill = total ? (int)(width * done / total) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu windows, perplexity %.4f\033[K", fill,
            "##############################", width - fill, "", done, total, ppl);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

int cli_perplexity(int argc, char **argv)
{
    ppl_opts o;
    int pr = parse(argc, argv, &o);
    if (pr)
        return pr == 1 ? 0 : 2;
    char err[512] = "";
    int rc = 1;
    gguf_file *f = NULL;
    rt_backend *be = NULL;
    kr_pool *pool = NULL;
    model *m = NULL;
    model_ctx *c = NULL;
    tok_vocab *tx = NULL;
    ev_klbase *kb = NULL;
    char *text = NULL;
    int32_t *ids = NULL, *win = NULL;
    float *logits = NULL, *logp = NULL, *base = NULL;
    size_t len = 0, nids = 0;

    if (!(text = read_text(o.text, &len, err, sizeof err))) {
        fprintf(stderr, "tritium perplexity: %s\n", err);
        goto out;
    }
    if (!(f = gguf_open(o.model, err, sizeof err))) {
        fprintf(stderr, "tritium perplexity: cannot open model '%s': %s\n", o.model, err);
        goto out;
    }
    if (cli_model_open("tritium perplexity", &o.mo, f, o.model, &pool, &be, &m))
        goto out;
    if (!(tx = tok_load(f, err, sizeof err))) {
        fprintf(stderr, "tritium perplexity: %s: %s\n", o.model, err);
        goto out;
    }
    const model_hparams *hp = model_get_hparams(m);
    if ((uint32_t)o.ctx > hp->n_ctx) {
        fprintf(stderr, "tritium perplexity: a window of %ld tokens exceeds the model's context of %u (use -c)\n",
                o.ctx, hp->n_ctx);
        goto out;
    }
    /* the text as one sequence with the model's BOS in front, as llama.cpp tokenizes it */
    if (tok_encode(tx, text, len, hp->add_bos, 0, &ids, &nids, err, sizeof err)) {
        fprintf(stderr, "tritium perplexity: %s: %s\n", o.text, err);
        goto out;
    }
    const size_t n_ctx = (size_t)o.ctx, first = n_ctx / 2, nv = hp->n_vocab;
    size_t windows = nids / n_ctx;
    if (o.chunks && (size_t)o.chunks < windows)
        windows = (size_t)o.chunks;
    if (windows == 0) {
        fprintf(stderr, "tritium perplexity: %s gives %zu tokens, fewer than one window of %zu (use a smaller -c)\n",
                o.text, nids, n_ctx);
        goto out;
    }
    if (o.kl_base) {
        ev_klbase_dims want = {(uint32_t)nv, (uint32_t)n_ctx, (uint32_t)first, (uint32_t)windows}, got;
        struct stat st;
        if (stat(o.kl_base, &st) != 0) {
            kb = ev_klbase_create(o.kl_base, &want, err, sizeof err);
            if (kb && !o.quiet)
                fprintf(stderr, "kl-base: this run is the base: its distributions go to %s\n", o.kl_base);
        } else if ((kb = ev_klbase_open(o.kl_base, &got, err, sizeof err)) &&
                   memcmp(&got, &want, sizeof got) != 0) {
            snprintf(err, sizeof err,
                     "%s was made with vocabulary %u, windows of %u, %u windows; this run has %u, %u, %u",
                     o.kl_base, (unsigned)got.n_vocab, (unsigned)got.n_ctx, (unsigned)got.chunks, (unsigned)want.n_vocab,
                     (unsigned)want.n_ctx, (unsigned)want.chunks);
            ev_klbase_close(kb, NULL, 0);
            kb = NULL;
        } else if (kb && !o.quiet) {
            fprintf(stderr, "kl-base: comparing with the base run in %s\n", o.kl_base);
        }
        if (!kb) {
            fprintf(stderr, "tritium perplexity: --kl-base: %s\n", err);
            goto out;
        }
    }
    c = model_ctx_new(m, (uint32_t)n_ctx, o.mo.kv, err, sizeof err);
    win = malloc(sizeof *win * n_ctx);
    logits = malloc(sizeof *logits * (n_ctx - first) * nv);
    logp = malloc(sizeof *logp * nv);
    base = malloc(sizeof *base * nv);
    if (!c || !win || !logits || !logp || !base) {
        fprintf(stderr, "tritium perplexity: %s\n", err[0] ? err : "out of memory");
        goto out;
    }
    if (!o.quiet) {
        char hw[256];
        rt_backend_describe(be, hw, sizeof hw);
        fprintf(stderr, "model: %s, %u layers, vocabulary %u\nbackend: %s\ntext: %zu tokens, %zu windows of %zu, "
                "%zu positions scored in each\n",
                hp->arch, hp->n_layer, hp->n_vocab, hw, nids, windows, n_ctx, n_ctx - 1 - first);
    }
    ev_ppl acc;
    ev_ppl_init(&acc);
    const int bar = !o.quiet && isatty(2);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t w = 0; w < windows; w++) {
        memcpy(win, ids + w * n_ctx, sizeof *win * n_ctx);
        if (hp->add_bos && hp->bos >= 0)
            win[0] = hp->bos;
        model_ctx_reset(c);
        if ((kb && ev_klbase_window(kb, win, err, sizeof err)) ||
            model_forward_rows(m, c, win, n_ctx, first, logits, err, sizeof err)) {
            fprintf(stderr, "%stritium perplexity: window %zu: %s\n", bar ? "\n" : "", w, err);
            goto out;
        }
        for (size_t j = first; j + 1 < n_ctx; j++) {
            int32_t top = 0, base_top = 0;
            const float *row = logits + (j - first) * nv;
            const int cmp = kb && !ev_klbase_is_writing(kb);
            if (cmp && ev_klbase_position(kb, base, &base_top, err, sizeof err)) {
                fprintf(stderr, "%stritium perplexity: window %zu: %s\n", bar ? "\n" : "", w, err);
                goto out;
            }
            if (ev_ppl_add(&acc, row, nv, win[j + 1], logp, &top, cmp ? base : NULL, base_top)) {
                fprintf(stderr, "%stritium perplexity: window %zu, position %zu: the logits hold a NaN\n",
                        bar ? "\n" : "", w, j);
                goto out;
            }
            if (kb && ev_klbase_is_writing(kb) && ev_klbase_position(kb, logp, &top, err, sizeof err)) {
                fprintf(stderr, "%stritium perplexity: %s\n", bar ? "\n" : "", err);
                goto out;
            }
        }
        ev_ppl_result r;
        ev_ppl_result_get(&acc, &r);
        progress(bar, w + 1, windows, r.ppl);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const int compared = kb && !ev_klbase_is_writing(kb);
    if (kb) {
        int crc = ev_klbase_close(kb, err, sizeof err);
        kb = NULL;
        if (crc) {
            fprintf(stderr, "tritium perplexity: --kl-base: %s\n", err);
            goto out;
        }
    }
    ev_ppl_result r;
    ev_ppl_result_get(&acc, &r);
    const rt_stats *st = rt_backend_stats(be);
    const double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("perplexity: %.4f +/- %.4f over %llu tokens scored (%zu windows of %zu, second halves), %.2f s\n", r.ppl,
           r.ppl_err, (unsigned long long)r.count, windows, n_ctx, secs);
    if (compared)
        printf("KL divergence from the base: mean %.4g +/- %.2g, max %.4g; same top token %.2f%% of %llu positions\n",
               r.kld_mean, r.kld_err, r.kld_max, 100.0 * r.top1, (unsigned long long)r.kl_count);
    if (rt_backend_get_desc(be)->caps & RT_CAP_OFFLOADS)
        printf("device: %llu matmuls offloaded, %llu device cycles; verify mismatches %llu, device errors %llu, CPU "
               "fallbacks %llu\n",
               (unsigned long long)st->offloaded, (unsigned long long)st->cycles, (unsigned long long)st->mismatches,
               (unsigned long long)st->device_errors, (unsigned long long)st->fallbacks);
    if (o.json) {
        jw_writer jw;
        jw_init(&jw, stdout);
        jw_begin_object(&jw);
        jw_key(&jw, "model");
        jw_string(&jw, o.model);
        jw_key(&jw, "text");
        jw_string(&jw, o.text);
        jw_key(&jw, "backend");
        jw_string(&jw, rt_backend_name(be));
        jw_key(&jw, "ctx");
        jw_uint(&jw, n_ctx);
        jw_key(&jw, "windows");
        jw_uint(&jw, windows);
        jw_key(&jw, "tokens_scored");
        jw_uint(&jw, r.count);
        jw_key(&jw, "perplexity");
        jw_double(&jw, r.ppl, 6);
        jw_key(&jw, "perplexity_err");
        jw_double(&jw, r.ppl_err, 6);
        jw_key(&jw, "nll_mean");
        jw_double(&jw, r.nll_mean, 8);
        jw_key(&jw, "head_int8");
        jw_bool(&jw, o.mo.head_int8);
        jw_key(&jw, "kv_cache");
        jw_string(&jw, model_kv_name(o.mo.kv));
        if (compared) {
            jw_key(&jw, "kld_mean");
            jw_double(&jw, r.kld_mean, 8);
            jw_key(&jw, "kld_err");
            jw_double(&jw, r.kld_err, 8);
            jw_key(&jw, "kld_max");
            jw_double(&jw, r.kld_max, 8);
            jw_key(&jw, "top1_agreement");
            jw_double(&jw, r.top1, 6);
        }
        jw_key(&jw, "offloaded");
        jw_uint(&jw, st->offloaded);
        jw_key(&jw, "mismatches");
        jw_uint(&jw, st->mismatches);
        jw_key(&jw, "seconds");
        jw_double(&jw, secs, 3);
        jw_end_object(&jw);
        if (jw_finish(&jw, err, sizeof err) != 0) {
            fprintf(stderr, "tritium perplexity: --json: %s\n", err);
            goto out;
        }
        fputc('\n', stdout);
    }
    rc = 0;
out:
    if (kb)
        ev_klbase_close(kb, NULL, 0);
    free(text);
    free(ids);
    free(win);
    free(logits);
    free(logp);
    free(base);
    tok_free(tx);
    model_ctx_free(c);
    model_free(m);
    kr_pool_free(pool);
    rt_backend_close(be);
    gguf_close(f);
    return rc;
}
