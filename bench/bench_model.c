/*
 * Model benchmark: prefill and decode tokens/s of a BitNet GGUF on the cpu backend at several thread
 * counts and ternary weight layouts (2-bit, base-3), peak RSS, and modeled accelerator tokens/s from
 * a short run on the sim backend.
 * Each configuration runs in its own child process so its peak RSS is its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/kernels.h"
#include "kernels_fast/kr_pool.h"
#include "runtime/model/model.h"
#include "runtime/report/report_run.h"

typedef struct {
    const char *model, *config;
    int prefill, decode, sim_prefill, sim_decode, tlm;
    int repeat; /* cpu runs: prefill + decode passes per configuration (median and best reported) */
    int threads[8], nthreads;
    int heads[2], nheads; /* 0 = the file's head format, 1 = plus an int8 copy (--head-int8) */
    model_kv_type kvs[2];
    int nkvs;             /* KV cache types, each run on the same loaded model */
    rt_cpu_weights cpuw[3];
    int ncpuw;            /* cpu backend weight layouts, each loaded on its own */
    double freq;
} bench_opts;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0; /* Linux reports KiB */
}

static int32_t argmax(const float *x, uint32_t n)
{
    uint32_t b = 0;
    for (uint32_t i = 1; i < n; i++)
        if (x[i] > x[b])
            b = i;
    return (int32_t)b;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of v[0..n) (sorts v). */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#define BENCH_MAX_REPEAT 16

/* Read bandwidth (GB/s) with `threads` threads, measured in a child process so that its 512 MB
 * buffer counts in neither this process's peak RSS nor its address space; <= 0 on failure. */
static double read_bw_child(int threads)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1.0;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1.0;
    }
    if (pid == 0) {
        close(fd[0]);
        kr_pool *p = kr_pool_new(threads);
        bk_bw bw = {0, 0};
        double v = p && bk_measure_bw(p, 0.3, &bw) == 0 ? bw.read_gbs : -1.0;
        kr_pool_free(p);
        ssize_t wr = write(fd[1], &v, sizeof v);
        _exit(wr == (ssize_t)sizeof v ? 0 : 1);
    }
    close(fd[1]);
    double v = -1.0;
    if (read(fd[0], &v, sizeof v) != (ssize_t)sizeof v)
        v = -1.0;
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return v;
}

/* Passes of one KV cache type on a loaded model; the figures go to stdout as one table row.
 * ref_tok / n_ref: the greedy decode tokens of the first KV type's first pass (filled when n_ref is
 * 0), against which later types are compared. Returns 0 or -1. */
