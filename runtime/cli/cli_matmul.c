/* tritium matmul: one random ternary matmul on a backend, with the device figures and the CPU beside them. */
#include "driver/tdrv_layout.h"
#include "runtime/cli/cli.h"
#include "runtime/backend/rt_backend.h"
#include "runtime/report/json_writer.h"
#include "runtime/report/report_device.h"
#include "runtime/backend/rt_tiler.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    size_t m, k, n;
    const char *backend, *config, *weights;
    int verify, json, threads;
    rt_cpu_weights cpu_weights;
    double freq;
    uint64_t seed, timeout;
} mm_args;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tritium matmul --m M --k K --n N [options]\n"
            "Runs y[n][m] = sum_k W[m][k] * x[n][k] once with random ternary W and int8 x, and reports\n"
            "the device cycles, ideal cycles, utilization, DMA traffic and stalls, the modeled time at\n"
            "the chosen clock, and the time of the fastest CPU kernel on the same shape.\n\n"
            "  --m M             output features (rows of W), >= 1\n"
            "  --k K             input features (columns of W), 1..%u\n"
            "  --n N             activation rows (1 = decode GEMV, more = prefill), >= 1\n"
            "  --backend NAME    where it runs (default: the first device backend; see tritium info)\n"
            "  --verify          compare the result with kernels_ref bit for bit (exit 1 if it differs)\n"
            "  --freq MHZ        modeled accelerator clock (default %.0f)\n"
            "  --json            print the report as one JSON object\n"
            "  --seed S          random data seed (default 1)\n"
            "  --config NAME     hardware configuration of the device (default: its first; see tritium info)\n"
            "  --hw LIST         a configuration by parameters, e.g. rows=32,cols=32,bus=512 (or a .toml file)\n"
            "  --weights FMT     device weight stream: 2bit or base3 (default: base3 where the device decodes it)\n"
            "  --threads T       CPU threads for the cpu backend and the CPU timing (default 0 = all cores)\n"
            "  --cpu-weights L   the cpu backend's weight layout: 2bit, base3 or auto (default)\n"
            "  --timeout CYCLES  per-command device timeout (default: derived from the shape)\n"
            "  --help            this text\n",
            (unsigned)(1u << 23), RT_DEFAULT_FREQ_MHZ);
}

static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = s ? strtoull(s, &end, 10) : 0;
    if (!s || !*s || *end || errno || s[0] == '-' || v < lo || v > hi) {
        fprintf(stderr, "tritium matmul: %s needs an integer in [%" PRIu64 ", %" PRIu64 "], got '%s'\n", opt, lo, hi,
                s ? s : "(nothing)");
        return -1;
    }
    *out = v;
    return 0;
}

