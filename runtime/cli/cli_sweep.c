/*
 * tritium sweep: design-space exploration over the real model's shapes (docs/sweep.md). Points run as
 * separate processes (-j N), each writing its own file in the run folder, so an interrupted sweep
 * resumes and a point that fails (illegal parameters, a device error, a crash) is recorded with its
 * reason while the others go on; the files are merged into points.csv and layers.csv at the end, and
 * plotted (sw_plot.h).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/cli/cli.h"
#include "runtime/sweep/sw_eval.h"
#include "runtime/sweep/sw_host.h"
#include "runtime/sweep/sw_out.h"
#include "runtime/sweep/sw_plot.h"
#include "runtime/sweep/sw_spec.h"
#include "runtime/sweep/sw_workload.h"
#include "tritium_regs.h"

#ifndef TRITIUM_BUILD_ID
#define TRITIUM_BUILD_ID "unknown"
#endif

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tritium sweep [SPEC.toml|SPEC.json] -o DIR [options]\n"
            "Models a workload (a GGUF model's ternary matmuls, or the 2b4t preset) on every point of a grid of\n"
            "hardware parameters and memory speeds; writes DIR/points.csv, DIR/layers.csv, DIR/sweep.json.\n\n"
            "  -o, --out DIR      run folder (created; a folder of an earlier run resumes it)\n"
            "  -j, --jobs N       points run at once, each its own process (default 1)\n"
            "  --set KEY=V1,V2    sweep KEY over these values (adds to or replaces the spec's), e.g.\n"
            "                     --set rows=8,16,32 --set bus=128,256 --set weights=2bit,base3\n"
            "  --backend NAME     tlm (default: the fast model, timing only) or sim (the RTL)\n"
            "  --confirm K        afterwards, run the K best points (decode tokens/s) on the RTL and print\n"
            "                     the model's error beside them (DIR/confirm.csv)\n"
            "  --slurm            submit the points as a Slurm job array (sbatch --array, one task per chunk of\n"
            "                     points, results in DIR) and a merge job that runs after it; returns at once\n"
            "  --chunk N          points per array task (default 8)\n"
            "  --partition P, --time T, --account A   passed to sbatch\n"
            "  --quiet            no progress bar\n"
            "  -h, --help         this text\n\n"
            "keys (a spec file's [table] key = value or [v1, v2, ...]):\n%s",
            sw_spec_keys());
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
    pid_t pid;
    size_t point;
} job;

static void progress(size_t done, size_t total, size_t failed, double t0, size_t todo_at_start, int quiet)
{
    if (quiet)
        return;
    const double el = now() - t0;
    const size_t ran = done - (total - todo_at_start);
    const double left = ran ? el / (double)ran * (double)(total - done) : 0;
    const int w = 30, fill = total ? (int)((double)w * (double)done / (double)total) : w;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu points, %zu failed, %.0f s elapsed, ~%.0f s left ", fill,
            "##############################", w - fill, "", done, total, failed, el, left);
    fflush(stderr);
}

/* A point that crashed or could not start: recorded as failed with the reason. */
static void record_failure(const char *dir, size_t i, const sw_ctx *c, const char *why)
{
    sw_result r;
    memset(&r, 0, sizeof r);
    snprintf(r.error, sizeof r.error, "%s", why);
    sw_point_params(c->spec, i, r.params, sizeof r.params);
    sw_out_point_file(dir, i, c->wl, c->spec->prefill, &r);
}