static int run_kv(const bench_opts *o, model *m, rt_backend *be, const char *backend, int threads, int head_int8,
                  rt_cpu_weights cpuw, model_kv_type kv, int n_prefill, int n_decode, double load_s, int32_t *ref_tok, int *n_ref)
{
    char err[512] = "";
    const model_hparams *hp = model_get_hparams(m);
    model_ctx *c = model_ctx_new(m, (uint32_t)(n_prefill + n_decode), kv, err, sizeof err);
    float *logits = malloc(sizeof(float) * hp->n_vocab);
    int32_t *prompt = malloc(sizeof(int32_t) * (size_t)n_prefill);
    int32_t *toks = malloc(sizeof(int32_t) * (size_t)(n_decode > 0 ? n_decode : 1));
    int rc = 0;
    if (!c || !logits || !prompt || !toks) {
        fprintf(stderr, "bench-model: %s\n", err[0] ? err : "out of memory");
        rc = -1;
        goto out;
    }
    /* A fixed pseudo-random prompt: the cost of a forward pass does not depend on the ids. */
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < n_prefill; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        prompt[i] = (int32_t)((s >> 33) % hp->n_vocab);
    }
    if (hp->add_bos)
        prompt[0] = hp->bos;
    /* One untimed token first, so page faults on the mapped file (the 656 MB head of 2B4T) are not
     * counted as prefill time. Skipped on sim: a token there costs seconds of simulation. */
    const int on_cpu = !(rt_backend_get_desc(be)->caps & RT_CAP_OFFLOADS);
    if (on_cpu) {
        if (model_forward(m, c, prompt, 1, logits, err, sizeof err) != 0) {
            fprintf(stderr, "bench-model: warm-up: %s\n", err);
            rc = -1;
            goto out;
        }
        model_ctx_reset(c);
    }
    const int reps = on_cpu ? o->repeat : 1;
    double pre_tps[BENCH_MAX_REPEAT], dec_tps[BENCH_MAX_REPEAT], mm_ms[BENCH_MAX_REPEAT], head_ms[BENCH_MAX_REPEAT],
        attn_ms[BENCH_MAX_REPEAT], other_ms[BENCH_MAX_REPEAT], bw_gbs[BENCH_MAX_REPEAT];
    run_report rep;
    run_figures fg;
    for (int r = 0; rc == 0 && r < reps; r++) {
        /* The read bandwidth this machine gives right now (other VMs share it), so each decode rate
         * can be read against the bound it implies. */
        bw_gbs[r] = on_cpu ? read_bw_child(threads) : 0.0;
        if (on_cpu && bw_gbs[r] <= 0.0) {
            fprintf(stderr, "bench-model: the bandwidth measurement failed\n");
            rc = -1;
            break;
        }
        model_ctx_reset(c);
        memset(&rep, 0, sizeof rep);
        snprintf(rep.backend, sizeof rep.backend, "%s", backend);
        rt_backend_describe(be, rep.hw_desc, sizeof rep.hw_desc);
        rt_backend_hwinfo(be, &rep.hw);
        rep.offloads = !on_cpu;
        rep.tern_bytes = model_tern_bytes(m);
        model_timing t0 = *model_ctx_timing(c), t1;
        rt_stats s0 = *rt_backend_stats(be), s1;
        double w0 = now_s();
        rc = model_forward(m, c, prompt, (size_t)n_prefill, logits, err, sizeof err);
        double w1 = now_s();
        t1 = *model_ctx_timing(c);
        s1 = *rt_backend_stats(be);
        run_phase_diff(&rep.prefill, &t0, &t1, &s0, &s1);
        rep.prefill.wall_seconds = w1 - w0;
        for (int i = 0; rc == 0 && i < n_decode; i++) {
            int32_t tok = argmax(logits, hp->n_vocab);
            if (r == 0)
                toks[i] = tok;
            rc = model_forward(m, c, &tok, 1, logits, err, sizeof err);
        }
        double w2 = now_s();
        t0 = t1;
        s0 = s1;
        t1 = *model_ctx_timing(c);
        s1 = *rt_backend_stats(be);
        run_phase_diff(&rep.decode, &t0, &t1, &s0, &s1);
        rep.decode.wall_seconds = w2 - w1;
        if (rc != 0)
            break;
        run_report_compute(&rep, &fg);
        pre_tps[r] = fg.prefill_tps;
        dec_tps[r] = fg.decode_tps;
        /* Where a decode step's time goes: ternary matmuls, the output head, everything else. */
        const double nd = n_decode > 0 ? n_decode : 1;
        mm_ms[r] = (t1.matmul_seconds - t0.matmul_seconds) / nd * 1e3;
        head_ms[r] = (t1.head_seconds - t0.head_seconds) / nd * 1e3;
        attn_ms[r] = (t1.attn_seconds - t0.attn_seconds) / nd * 1e3;
        other_ms[r] = rep.decode.wall_seconds / nd * 1e3 - mm_ms[r] - head_ms[r] - attn_ms[r];
    }
    /* The first KV type's greedy tokens are the yardstick of the others: how many leading decode
     * tokens come out the same. */
    char agree[32] = "ref";
    if (rc == 0 && on_cpu) {
        if (*n_ref == 0) {
            memcpy(ref_tok, toks, sizeof(int32_t) * (size_t)n_decode);
            *n_ref = n_decode;
        } else {
            int same = 0;
            while (same < n_decode && same < *n_ref && toks[same] == ref_tok[same])
                same++;
            snprintf(agree, sizeof agree, "%d/%d", same, n_decode);
        }
    }
    if (rc != 0) {
        fprintf(stderr, "bench-model: %s: %s\n", backend, err);
    } else {
        if (!rep.offloads) {
            double best_p = 0, best_d = 0;
            for (int r = 0; r < reps; r++) {
                best_p = pre_tps[r] > best_p ? pre_tps[r] : best_p;
                best_d = dec_tps[r] > best_d ? dec_tps[r] : best_d;
            }
            /* Bytes a decode step must read: ternary weights, the head, and the KV cache at the mean
             * decode position. */
            const double kv_pos = hp->n_layer * 2.0 * hp->n_head_kv * hp->head_dim * (double)model_kv_elem_bytes(kv);
            /* base-3 holds 5 weights a byte (exactly, for 2B4T's shapes: K a multiple of 20, M of 16) */
            const double tern = cpuw == RT_CPU_WEIGHTS_BASE3 ? (double)model_tern_params(m) / 5.0
                                                             : (double)model_tern_bytes(m);
            const double step_bytes = tern + (double)model_head_bytes(m) + kv_pos * (n_prefill + 0.5 * n_decode);
            const double bw_med = median(bw_gbs, reps), bound = bw_med * 1e9 / step_bytes;
            const double dmed = median(dec_tps, reps);
            printf("| cpu | %s%s | %s | %s (%s) | %d | %d | %.1f / %.1f | %d | %.1f / %.1f | %.1f + %.1f + %.1f + %.1f | %.0f "
                   "| %.1f | %.1f (%.0f%%) | %.0f | %.1f |\n",
                   model_head_type(m), head_int8 ? " + int8 copy" : "", rep.hw.cpu_kernel, model_kv_name(kv), agree,
                   threads, n_prefill,
                   median(pre_tps, reps),
                   best_p, n_decode, dmed, best_d, median(mm_ms, reps), median(head_ms, reps),
                   median(attn_ms, reps), median(other_ms, reps), step_bytes / 1e6, bw_med, bound,
                   100.0 * dmed / bound, peak_rss_mib(), load_s);
        } else
            printf("| %s %s, %ux%u, %u-bit bus @ %.0f MHz | %d | %d+%d | %.0f | %.2f | %.2f | %.2f | %.3f "
                   "| %.1f%% | %.1f%% |\n",
                   rep.hw.backend, rep.hw.config, rep.hw.rows, rep.hw.cols, rep.hw.data_w, rep.hw.freq_mhz, threads, n_prefill,
                   n_decode, fg.cycles_per_token,
                   fg.modeled_decode_tps, fg.accel_only_decode_tps, fg.modeled_prefill_tps, fg.ceiling_tps,
                   fg.dev.utilization * 100.0, fg.offload_share * 100.0);
        fflush(stdout);
    }