/* Returns 0, 1 (--help printed) or 2 (bad arguments, usage printed). */
static int parse(int argc, char **argv, mm_args *a)
{
    memset(a, 0, sizeof *a);
    rt_backend_desc dflt;
    a->backend = cli_backend_default(RT_CAP_OFFLOADS, &dflt) == 0 ? dflt.name : NULL;
    a->seed = 1;
    a->freq = RT_DEFAULT_FREQ_MHZ;
    uint64_t v;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(o, "--verify")) {
            a->verify = 1;
        } else if (!strcmp(o, "--json")) {
            a->json = 1;
        } else if (!strcmp(o, "--m") || !strcmp(o, "--k") || !strcmp(o, "--n")) {
            uint64_t hi = o[2] == 'k' ? (1u << 23) : RT_TILER_MAX_DIM;
            bad = parse_u64(o, val, 1, hi, &v);
            *(o[2] == 'm' ? &a->m : o[2] == 'k' ? &a->k : &a->n) = (size_t)v;
            i++;
        } else if (!strcmp(o, "--seed")) {
            bad = parse_u64(o, val, 0, UINT64_MAX, &a->seed);
            i++;
        } else if (!strcmp(o, "--threads")) {
            bad = parse_u64(o, val, 0, 256, &v);
            a->threads = (int)v;
            i++;
        } else if (!strcmp(o, "--cpu-weights")) {
            if (rt_cpu_weights_parse(val, &a->cpu_weights)) {
                fprintf(stderr, "tritium matmul: --cpu-weights needs 2bit, base3 or auto, got '%s'\n",
                        val ? val : "(nothing)");
                bad = 1;
            }
            i++;
        } else if (!strcmp(o, "--timeout")) {
            bad = parse_u64(o, val, 1, UINT64_MAX, &a->timeout);
            i++;
        } else if (!strcmp(o, "--freq")) {
            char *end;
            a->freq = val ? strtod(val, &end) : 0;
            if (!val || *end || !(a->freq > 0 && a->freq < 1e6)) {
                fprintf(stderr, "tritium matmul: --freq needs a clock in MHz (0 < f < 1e6), got '%s'\n",
                        val ? val : "(nothing)");
                bad = 1;
            }
            i++;
        } else if (!strcmp(o, "--weights")) {
            if (tdrv_wfmt_parse(val, &(tdrv_wfmt){0})) {
                fprintf(stderr, "tritium matmul: --weights needs 2bit or base3, got '%s'\n", val ? val : "(nothing)");
                bad = 1;
            }
            a->weights = val;
            i++;
        } else if (!strcmp(o, "--backend") || !strcmp(o, "--config") || !strcmp(o, "--hw")) {
            if (!val) {
                fprintf(stderr, "tritium matmul: %s needs a name\n", o);
                bad = 1;
            }
            *(o[2] == 'b' ? &a->backend : &a->config) = val;
            i++;
        } else {
            fprintf(stderr, "tritium matmul: unknown option '%s'\n", o);
            bad = 1;
        }
        if (bad) {
            usage(stderr);
            return 2;
        }
    }
    rt_backend_desc d;
    if (cli_backend_lookup("tritium matmul", a->backend, &d) || cli_config_check("tritium matmul", &d, a->config)) {
        usage(stderr);
        return 2;
    }
    if (!a->m || !a->k || !a->n) {
        fprintf(stderr, "tritium matmul: --m, --k and --n are required\n");
        usage(stderr);
        return 2;
    }
    return 0;
}

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Fastest of a few runs of the cpu backend (its best kernel), at least 3 runs or 0.3 s. */
static int time_cpu(const mm_args *a, const kr_tern *w, const int8_t *q, int32_t *y, double *best, rt_hwinfo *cpu_hw)
{
    char err[512];
    rt_backend_opts o = {.threads = a->threads, .cpu_weights = a->cpu_weights, .log = {cli_log_stderr, NULL}};
    /* The host's kernels: the registry's first backend with CPU threads and no device. */
    rt_backend_desc cpu;
    rt_backend *b = NULL;
    for (unsigned i = 0; !b && rt_backend_desc_at(i, &cpu) == 0; i++)
        if ((cpu.caps & RT_CAP_THREADS) && !(cpu.caps & RT_CAP_OFFLOADS))
            b = rt_backend_open(cpu.name, &o, err, sizeof err);
    if (!b)
        snprintf(err, sizeof err, "no CPU backend in this program");
    rt_weights *rw = NULL;
    if (!b || rt_backend_prepare(b, w, &rw, err, sizeof err)) {
        fprintf(stderr, "tritium matmul: CPU timing: %s\n", err);
        rt_backend_close(b);
        return -1;
    }
    rt_backend_hwinfo(b, cpu_hw);
    *best = 1e30;
    double t_all = now_s();
    for (int r = 0; r < 50 && (r < 3 || now_s() - t_all < 0.3); r++) {
        double t0 = now_s();
        if (rt_backend_matmul(b, rw, q, a->n, a->k, y, a->m, err, sizeof err)) {
            fprintf(stderr, "tritium matmul: CPU timing: %s\n", err);
            break;
        }
        double t = now_s() - t0;
        *best = t < *best ? t : *best;
    }
    rt_backend_release(b, rw);
    rt_backend_close(b);
    return *best < 1e30 ? 0 : -1;
}