static int count_failed(const char *dir, size_t n)
{
    int failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += sw_out_point_failed(dir, i);
    return failed;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", *s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static void write_json(const char *dir, const sw_spec *s, const sw_workload *w, const char *backend, double gbs,
                       double gflops, const char *spec_path, size_t points, size_t failed, double secs)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/sweep.json", dir);
    FILE *f = fopen(p, "w");
    if (!f)
        return;
    /* the versions of what made the figures: this program's source, the hardware description, gnuplot */
    char gp[128] = "none";
    FILE *g = popen("gnuplot --version 2>/dev/null", "r");
    if (g) {
        if (!fgets(gp, sizeof gp, g))
            snprintf(gp, sizeof gp, "none");
        gp[strcspn(gp, "\n")] = 0;
        pclose(g);
    }
    fprintf(f, "{\n  \"tool\": \"tritium sweep\",\n  \"versions\": {\"tritium\": \"%s\", \"hardware\": \"%u.%u\", "
               "\"gnuplot\": ",
            TRITIUM_BUILD_ID, TRITIUM_VERSION_VALUE >> 16, TRITIUM_VERSION_VALUE & 0xFFFFu);
    json_str(f, gp);
    fprintf(f, "},\n  \"spec\": ");
    json_str(f, spec_path ? spec_path : "");
    fprintf(f, ",\n  \"backend\": ");
    json_str(f, backend);
    fprintf(f, ",\n  \"workload\": {\"model\": ");
    json_str(f, w->name);
    fprintf(f, ", \"layers\": %u, \"context\": %u, \"prefill\": %u, \"matmuls\": [", w->layers, s->context,
            s->prefill);
    for (size_t i = 0; i < w->nmm; i++)
        fprintf(f, "%s{\"name\": \"%s\", \"m\": %u, \"k\": %u, \"count\": %u}", i ? ", " : "", w->mm[i].name,
                w->mm[i].m, w->mm[i].k, w->mm[i].count);
    fprintf(f, "]},\n  \"host\": {\"name\": ");
    json_str(f, s->host_name);
    fprintf(f, ", \"bandwidth_gbs\": %.3f, \"gflops\": %.3f, \"measured\": %s},\n  \"axes\": {", gbs, gflops,
            s->host_gbs > 0 && s->host_gflops > 0 ? "false" : "true");
    for (size_t a = 0; a < s->naxes; a++) {
        fprintf(f, "%s\"%s\": [", a ? ", " : "", s->axis[a].key);
        for (size_t v = 0; v < s->axis[a].n; v++) {
            fprintf(f, "%s", v ? ", " : "");
            json_str(f, s->axis[a].val[v]);
        }
        fputc(']', f);
    }
    fprintf(f, "},\n  \"points\": %zu,\n  \"failed\": %zu,\n  \"seconds\": %.1f\n}\n", points, failed, secs);
    fclose(f);
}

/* The K points of best device decode tokens/s, again on the RTL. */
static int confirm(const char *dir, const sw_ctx *c, size_t k)
{
    size_t *order = calloc(k, sizeof *order);
    char path[4096];
    const size_t m = order ? sw_plot_rank(dir, "decode_tps_device", order, k) : 0;
    snprintf(path, sizeof path, "%s/confirm.csv", dir);
    FILE *out = fopen(path, "w");
    if (!out) {
        free(order);
        return 1;
    }
    fprintf(out, "point,params,model_decode_cycles,rtl_decode_cycles,decode_error_pct,model_prefill_cycles,"
                 "rtl_prefill_cycles,prefill_error_pct,rtl_seconds\n");
    printf("\nconfirm: the %zu best points on the RTL (sim backend)\n", k < m ? k : m);
    int rc = 0;
    for (size_t a = 0; a < k && a < m; a++) {
        const size_t i = order[a];
        sw_result fast, rtl;
        sw_ctx cs = *c;
        sw_eval(&cs, i, &fast);
        cs.backend = "sim";
        sw_eval(&cs, i, &rtl);
        if (!fast.ok || !rtl.ok) {
            printf("  point %zu: %s\n", i, fast.ok ? rtl.error : fast.error);
            rc = 1;
            continue;
        }
        const double ed = 100.0 * (fast.dec_cycles - rtl.dec_cycles) / rtl.dec_cycles;
        const double ep = rtl.pre_cycles ? 100.0 * (fast.pre_cycles - rtl.pre_cycles) / rtl.pre_cycles : 0;
        printf("  point %zu (%s): decode %.0f vs RTL %.0f cycles/token (%+.2f%%), prefill %.0f vs %.0f (%+.2f%%), "
               "RTL %.1f s\n",
               i, fast.params, fast.dec_cycles, rtl.dec_cycles, ed, fast.pre_cycles, rtl.pre_cycles, ep, rtl.seconds);
        fprintf(out, "%zu,\"%s\",%.0f,%.0f,%.4f,%.1f,%.1f,%.4f,%.1f\n", i, fast.params, fast.dec_cycles,
                rtl.dec_cycles, ed, fast.pre_cycles, rtl.pre_cycles, ep, rtl.seconds);
    }
    fclose(out);
    free(order);
    return rc;
}