out:
    free(prompt);
    free(logits);
    free(toks);
    model_ctx_free(c);
    return rc ? -1 : 0;
}

/* One loaded model (backend, threads, head); one table row per KV cache type. Returns the exit status. */
static int run_one(const bench_opts *o, const char *backend, int threads, int head_int8, rt_cpu_weights cpuw,
                   int n_prefill, int n_decode)
{
    char err[512] = "";
    double tl0 = now_s();
    gguf_file *f = gguf_open(o->model, err, sizeof err);
    if (!f) {
        fprintf(stderr, "bench-model: %s: %s\n", o->model, err);
        return 1;
    }
    rt_backend_opts bo = {0};
    bo.threads = threads;
    bo.freq_mhz = o->freq;
    bo.cpu_weights = cpuw;
    rt_backend_desc d;
    if (rt_backend_desc_find(backend, &d) == 0 && (d.caps & RT_CAP_CONFIGS))
        bo.config = o->config;
    /* One pool shared by the model and the cpu backend, as tritium run does. */
    kr_pool *pool = kr_pool_new(threads);
    bo.pool = pool;
    rt_backend *be = pool ? rt_backend_open(backend, &bo, err, sizeof err) : NULL;
    model *m = NULL;
    const model_opts mo = {.head_int8 = head_int8};
    if (!be || !pool || model_load(f, be, pool, &mo, &m, err, sizeof err) != 0) {
        fprintf(stderr, "bench-model: %s backend: %s\n", backend, err[0] ? err : "cannot start threads");
        kr_pool_free(pool);
        rt_backend_close(be);
        gguf_close(f);
        return 1;
    }
    double load_s = now_s() - tl0;
    int32_t *ref_tok = malloc(sizeof(int32_t) * (size_t)(n_decode > 0 ? n_decode : 1));
    int n_ref = 0, rc = ref_tok ? 0 : -1;
    /* the sim rows model the device: one KV type is enough there */
    const int nkv = (rt_backend_get_desc(be)->caps & RT_CAP_OFFLOADS) ? 1 : o->nkvs;
    for (int k = 0; rc == 0 && k < nkv; k++)
        rc = run_kv(o, m, be, backend, threads, head_int8, cpuw, o->kvs[k], n_prefill, n_decode, load_s, ref_tok,
                    &n_ref);
    free(ref_tok);
    model_free(m);
    kr_pool_free(pool);
    rt_backend_close(be);
    gguf_close(f);
    return rc ? 1 : 0;
}