static void print_text(const mm_args *a, const char *desc, const rt_stats *s, const rt_hwinfo *hw,
                       const rt_hwinfo *cpu_hw, double cpu_s, int verified)
{
    rt_derived d = rt_report_derive(s, hw);
    printf("tritium matmul  M=%zu K=%zu N=%zu  backend %s  seed %" PRIu64 "\n", a->m, a->k, a->n, hw->backend,
           a->seed);
    printf("  hardware      %s\n", desc);
    printf("  verify        %s\n", !a->verify ? "off (use --verify)"
                                   : verified  ? "passed: bit-exact with kernels_ref"
                                               : "FAILED (see messages above; CPU result used)");
    if (s->offloaded) {
        rt_tile_limits l = {hw->rows, hw->cols, hw->data_w / 8, hw->act_bytes, hw->acc_words, 0, 0};
        uint64_t comp = 0;
        for (size_t i = 0, nch = rt_tiler_k_chunks(&l, a->k); i < nch; i++) {
            size_t k0, kc;
            rt_tiler_k_chunk(&l, a->k, i, &k0, &kc);
            comp += rt_tiler_compute_cycles(&l, a->m, kc, a->n);
        }
        printf("  cycles        %" PRIu64 "  (ideal %" PRIu64 ": compute-bound %" PRIu64 ", weight-bus-bound %" PRIu64
               ")  efficiency %.1f%%\n",
               s->cycles, s->ideal_cycles, comp, rt_tiler_bus_cycles(&l, s->weight_bytes), 100 * d.efficiency);
        printf("  array         %ux%u PEs, utilization %.1f%% (%.1f of %u MACs per cycle), compute cycles %" PRIu64
               "\n",
               hw->rows, hw->cols, 100 * d.utilization, d.macs_per_cycle, hw->rows * hw->cols, s->compute_cycles);
        printf("  bus           %u bit, DMA read %" PRIu64 " B (weights %" PRIu64 " B), write %" PRIu64
               " B; read channel %.1f%% busy, write channel %.1f%%\n",
               hw->data_w, s->dma_read_bytes, s->weight_bytes, s->dma_write_bytes, 100 * d.bus_utilization,
               100 * d.write_utilization);
        printf("  stalls        weight %" PRIu64 ", activation %" PRIu64 ", output %" PRIu64 " cycles\n", s->stall_weight,
               s->stall_act, s->stall_out);
        printf("  modeled time  %.6f s at %.0f MHz  (%.2f G ternary MAC/s)\n", s->modeled_seconds, hw->freq_mhz,
               s->modeled_seconds > 0 ? (double)s->macs / s->modeled_seconds * 1e-9 : 0.0);
        printf("  simulation    %.3f s wall, %.0f cycles/s\n", s->host_seconds,
               s->host_seconds > 0 ? (double)s->cycles / s->host_seconds : 0.0);
    } else {
        printf("  host time     %.6f s\n", s->host_seconds);
    }
    if (cpu_s > 0) {
        printf("  cpu           %.6f s  fastest CPU kernel (%s, %d thread%s), %.2f G ternary MAC/s\n", cpu_s,
               cpu_hw->cpu_kernel, cpu_hw->threads, cpu_hw->threads == 1 ? "" : "s", (double)s->macs / cpu_s * 1e-9);
        if (s->offloaded && s->modeled_seconds > 0)
            printf("  accel vs cpu  %.3fx  (cpu time / modeled accelerator time; > 1 = accelerator faster)\n",
                   cpu_s / s->modeled_seconds);
    }
    if (s->mismatches || s->device_errors || s->fallbacks)
        printf("  events        mismatches %" PRIu64 ", device errors %" PRIu64 ", CPU fallbacks %" PRIu64
               ", hard resets %" PRIu64 "\n",
               s->mismatches, s->device_errors, s->fallbacks, s->hard_resets);
}

static void json_str(jw_writer *w, const char *key, const char *v)
{
    jw_key(w, key);
    jw_string(w, v);
}

static void json_uint(jw_writer *w, const char *key, uint64_t v)
{
    jw_key(w, key);
    jw_uint(w, v);
}

/* Fixed decimals for ratios and the clock, 9 significant digits for seconds: the forms this output has
 * always had. */
static void json_fixed(jw_writer *w, const char *key, double v, int decimals)
{
    jw_key(w, key);
    jw_fixed(w, v, decimals);
}

static void json_double(jw_writer *w, const char *key, double v, int digits)
{
    jw_key(w, key);
    jw_double(w, v, digits);
}

static void json_bool(jw_writer *w, const char *key, int v)
{
    jw_key(w, key);
    jw_bool(w, v);
}

static int print_json(const mm_args *a, const rt_stats *s, const rt_hwinfo *hw, const rt_hwinfo *cpu_hw, double cpu_s,
                      int verified)
{
    rt_derived d = rt_report_derive(s, hw);
    jw_writer w;
    jw_init(&w, stdout);
    jw_begin_object(&w);
    json_str(&w, "backend", hw->backend);
    json_uint(&w, "m", a->m);
    json_uint(&w, "k", a->k);
    json_uint(&w, "n", a->n);
    json_uint(&w, "seed", a->seed);
    json_str(&w, "config", hw->config);
    json_str(&w, "weights", hw->weights);
    json_uint(&w, "array_rows", hw->rows);
    json_uint(&w, "array_cols", hw->cols);
    json_uint(&w, "bus_bits", hw->data_w);
    json_uint(&w, "act_bytes", hw->act_bytes);
    json_uint(&w, "wgt_bytes", hw->wgt_bytes);
    json_uint(&w, "acc_words", hw->acc_words);
    json_uint(&w, "max_n", hw->max_n);
    json_fixed(&w, "freq_mhz", hw->freq_mhz, 3);
    json_bool(&w, "offloaded", s->offloaded != 0);
    json_uint(&w, "cycles", s->cycles);
    json_uint(&w, "ideal_cycles", s->ideal_cycles);
    json_uint(&w, "compute_cycles", s->compute_cycles);
    json_fixed(&w, "utilization", d.utilization, 6);
    json_fixed(&w, "efficiency", d.efficiency, 6);
    json_fixed(&w, "bus_utilization", d.bus_utilization, 6);
    json_fixed(&w, "write_bus_utilization", d.write_utilization, 6);
    json_uint(&w, "weight_bytes", s->weight_bytes);
    json_uint(&w, "dma_read_bytes", s->dma_read_bytes);
    json_uint(&w, "dma_write_bytes", s->dma_write_bytes);
    json_uint(&w, "stall_weight", s->stall_weight);
    json_uint(&w, "stall_act", s->stall_act);
    json_uint(&w, "stall_out", s->stall_out);
    json_uint(&w, "ternary_ops", s->ternary_ops);
    json_double(&w, "modeled_seconds", s->modeled_seconds, 9);
    json_double(&w, "host_seconds", s->host_seconds, 9);
    json_double(&w, "cpu_seconds", cpu_s, 9);
    json_str(&w, "cpu_kernel", cpu_hw->cpu_kernel);
    jw_key(&w, "cpu_threads");
    jw_int(&w, cpu_hw->threads);
    json_double(&w, "cpu_over_modeled", s->modeled_seconds > 0 && cpu_s > 0 ? cpu_s / s->modeled_seconds : 0.0, 6);
    json_bool(&w, "verify", a->verify);
    json_bool(&w, "verified", verified);
    json_uint(&w, "mismatches", s->mismatches);
    json_uint(&w, "device_errors", s->device_errors);
    json_uint(&w, "fallbacks", s->fallbacks);
    json_uint(&w, "hard_resets", s->hard_resets);
    jw_end_object(&w);
    char err[sizeof w.err];
    if (jw_finish(&w, err, sizeof err) != 0) {
        fprintf(stderr, "tritium matmul: --json: %s\n", err);
        return -1;
    }
    putchar('\n');
    return 0;
}