/* A shell word: single-quoted, ' as '\''. */
static void shell_word(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++)
        if (*s == '\'')
            fputs("'\\''", f);
        else
            fputc(*s, f);
    fputc('\'', f);
}

/* Runs `sbatch --parsable ...script`; returns the job id (0 on failure, with sbatch's words on stderr). */
static unsigned long sbatch(const char *args)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "sbatch --parsable %s", args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return 0;
    char out[256] = "";
    if (!fgets(out, sizeof out, p))
        out[0] = 0;
    int st = pclose(p);
    return st == 0 ? strtoul(out, NULL, 10) : 0;
}

/* --slurm: the same command again, as array tasks over chunks of points and a merge job after them. */
static int submit(int argc, char **argv, const char *dir, size_t n, size_t chunk, const char *partition,
                  const char *stime, const char *account)
{
    char self[4096], adir[PATH_MAX], path[PATH_MAX + 64];
    ssize_t l = readlink("/proc/self/exe", self, sizeof self - 1);
    if (l <= 0 || !realpath(dir, adir)) {
        fprintf(stderr, "sweep: cannot resolve the program or %s\n", dir);
        return 1;
    }
    self[l] = 0;
    snprintf(path, sizeof path, "%s/slurm", adir);
    mkdir(path, 0755);
    const size_t tasks = (n + chunk - 1) / chunk;
    /* the command line of the tasks: this one with absolute paths, without the Slurm options */
    for (int job = 0; job < 2; job++) {
        snprintf(path, sizeof path, "%s/slurm/%s.sh", adir, job ? "merge" : "points");
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "sweep: cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
        fprintf(f, "#!/bin/sh\n# made by tritium sweep --slurm: %s\n#SBATCH --job-name=tritium-sweep%s\n",
                job ? "merges the points and plots, after the array" : "one chunk of points per array task",
                job ? "-merge" : "");
        fprintf(f, "#SBATCH --output=%s/slurm/%s-%%A_%%a.log\n", adir, job ? "merge" : "points");
        if (partition)
            fprintf(f, "#SBATCH --partition=%s\n", partition);
        if (stime)
            fprintf(f, "#SBATCH --time=%s\n", stime);
        if (account)
            fprintf(f, "#SBATCH --account=%s\n", account);
        fprintf(f, "cd ");
        shell_word(f, getcwd(path, sizeof path) ? path : "/");
        fprintf(f, " || exit 1\nexec ");
        shell_word(f, self);
        fputs(" sweep", f);
        for (int i = 1; i < argc; i++) {
            const char *a = argv[i];
            if (!strcmp(a, "--slurm") || !strcmp(a, "--quiet"))
                continue;
            if (!strcmp(a, "--partition") || !strcmp(a, "--time") || !strcmp(a, "--account") || !strcmp(a, "-o") ||
                !strcmp(a, "--out") || !strcmp(a, "--confirm")) {
                i++;
                continue;
            }
            fputc(' ', f);
            shell_word(f, a);
        }
        fputs(" -o ", f);
        shell_word(f, adir);
        if (job)
            fputs(" --merge-only --quiet\n", f);
        else
            fprintf(f, " --quiet --slurm-task \"$SLURM_ARRAY_TASK_ID\"\n");
        fclose(f);
    }
    char args[8192];
    snprintf(args, sizeof args, "--array=0-%zu '%s/slurm/points.sh'", tasks - 1, adir);
    const unsigned long array = sbatch(args);
    if (!array) {
        fprintf(stderr, "sweep: sbatch refused the array job (is Slurm running? sinfo tells)\n");
        return 1;
    }
    snprintf(args, sizeof args, "--dependency=afterany:%lu '%s/slurm/merge.sh'", array, adir);
    const unsigned long merge = sbatch(args);
    if (!merge) {
        fprintf(stderr, "sweep: sbatch refused the merge job (the array %lu is queued: scancel %lu)\n", array, array);
        return 1;
    }
    printf("sweep: %zu points in %zu array tasks of %zu: job %lu; merge and plots: job %lu (after it)\n"
           "sweep: squeue -j %lu,%lu shows them; the results land in %s\n",
           n, tasks, chunk, array, merge, array, merge, adir);
    return 0;
}

