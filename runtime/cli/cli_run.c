/* tritium run: generate text with a BitNet b1.58 GGUF model on the cpu or the simulated accelerator. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "driver/tdrv_layout.h"
#include "kernels_fast/kr_pool.h"
#include "runtime/cli/cli.h"
#include "runtime/model/model.h"
#include "runtime/report/report_run.h"
#include "runtime/sampler/sampler.h"
#include "runtime/tokenizer/tokenizer.h"

typedef struct {
    const char *model, *prompt, *system;
    long n;
    int chat, json, quiet;
    cli_model_opts mo;
    sampler_params sp;
} run_opts;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tritium run -m MODEL.gguf -p PROMPT [options]\n"
            "Generates text with a BitNet b1.58 GGUF model; every ternary matmul runs on the chosen backend.\n\n"
            "  -m, --model FILE     GGUF model (bitnet-b1.58 / bitnet-25 / bitnet; I2_S, TQ1_0 or TQ2_0)\n"
            "  -p, --prompt TEXT    the prompt\n"
            "  -n, --n-predict N    tokens to generate (default 32, 1..100000)\n"
            "      --chat           wrap the prompt in the chat template\n"
            "                       (<|begin_of_text|>System: S<|eot_id|>User: P<|eot_id|>Assistant: )\n"
            "      --system TEXT    system message for --chat\n");
    cli_model_usage(f);
    fprintf(f,
            "      --temp T         temperature; 0 = greedy (default 0.8)\n"
            "      --top-k K        keep the K most likely tokens, 0 = all (default 40)\n"
            "      --top-p P        keep the smallest set with probability >= P, 1 = all (default 0.95)\n"
            "      --seed S         sampler seed (default 42: runs are reproducible)\n"
            "      --json           finish stdout with one JSON line: tokens, text, report figures\n"
            "      --quiet          no progress indicator and no loading messages\n"
            "  -h, --help           this text\n");
}

static int bad(const char *fmt, const char *arg)
{
    fprintf(stderr, "tritium run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    usage(stderr);
    return 2;
}

/* 0 = parsed, 1 = --help shown, 2 = usage error (message printed). */
static int parse(int argc, char **argv, run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n = 32;
    cli_model_defaults(&o->mo);
    o->sp.temp = 0.8f;
    o->sp.top_k = 40;
    o->sp.top_p = 0.95f;
    o->sp.seed = 42;
    enum { O_CHAT = 256, O_SYSTEM, O_TEMP, O_TOPK, O_TOPP, O_SEED, O_JSON, O_QUIET };
    static const struct option lo[] = {
        {"model", required_argument, 0, 'm'}, {"prompt", required_argument, 0, 'p'},
        {"n-predict", required_argument, 0, 'n'}, {"chat", no_argument, 0, O_CHAT},
        {"system", required_argument, 0, O_SYSTEM}, {"temp", required_argument, 0, O_TEMP},
        {"top-k", required_argument, 0, O_TOPK}, {"top-p", required_argument, 0, O_TOPP},
        {"seed", required_argument, 0, O_SEED}, {"json", no_argument, 0, O_JSON},
        {"quiet", no_argument, 0, O_QUIET}, CLI_MODEL_LONGOPTS,
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    optind = 0; /* glibc: a full re-initialization, so a second parse (the fuzzer's) starts clean */
    opterr = 0;
    int c;
    double v;
    while ((c = getopt_long(argc, argv, ":m:p:n:t:h", lo, NULL)) != -1) {
        const int mc = cli_model_opt("tritium run", c, optarg, &o->mo);
        if (mc == 2) {
            usage(stderr);
            return 2;
        }
        if (mc == 0)
            continue;
        switch (c) {
        case 'm': o->model = optarg; break;
        case 'p': o->prompt = optarg; break;
        case 'n':
            if (cli_whole(optarg, 1, 100000, &v))
                return bad("-n: '%s' is not a whole number from 1 to 100000", optarg);
            o->n = (long)v;
            break;
        case O_CHAT: o->chat = 1; break;
        case O_SYSTEM: o->system = optarg; break;
        case O_TEMP:
            if (cli_number(optarg, 0, 100, &v))
                return bad("--temp: '%s' is not a temperature from 0 to 100", optarg);
            o->sp.temp = (float)v;
            break;
        case O_TOPK:
            if (cli_whole(optarg, 0, 1e9, &v))
                return bad("--top-k: '%s' is not a whole number >= 0", optarg);
            o->sp.top_k = (int)v;
            break;
        case O_TOPP:
            if (cli_number(optarg, 1e-6, 1, &v))
                return bad("--top-p: '%s' is not a probability in (0, 1]", optarg);
            o->sp.top_p = (float)v;
            break;
        case O_SEED:
            if (cli_whole(optarg, 0, 18446744073709551615.0, &v))
                return bad("--seed: '%s' is not a whole number >= 0", optarg);
            o->sp.seed = strtoull(optarg, NULL, 10);
            break;
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
    if (!o->prompt)
        return bad("%s", "a prompt is required (-p TEXT)");
    if (o->system && !o->chat)
        return bad("%s", "--system needs --chat");
    if (cli_model_check("tritium run", &o->mo)) {
        usage(stderr);
        return 2;
    }
    return 0;
}

typedef struct {
    int on;
    const char *phase;
    size_t step, steps;
} progress;

/* Drawn after the cursor and erased before the next text, so streamed text stays intact. */
static void on_layer(void *user, unsigned done, unsigned n_layer, size_t n_tokens)
{
    progress *p = user;
    if (!p->on)
        return;
    fprintf(stderr, "\0337 [%s %zu/%zu: layer %u/%u, %zu token%s]\033[K\0338", p->phase, p->step, p->steps, done,
            n_layer, n_tokens, n_tokens == 1 ? "" : "s");
    fflush(stderr);
}

static void progress_clear(const progress *p)
{
    if (p->on) {
        fputs("\033[K", stderr);
        fflush(stderr);
    }
}

/*
 * Builds the prompt ids: BOS (when the model asks for it) + the text, or BOS + the chat template
 * "System: S<|eot_id|>User: P<|eot_id|>Assistant: " tokenized as one string with special tokens
 * parsed, as llama.cpp does for its bitnet template.
 */
static int prompt_ids(tok_vocab *tx, const model_hparams *hp, const run_opts *o, int32_t **ids, size_t *n,
                      char *err, size_t errlen)
{
    char *chat = NULL;
    const char *text = o->prompt;
    if (o->chat) {
        if (!(chat = tok_chat_prompt(o->system, o->prompt, NULL))) {
            snprintf(err, errlen, "out of memory for the prompt");
            return -1;
        }
        text = chat;
    }
    int rc = tok_encode(tx, text, strlen(text), hp->add_bos, o->chat, ids, n, err, errlen);
    free(chat);
    return rc;
}

typedef struct {
    char *buf;
    size_t len, cap;
} strbuf;

static void sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *g = realloc(b->buf, cap);
        if (!g)
            return;
        b->buf = g;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
}

static void json_ids(jw_writer *w, const char *key, const int32_t *ids, size_t n)
{
    jw_key(w, key);
    jw_begin_array(w);
    for (size_t i = 0; i < n; i++)
        jw_int(w, ids[i]);
    jw_end_array(w);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void snap(const model_ctx *c, const rt_backend *be, model_timing *t, rt_stats *s)
{
    *t = *model_ctx_timing(c);
    *s = *rt_backend_stats(be);
}

int cli_run_args(int argc, char **argv)
{
    run_opts o;
    return parse(argc, argv, &o);
}

int cli_run(int argc, char **argv)
{
    run_opts o;
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
    sampler *smp = NULL;
    int32_t *prompt = NULL, *gen = NULL;
    float *logits = NULL;
    strbuf text = {0};

    f = gguf_open(o.model, err, sizeof err);
    if (!f) {
        fprintf(stderr, "tritium run: cannot open model '%s': %s\n", o.model, err);
        goto out;
    }
    if (cli_model_open("tritium run", &o.mo, f, o.model, &pool, &be, &m))
        goto out;
    const model_hparams *hp = model_get_hparams(m);
    tx = tok_load(f, err, sizeof err);
    if (!tx) {
        fprintf(stderr, "tritium run: %s: %s\n", o.model, err);
        goto out;
    }
    size_t np = 0;
    if (prompt_ids(tx, hp, &o, &prompt, &np, err, sizeof err) != 0) {
        fprintf(stderr, "tritium run: the prompt: %s\n", err);
        goto out;
    }
    if (np == 0) {
        fprintf(stderr, "tritium run: the prompt gives no tokens (and the model adds no BOS); give some text\n");
        goto out;
    }
    if (np + (size_t)o.n > hp->n_ctx) {
        fprintf(stderr, "tritium run: %zu prompt tokens + %ld to generate exceed the model's context of %u\n", np,
                o.n, hp->n_ctx);
        goto out;
    }
    c = model_ctx_new(m, (uint32_t)(np + (size_t)o.n), o.mo.kv, err, sizeof err);
    smp = sampler_new(&o.sp, hp->n_vocab, err, sizeof err);
    logits = malloc(sizeof(float) * hp->n_vocab);
    gen = malloc(sizeof(int32_t) * (size_t)o.n);
    if (!c || !smp || !logits || !gen) {
        fprintf(stderr, "tritium run: %s\n", err[0] ? err : "out of memory");
        goto out;
    }
    run_report rep;
    memset(&rep, 0, sizeof rep);
    snprintf(rep.backend, sizeof rep.backend, "%s", rt_backend_name(be));
    rt_backend_describe(be, rep.hw_desc, sizeof rep.hw_desc);
    rt_backend_hwinfo(be, &rep.hw);
    rep.verify = o.mo.verify;
    rep.offloads = (rt_backend_get_desc(be)->caps & RT_CAP_OFFLOADS) != 0;
    rep.tern_bytes = model_tern_bytes(m);
    snprintf(rep.model_desc, sizeof rep.model_desc,
             "%s, %u layers, hidden %u, FFN %u, heads %u/%u, vocab %u, ternary %s (%.1f M weights), "
             "head %s%s%s (runs on the CPU), RoPE %s, FFN %s, KV cache %s", hp->arch, hp->n_layer, hp->n_embd,
             hp->n_ff, hp->n_head, hp->n_head_kv, hp->n_vocab, model_tern_type(m), model_tern_params(m) / 1e6,
             model_head_type(m), model_head_int8(m) ? " + int8 copy" : "",
             model_head_tied(m) ? " (tied embedding)" : "", model_rope_name(hp->rope),
             model_act_name(hp->act), model_kv_name(o.mo.kv));
    if (!o.quiet)
        fprintf(stderr, "model: %s\nbackend: %s\nprompt: %zu tokens\n", rep.model_desc, rep.hw_desc, np);

    progress pg = {!o.quiet && rep.offloads && isatty(2), "prefill", 1, 1};
    model_ctx_set_progress(c, on_layer, &pg);
    model_timing t0, t1;
    rt_stats s0, s1;
    snap(c, be, &t0, &s0);
    double w0 = now_s();
    if (model_forward(m, c, prompt, np, logits, err, sizeof err) != 0) {
        progress_clear(&pg);
        fprintf(stderr, "tritium run: prefill: %s\n", err);
        goto out;
    }
    double w1 = now_s();
    snap(c, be, &t1, &s1);
    run_phase_diff(&rep.prefill, &t0, &t1, &s0, &s1);
    rep.prefill.wall_seconds = w1 - w0;
    progress_clear(&pg);

    /* Decode: the first token comes from the prefill logits; each later one costs one forward pass. */
    size_t ng = 0;
    t0 = t1;
    s0 = s1;
    pg.phase = "decode";
    pg.steps = (size_t)o.n - 1;
    for (;;) {
        int32_t tok = sampler_sample(smp, logits);
        if (tok < 0) {
            fprintf(stderr, "\ntritium run: the logits are all NaN at token %zu (the model file is broken?)\n", ng);
            goto out;
        }
        gen[ng++] = tok;
        int stop = tok == hp->eos || tok == hp->eot || tok_is_eog(tx, tok);
        if (!stop) {
            char piece[256];
            int got = tok_token_to_piece(tx, tok, 0, piece, sizeof piece);
            size_t pl = got < 0 ? 0 : (size_t)got > sizeof piece ? sizeof piece : (size_t)got;
            sb_add(&text, piece, pl);
            progress_clear(&pg);
            fwrite(piece, 1, pl, stdout);
            fflush(stdout);
        }
        if (stop || ng == (size_t)o.n)
            break;
        pg.step = ng;
        if (model_forward(m, c, &tok, 1, logits, err, sizeof err) != 0) {
            progress_clear(&pg);
            fprintf(stderr, "\ntritium run: decode step %zu: %s\n", ng, err);
            goto out;
        }
    }
    double w2 = now_s();
    progress_clear(&pg);
    snap(c, be, &t1, &s1);
    run_phase_diff(&rep.decode, &t0, &t1, &s0, &s1);
    rep.decode.wall_seconds = w2 - w1;
    fputc('\n', stdout);

    run_figures fg;
    run_report_compute(&rep, &fg);
    run_report_print(stdout, &rep, &fg);
    if (o.json) {
        jw_writer jw;
        jw_init(&jw, stdout);
        jw_begin_object(&jw);
        json_ids(&jw, "prompt_tokens", prompt, np);
        json_ids(&jw, "generated_tokens", gen, ng);
        jw_key(&jw, "text");
        jw_string_len(&jw, text.buf, text.len);
        jw_key(&jw, "model");
        jw_string(&jw, o.model);
        jw_key(&jw, "head_type");
        jw_string(&jw, model_head_type(m));
        jw_key(&jw, "head_int8");
        jw_bool(&jw, model_head_int8(m));
        jw_key(&jw, "head_on_cpu");
        jw_bool(&jw, 1);
        jw_key(&jw, "kv_cache");
        jw_string(&jw, model_kv_name(o.mo.kv));
        run_report_json_fields(&jw, &rep, &fg);
        jw_end_object(&jw);
        if (jw_finish(&jw, err, sizeof err) != 0) {
            fprintf(stderr, "tritium run: --json: %s\n", err);
            goto out;
        }
        fputc('\n', stdout);
    }
    fflush(stdout);
    rc = 0;
out:
    free(text.buf);
    free(gen);
    free(logits);
    free(prompt);
    sampler_free(smp);
    tok_free(tx);
    model_ctx_free(c);
    model_free(m);
    kr_pool_free(pool);
    rt_backend_close(be);
    gguf_close(f);
    return rc;
}