int cli_matmul_args(int argc, char **argv)
{
    mm_args o;
    return parse(argc, argv, &o);
}

int cli_matmul(int argc, char **argv)
{
    mm_args a;
    int pr = parse(argc, argv, &a);
    if (pr)
        return pr == 1 ? 0 : 2;
    if (a.n > SIZE_MAX / a.k || a.n > SIZE_MAX / a.m / 4 || a.m > SIZE_MAX / a.k) {
        fprintf(stderr, "tritium matmul: M=%zu K=%zu N=%zu is too large for this machine's memory sizes\n", a.m, a.k,
                a.n);
        return 2;
    }
    char err[768];
    kr_tern w;
    int8_t *q = malloc(a.n * a.k);
    int32_t *y = malloc(a.n * a.m * sizeof *y), *ycpu = malloc(a.n * a.m * sizeof *y);
    if (!q || !y || !ycpu || kr_tern_alloc(&w, a.m, a.k)) {
        fprintf(stderr, "tritium matmul: out of memory for M=%zu K=%zu N=%zu\n", a.m, a.k, a.n);
        free(q), free(y), free(ycpu);
        return 1;
    }
    uint64_t s = a.seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL;
    for (size_t r = 0; r < a.m; r++)
        for (size_t c = 0; c < a.k; c++)
            kr_tern_set(&w, r, c, (int)(rnd(&s) % 3u) - 1);
    for (size_t i = 0; i < a.n * a.k; i++)
        q[i] = (int8_t)(rnd(&s) >> 56);

    int rc = 1;
    rt_backend_opts o = {.verify = a.verify, .freq_mhz = a.freq, .threads = a.threads, .config = a.config,
                         .weights = a.weights, .timeout_cycles = a.timeout, .log = {cli_log_stderr, NULL},
                         .cpu_weights = a.cpu_weights};
    rt_backend *b = rt_backend_open(a.backend, &o, err, sizeof err);
    rt_weights *rw = NULL;
    if (!b || rt_backend_prepare(b, &w, &rw, err, sizeof err) ||
        rt_backend_matmul(b, rw, q, a.n, a.k, y, a.m, err, sizeof err)) {
        fprintf(stderr, "tritium matmul: %s\n", err);
        goto out;
    }
    const rt_stats *st = rt_backend_stats(b);
    rt_hwinfo hw, cpu_hw;
    char desc[256];
    rt_backend_hwinfo(b, &hw);
    rt_backend_describe(b, desc, sizeof desc);
    double cpu_s = 0;
    memset(&cpu_hw, 0, sizeof cpu_hw);
    time_cpu(&a, &w, q, ycpu, &cpu_s, &cpu_hw);
    int verified = a.verify && !st->mismatches && !st->device_errors && !st->fallbacks;
    if (a.json) {
        if (print_json(&a, st, &hw, &cpu_hw, cpu_s, verified))
            goto out;
    } else {
        print_text(&a, desc, st, &hw, &cpu_hw, cpu_s, verified);
    }
    rc = a.verify && !verified ? 1 : 0;
out:
    rt_backend_release(b, rw);
    rt_backend_close(b);
    kr_tern_free(&w);
    free(q), free(y), free(ycpu);
    return rc;
}