/* The command line: 0 parsed, 1 --help shown, 2 a usage error (printed). */
typedef struct {
    sw_spec spec;
    const char *dir, *spec_path, *backend;
    long jobs, confirm_k;
    int quiet, slurm, merge_only;
    long chunk, task;
    const char *partition, *stime, *account;
} sweep_args;

static int sweep_parse(int argc, char **argv, sweep_args *o)
{
    memset(o, 0, sizeof *o);
    sw_spec_init(&o->spec);
    o->backend = "tlm", o->jobs = 1, o->chunk = 8, o->task = -1;
    char err[768];
    const char *sets[64];
    size_t nsets = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const int has = i + 1 < argc;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 1;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--out")) && has) {
            o->dir = argv[++i];
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && has) {
            char *end;
            o->jobs = strtol(argv[++i], &end, 10);
            if (*end || o->jobs < 1 || o->jobs > 256) {
                fprintf(stderr, "sweep: -j wants 1..256, got '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--set") && has) {
            if (nsets == 64) {
                fprintf(stderr, "sweep: at most 64 --set\n");
                return 2;
            }
            sets[nsets++] = argv[++i];
        } else if (!strcmp(a, "--backend") && has) {
            o->backend = argv[++i];
        } else if (!strcmp(a, "--confirm") && has) {
            char *end;
            o->confirm_k = strtol(argv[++i], &end, 10);
            if (*end || o->confirm_k < 0 || o->confirm_k > 1000) {
                fprintf(stderr, "sweep: --confirm wants 0..1000, got '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--quiet")) {
            o->quiet = 1;
        } else if (!strcmp(a, "--slurm")) {
            o->slurm = 1;
        } else if (!strcmp(a, "--merge-only")) { /* the Slurm merge job */
            o->merge_only = 1;
        } else if ((!strcmp(a, "--chunk") || !strcmp(a, "--slurm-task")) && has) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < (a[2] == 'c' ? 1 : 0) || v > 1000000) {
                fprintf(stderr, "sweep: %s wants a count, got '%s'\n", a, argv[i]);
                return 2;
            }
            *(a[2] == 'c' ? &o->chunk : &o->task) = v;
        } else if (!strcmp(a, "--partition") && has) {
            o->partition = argv[++i];
        } else if (!strcmp(a, "--time") && has) {
            o->stime = argv[++i];
        } else if (!strcmp(a, "--account") && has) {
            o->account = argv[++i];
        } else if (a[0] != '-' && !o->spec_path) {
            o->spec_path = a;
        } else {
            fprintf(stderr, "sweep: unknown or incomplete option '%s' (tritium sweep --help)\n", a);
            return 2;
        }
    }
    if (!o->dir) {
        fprintf(stderr, "sweep: give the run folder with -o DIR (tritium sweep --help)\n");
        return 2;
    }
    if (o->spec_path && sw_spec_load(&o->spec, o->spec_path, err, sizeof err)) {
        fprintf(stderr, "sweep: %s\n", err);
        return 2;
    }
    for (size_t i = 0; i < nsets; i++)
        if (sw_spec_set(&o->spec, sets[i], err, sizeof err)) {
            fprintf(stderr, "sweep: %s\n", err);
            return 2;
        }
    return 0;
}

int cli_sweep_args(int argc, char **argv)
{
    sweep_args o;
    return sweep_parse(argc, argv, &o);
}