static int in_child(const bench_opts *o, const char *backend, int threads, int head_int8, rt_cpu_weights cpuw, int np,
                    int nd)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench-model: fork");
        return 1;
    }
    if (pid == 0)
        _exit(run_one(o, backend, threads, head_int8, cpuw, np, nd));
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench-model -m MODEL.gguf [--prefill N] [--decode N] [--threads 1,2] "
                    "[--heads file,int8] [--kv f32,f16] [--cpu-weights 2bit,base3,auto] [--repeat R] [--sim-prefill N] [--sim-decode N (0 = skip sim)] [--tlm 0|1] [--config NAME] "
                    "[--freq MHZ]\n");
    return 2;
}

static int num(const char *s, int lo, int hi, int *out)
{
    char *e;
    long v = strtol(s, &e, 10);
    if (e == s || *e || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    bench_opts o = {0};
    o.prefill = 128;
    o.decode = 32;
    o.repeat = 3;
    o.sim_prefill = 4;
    o.sim_decode = 2;
    o.tlm = 1;
    o.threads[0] = 1;
    o.threads[1] = 2;
    o.nthreads = 2;
    o.heads[0] = 0;
    o.heads[1] = 1;
    o.nheads = 2;
    o.kvs[0] = MODEL_KV_F32;
    o.nkvs = 1;
    o.cpuw[0] = RT_CPU_WEIGHTS_2BIT;
    o.cpuw[1] = RT_CPU_WEIGHTS_BASE3;
    o.ncpuw = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int ok = v != NULL;
        if (!strcmp(a, "-m") && ok) o.model = v;
        else if (!strcmp(a, "--prefill") && ok) ok = !num(v, 1, 4096, &o.prefill);
        else if (!strcmp(a, "--decode") && ok) ok = !num(v, 0, 4096, &o.decode);
        else if (!strcmp(a, "--repeat") && ok) ok = !num(v, 1, BENCH_MAX_REPEAT, &o.repeat);
        else if (!strcmp(a, "--sim-prefill") && ok) ok = !num(v, 1, 4096, &o.sim_prefill);
        else if (!strcmp(a, "--sim-decode") && ok) ok = !num(v, 0, 4096, &o.sim_decode);
        else if (!strcmp(a, "--tlm") && ok) ok = !num(v, 0, 1, &o.tlm);
        else if (!strcmp(a, "--config") && ok) o.config = v;
        else if (!strcmp(a, "--freq") && ok) { o.freq = atof(v); ok = o.freq > 0; }
        else if (!strcmp(a, "--threads") && ok) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", v);
            o.nthreads = 0;
            for (char *t = strtok(buf, ","); t && ok; t = strtok(NULL, ",")) {
                ok = o.nthreads < 8 && !num(t, 1, 256, &o.threads[o.nthreads]);
                o.nthreads++;
            }
        } else if (!strcmp(a, "--heads") && ok) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", v);
            o.nheads = 0;
            for (char *t = strtok(buf, ","); t && ok; t = strtok(NULL, ",")) {
                ok = o.nheads < 2 && (!strcmp(t, "file") || !strcmp(t, "int8"));
                if (ok)
                    o.heads[o.nheads++] = !strcmp(t, "int8");
            }
        } else if (!strcmp(a, "--cpu-weights") && ok) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", v);
            o.ncpuw = 0;
            for (char *t = strtok(buf, ","); t && ok; t = strtok(NULL, ","))
                ok = o.ncpuw < 3 && !rt_cpu_weights_parse(t, &o.cpuw[o.ncpuw++]);
        } else if (!strcmp(a, "--kv") && ok) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", v);
            o.nkvs = 0;
            for (char *t = strtok(buf, ","); t && ok; t = strtok(NULL, ","))
                ok = o.nkvs < 2 && !model_kv_parse(t, &o.kvs[o.nkvs++]);
        } else ok = 0;
        if (!ok) {
            fprintf(stderr, "bench-model: bad argument '%s'%s%s\n", a, v ? " " : "", v ? v : "");
            return usage();
        }
        i++;
    }
    if (!o.model)
        return usage();
    if (access(o.model, R_OK) != 0) {
        fprintf(stderr, "bench-model: cannot read %s: %s\n", o.model, strerror(errno));
        return 1;
    }
    int rc = 0;
    printf("model %s\n\ncpu: each configuration loads once and runs %d passes of prefill + decode; tok/s as median / best "
           "of the passes; before each pass the machine's read bandwidth is measured with the same threads (median shown) and the decode bound is that bandwidth over the bytes a decode step reads; a decode step's ms split as ternary matmuls + output head + attention + other CPU work (medians)\n\n"
           "| backend | head | weights (kernel, layout) | KV cache (leading decode tokens equal to the first KV row's) | threads | prefill tokens | prefill tok/s | decode tokens | decode tok/s "
           "| decode ms/token: matmul + head + attn + other | MB read per decode token | read GB/s (same run) "
           "| decode bound tok/s (decode / bound) | peak RSS MiB | load s |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
           o.model, o.repeat);
    /* The layouts of one head and thread count one after the other, so they are compared a minute
     * apart at most on this shared machine. */
    for (int h = 0; h < o.nheads; h++)
        for (int i = 0; i < o.nthreads; i++)
            for (int l = 0; l < o.ncpuw; l++)
                rc |= in_child(&o, "cpu", o.threads[i], o.heads[h], o.cpuw[l], o.prefill, o.decode);
    if (o.sim_decode > 0 || o.tlm) {
        printf("\nmodeled accelerator (a short run on the cycle-accurate sim: prefill %d + decode %d tokens; the "
               "whole run on the tlm model, whose cycles are the RTL's; modeled time = device cycles / clock + "
               "CPU-side work measured on this host at 1 thread)\n\n"
               "| hardware | threads | tokens | cycles/token | modeled decode tok/s | device-only tok/s "
               "| modeled prefill tok/s | bandwidth ceiling tok/s | array util | offload share |\n"
               "|---|---|---|---|---|---|---|---|---|---|\n", o.sim_prefill, o.sim_decode);
        if (o.sim_decode > 0)
            rc |= in_child(&o, "sim", 1, 0, RT_CPU_WEIGHTS_AUTO, o.sim_prefill, o.sim_decode);
        if (o.tlm)
            rc |= in_child(&o, "tlm", 1, 0, RT_CPU_WEIGHTS_AUTO, o.prefill, o.decode);
    }
    return rc;
}