int cli_sweep(int argc, char **argv)
{
    sweep_args args;
    const int pr = sweep_parse(argc, argv, &args);
    if (pr)
        return pr == 1 ? 0 : 2;
    sw_spec spec = args.spec;
    const char *dir = args.dir, *backend = args.backend, *spec_path = args.spec_path;
    const long jobs = args.jobs, confirm_k = args.confirm_k, chunk = args.chunk, task = args.task;
    const int quiet = args.quiet, slurm = args.slurm, merge_only = args.merge_only;
    const char *partition = args.partition, *stime = args.stime, *account = args.account;
    char err[768];
    rt_backend_desc d;
    if (cli_backend_lookup("sweep", backend, &d))
        return 2;
    if (!(d.caps & RT_CAP_CYCLES)) {
        fprintf(stderr, "sweep: backend %s reports no device cycles (use tlm or sim)\n", backend);
        return 2;
    }
    sw_workload wl;
    if (sw_workload_load(spec.workload, &wl, err, sizeof err)) {
        fprintf(stderr, "sweep: workload: %s\n", err);
        return 2;
    }
    if (mkdir(dir, 0755) && errno != EEXIST) {
        fprintf(stderr, "sweep: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    /* The host figures the spec does not give are measured once per run folder and kept in
       DIR/host.txt: a resumed run, and every Slurm task, model the CPU work alike. */
    double gbs = spec.host_gbs, gflops = spec.host_gflops;
    if (!(gbs > 0) || !(gflops > 0)) {
        char hp[4096];
        snprintf(hp, sizeof hp, "%s/host.txt", dir);
        double mg = 0, mf = 0;
        FILE *hf = fopen(hp, "r");
        if (!hf || fscanf(hf, "%lf %lf", &mg, &mf) != 2 || !(mg > 0) || !(mf > 0)) {
            if (sw_host_measure(&mg, &mf)) {
                fprintf(stderr, "sweep: out of memory measuring the host\n");
                return 1;
            }
            FILE *wf = fopen(hp, "w");
            if (wf) {
                fprintf(wf, "%.6f %.6f\n# read GB/s and GFLOP/s measured on this machine, one thread\n", mg, mf);
                fclose(wf);
            }
        }
        if (hf)
            fclose(hf);
        if (!(gbs > 0))
            gbs = mg;
        if (!(gflops > 0))
            gflops = mf;
    }
    const size_t n = sw_spec_points(&spec);
    const sw_ctx ctx = {&spec, &wl, backend, gbs, gflops};
    /* A run folder belongs to one sweep: points are files by index, so resuming another spec would mix
       them. What fixes a point's meaning is kept in DIR/sweep.key and compared. */
    {
        char key[8192], path[4096];
        size_t kl = (size_t)snprintf(key, sizeof key, "backend=%s workload=%s context=%u prefill=%u host=%.6g/%.6g\n",
                                     backend, spec.workload, spec.context, spec.prefill, spec.host_gbs,
                                     spec.host_gflops);
        for (size_t a = 0; a < spec.naxes && kl < sizeof key; a++) {
            kl += (size_t)snprintf(key + kl, sizeof key - kl, "%s:", spec.axis[a].key);
            for (size_t v = 0; v < spec.axis[a].n && kl < sizeof key; v++)
                kl += (size_t)snprintf(key + kl, sizeof key - kl, "%s%s", v ? "," : "", spec.axis[a].val[v]);
            if (kl < sizeof key)
                kl += (size_t)snprintf(key + kl, sizeof key - kl, "\n");
        }
        snprintf(path, sizeof path, "%s/sweep.key", dir);
        FILE *kf = fopen(path, "r");
        if (kf) {
            char old[8192];
            size_t ol = fread(old, 1, sizeof old - 1, kf);
            old[ol] = 0;
            fclose(kf);
            if (strcmp(old, key)) {
                fprintf(stderr, "sweep: %s holds a sweep of another specification (%s); give another folder, or "
                                "remove this one to start again\n", dir, path);
                return 2;
            }
        } else if (!(kf = fopen(path, "w")) || fputs(key, kf) < 0 || fclose(kf)) {
            fprintf(stderr, "sweep: cannot write %s\n", path);
            return 1;
        }
    }
    if (slurm)
        return submit(argc, argv, dir, n, (size_t)chunk, partition, stime, account);
    size_t lo = 0, hi = n;
    if (task >= 0) { /* one Slurm array task: its chunk of the points, no merge */
        lo = (size_t)task * (size_t)chunk;
        hi = lo + (size_t)chunk < n ? lo + (size_t)chunk : n;
        if (lo >= n)
            return 0;
    }
    size_t todo = 0;
    for (size_t i = lo; i < hi && !merge_only; i++)
        todo += !sw_out_point_done(dir, i);
    if (!quiet)
        fprintf(stderr, "sweep: %zu points (%zu to run), workload %s, decode at context %u, prefill %u, backend %s, "
                        "host %.1f GB/s, %.1f GFLOP/s (%s)\n",
                n, todo, wl.name, spec.context, spec.prefill, backend, gbs, gflops,
                spec.host_gbs > 0 && spec.host_gflops > 0 ? spec.host_name : "measured here, 1 thread");
    fflush(stdout);
    const double t0 = now();
    job *run = calloc((size_t)jobs, sizeof *run);
    size_t next = merge_only ? hi : lo, running = 0, done = hi - lo - todo;
    int failed = count_failed(dir, n);
    if (!merge_only)
        progress(done, hi - lo, (size_t)failed, t0, todo, quiet);
    while (next < hi || running) {
        while (running < (size_t)jobs && next < hi) {
            const size_t i = next++;
            if (sw_out_point_done(dir, i))
                continue;
            pid_t pid = fork();
            if (pid == 0) {
                sw_result r;
                sw_eval(&ctx, i, &r);
                _exit(sw_out_point_file(dir, i, &wl, spec.prefill, &r) ? 3 : 0);
            }
            if (pid < 0) {
                record_failure(dir, i, &ctx, "could not start a process for the point");
                done++, failed++;
                continue;
            }
            for (long s = 0; s < jobs; s++)
                if (!run[s].pid) {
                    run[s].pid = pid, run[s].point = i;
                    break;
                }
            running++;
        }
        if (!running)
            break;
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (long s = 0; s < jobs; s++)
            if (run[s].pid == pid) {
                const size_t i = run[s].point;
                run[s].pid = 0;
                running--;
                done++;
                if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || !sw_out_point_done(dir, i)) {
                    char why[128];
                    if (WIFSIGNALED(st))
                        snprintf(why, sizeof why, "the point's process died of signal %d (%s)", WTERMSIG(st),
                                 strsignal(WTERMSIG(st)));
                    else
                        snprintf(why, sizeof why, "the point's process could not write its result (exit %d)",
                                 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
                    record_failure(dir, i, &ctx, why);
                }
                failed += sw_out_point_failed(dir, i);
                break;
            }
        progress(done, hi - lo, (size_t)failed, t0, todo, quiet);
    }
    free(run);
    if (!quiet && !merge_only)
        fputc('\n', stderr);
    if (task >= 0)
        return 0;
    size_t missing = 0;
    if (sw_out_merge(dir, n, &missing, err, sizeof err)) {
        fprintf(stderr, "sweep: %s\n", err);
        return 1;
    }
    failed = count_failed(dir, n);
    write_json(dir, &spec, &wl, backend, gbs, gflops, spec_path, n, (size_t)failed, now() - t0);
    printf("sweep: %zu points, %d failed, %zu missing; %s/points.csv, %s/layers.csv, %s/sweep.json (%.1f s)\n", n,
           failed, missing, dir, dir, dir, now() - t0);
    printf("\nbest points (decode tokens/s with the host's CPU work; device alone; prefill tokens/s device alone; "
           "array and bus utilization in decode; the bandwidth ceiling):\n");
    sw_plot_best(dir, stdout, 5);
    if (sw_plot(dir, err, sizeof err))
        fprintf(stderr, "sweep: no plots: %s\n", err);
    else
        printf("sweep: plots in %s/plots/ (PNG and SVG), all of it in %s/index.html\n", dir, dir);
    int rc = missing ? 1 : 0;
    if (confirm_k > 0)
        rc |= confirm(dir, &ctx, (size_t)confirm_k);
    return rc;
}
