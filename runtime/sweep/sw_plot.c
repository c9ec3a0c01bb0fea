/* Plots and index page of a run folder (sw_plot.h). */
#define _POSIX_C_SOURCE 200809L
#include "runtime/sweep/sw_plot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- a CSV table (quoted fields, no newlines inside) ---- */

typedef struct {
    char **cell; /* rows x cols, row 0 = header */
    size_t rows, cols;
} table;

static void table_free(table *t)
{
    for (size_t i = 0; i < t->rows * t->cols; i++)
        free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

static int table_read(const char *path, table *t)
{
    memset(t, 0, sizeof *t);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[16384];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        char *fields[128];
        size_t n = 0;
        int q = 0;
        char *out = line, *start = line;
        for (char *p = line;; p++) {
            if (*p == '"') {
                if (q && p[1] == '"') {
                    *out++ = '"';
                    p++;
                } else {
                    q = !q;
                }
                continue;
            }
            if ((*p == ',' && !q) || *p == '\n' || !*p) {
                const int end = *p != ',';
                *out = 0;
                if (n < 128)
                    fields[n++] = start;
                start = out = p + 1;
                if (end)
                    break;
                continue;
            }
            *out++ = *p;
        }
        if (!t->cols)
            t->cols = n;
        if (n != t->cols)
            continue;
        if ((t->rows + 1) * t->cols > cap) {
            cap = cap ? 2 * cap : 64 * t->cols;
            char **c = realloc(t->cell, cap * sizeof *c);
            if (!c) {
                fclose(f);
                return -1;
            }
            t->cell = c;
        }
        for (size_t i = 0; i < n; i++)
            t->cell[t->rows * t->cols + i] = strdup(fields[i]);
        t->rows++;
    }
    fclose(f);
    return t->rows ? 0 : -1;
}

static const char *cell(const table *t, size_t row, const char *col)
{
    for (size_t c = 0; c < t->cols; c++)
        if (!strcmp(t->cell[c], col))
            return t->cell[row * t->cols + c];
    return "";
}

static double num(const table *t, size_t row, const char *col) { return atof(cell(t, row, col)); }

/* The rows of the points that ran, highest `col` first. */
static size_t *best_first(const table *p, const char *col, size_t *m)
{
    size_t *o = calloc(p->rows ? p->rows : 1, sizeof *o);
    *m = 0;
    if (!o)
        return NULL;
    for (size_t r = 1; r < p->rows; r++)
        if (!strcmp(cell(p, r, "status"), "ok"))
            o[(*m)++] = r;
    for (size_t a = 0; a < *m; a++)
        for (size_t b = a + 1; b < *m; b++)
            if (num(p, o[b], col) > num(p, o[a], col)) {
                size_t t = o[a];
                o[a] = o[b], o[b] = t;
            }
    return o;
}

int sw_plot_best(const char *dir, FILE *out, size_t k)
{
    char path[4096];
    table p;
    snprintf(path, sizeof path, "%s/points.csv", dir);
    if (table_read(path, &p))
        return -1;
    size_t m = 0, *o = best_first(&p, "decode_tps_host", &m);
    fprintf(out, "%-6s %-72s %9s %9s %9s %7s %7s %8s\n", "point", "parameters", "dec tok/s", "device", "prefill",
            "util", "bus", "ceiling");
    for (size_t a = 0; o && a < m && a < k; a++)
        fprintf(out, "%-6s %-72.72s %9.2f %9.2f %9.1f %6.1f%% %6.1f%% %8.2f\n", cell(&p, o[a], "point"),
                cell(&p, o[a], "params"), num(&p, o[a], "decode_tps_host"), num(&p, o[a], "decode_tps_device"),
                num(&p, o[a], "prefill_tps_device"), 100 * num(&p, o[a], "array_util_decode"),
                100 * num(&p, o[a], "bus_util_decode"), num(&p, o[a], "ceiling_tps"));
    free(o);
    table_free(&p);
    return 0;
}

size_t sw_plot_rank(const char *dir, const char *column, size_t *points, size_t k)
{
    char path[4096];
    table p;
    snprintf(path, sizeof path, "%s/points.csv", dir);
    if (table_read(path, &p))
        return 0;
    size_t m = 0, n = 0, *o = best_first(&p, column, &m);
    for (; o && n < m && n < k; n++)
        points[n] = (size_t)num(&p, o[n], "point");
    free(o);
    table_free(&p);
    return n;
}

/* ---- gnuplot ---- */

/* gnuplot SCRIPT run in dir/plots, its messages appended to gnuplot.log there. */
static int gnuplot(const char *dir, const char *script)
{
    char plots[4096];
    snprintf(plots, sizeof plots, "%s/plots", dir);
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir(plots) == 0) {
            int fd = open("gnuplot.log", O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0)
                dup2(fd, 1), dup2(fd, 2);
            execlp("gnuplot", "gnuplot", script, (char *)NULL);
        }
        _exit(127);
    }
    if (pid < 0)
        return -1;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* One plot: the body (after the terminal and output lines) drawn to NAME.png and NAME.svg. */
static int plot(const char *dir, const char *name, const char *body)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/plots/%s.gp", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "# made by tritium sweep; run from the run folder's plots/: gnuplot %s.gp\n", name);
    fprintf(f, "set datafile separator whitespace\nset key outside right top\nset grid\n");
    fprintf(f, "set terminal pngcairo noenhanced size 960,600 font 'sans,10'\nset output '%s.png'\n%s\n", name, body);
    fprintf(f, "set terminal svg noenhanced size 960,600 dynamic font 'sans,10'\nset output '%s.svg'\nreplot\n", name);
    fclose(f);
    snprintf(path, sizeof path, "%s.gp", name);
    return gnuplot(dir, path);
}

int sw_plot(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    table p, l;
    snprintf(path, sizeof path, "%s/points.csv", dir);
    if (table_read(path, &p)) {
        snprintf(err, errlen, "cannot read %s", path);
        return -1;
    }
    snprintf(path, sizeof path, "%s/layers.csv", dir);
    if (table_read(path, &l)) {
        table_free(&p);
        snprintf(err, errlen, "cannot read %s", path);
        return -1;
    }
    snprintf(path, sizeof path, "%s/plots", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/plots/points.dat", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        table_free(&p), table_free(&l);
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    /* the points that ran; area = LUTs where the cost model gave them, else PEs */
    int have_area = 0;
    size_t best = 0, nok = 0;
    fprintf(f, "# point rows cols area bus_gbs decode_tps_device decode_tps_host prefill_tps_device util_decode "
               "util_prefill ceiling_tps base3\n");
    for (size_t r = 1; r < p.rows; r++)
        have_area |= cell(&p, r, "area_lut")[0] != 0;
    for (size_t r = 1; r < p.rows; r++) {
        if (strcmp(cell(&p, r, "status"), "ok"))
            continue;
        nok++;
        if (!best || num(&p, r, "decode_tps_host") > num(&p, best, "decode_tps_host"))
            best = r;
        const double area = have_area ? num(&p, r, "area_lut") : num(&p, r, "rows") * num(&p, r, "cols");
        fprintf(f, "%s %g %g %g %g %g %g %g %g %g %g %d\n", cell(&p, r, "point"), num(&p, r, "rows"),
                num(&p, r, "cols"), area, num(&p, r, "bus_gbs"), num(&p, r, "decode_tps_device"),
                num(&p, r, "decode_tps_host"), num(&p, r, "prefill_tps_device"), num(&p, r, "array_util_decode"),
                num(&p, r, "array_util_prefill"), num(&p, r, "ceiling_tps"), !strcmp(cell(&p, r, "weights"), "base3"));
    }
    fclose(f);
    if (!nok) {
        table_free(&p), table_free(&l);
        snprintf(err, errlen, "no point of %s ran: nothing to plot", dir);
        return -1;
    }
    /* the Pareto front: by area, each point faster than every smaller one */
    size_t *ord = calloc(p.rows, sizeof *ord), n = 0;
    for (size_t r = 1; r < p.rows; r++)
        if (!strcmp(cell(&p, r, "status"), "ok"))
            ord[n++] = r;
#define AREA(r) (have_area ? num(&p, r, "area_lut") : num(&p, r, "rows") * num(&p, r, "cols"))
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (AREA(ord[b]) < AREA(ord[a]) ||
                (AREA(ord[b]) == AREA(ord[a]) && num(&p, ord[b], "decode_tps_device") > num(&p, ord[a], "decode_tps_device"))) {
                size_t t = ord[a];
                ord[a] = ord[b], ord[b] = t;
            }
    snprintf(path, sizeof path, "%s/plots/pareto.dat", dir);
    f = fopen(path, "w");
    double top = -1;
    for (size_t a = 0; f && a < n; a++)
        if (num(&p, ord[a], "decode_tps_device") > top) {
            top = num(&p, ord[a], "decode_tps_device");
            fprintf(f, "%g %g %s\n", AREA(ord[a]), top, cell(&p, ord[a], "point"));
        }
    if (f)
        fclose(f);
    free(ord);
    /* the best point's layers: cycles split into compute and stalls, per layer and phase */
    snprintf(path, sizeof path, "%s/plots/stalls.dat", dir);
    f = fopen(path, "w");
    const char *bp = cell(&p, best, "point");
    for (size_t r = 1; f && r < l.rows; r++) {
        if (strcmp(cell(&l, r, "point"), bp))
            continue;
        const double cyc = num(&l, r, "cycles"), sw = num(&l, r, "stall_weight"), sa = num(&l, r, "stall_act"),
                     so = num(&l, r, "stall_out");
        const double pc = cyc > 0 ? 100.0 / cyc : 0;
        fprintf(f, "%s/%s %g %g %g %g\n", cell(&l, r, "layer"), cell(&l, r, "phase"), pc * (cyc - sw - sa - so),
                pc * sw, pc * sa, pc * so);
    }
    if (f)
        fclose(f);

    char body[4096];
    int rc = 0;
    snprintf(body, sizeof body,
             "set multiplot layout 1,2 title 'Array utilization over rows x cols (every point; colour = utilization)'\n"
             "set logscale xy 2\nset xlabel 'rows (K per tile)'\nset ylabel 'cols (M per tile)'\nset cbrange [0:1]\n"
             "set palette rgb 33,13,10\nset offsets graph 0.1, graph 0.1, graph 0.1, graph 0.1\n"
             "set title 'decode'\nplot 'points.dat' using 2:3:9 with points pt 7 ps 2.5 lc palette notitle\n"
             "set title 'prefill'\nplot 'points.dat' using 2:3:10 with points pt 7 ps 2.5 lc palette notitle\n"
             "unset multiplot");
    rc |= plot(dir, "utilization", body);
    snprintf(body, sizeof body,
             "set title 'Decode tokens/s against the memory bandwidth (roofline: the bandwidth ceiling)'\n"
             "set xlabel 'bus bandwidth, GB/s'\nset ylabel 'decode tokens/s (device alone)'\nset logscale x 2\n"
             "plot 'points.dat' using 5:($12 == 0 ? $6 : 1/0) with points pt 7 title '2-bit weights', "
             "'points.dat' using 5:($12 == 1 ? $6 : 1/0) with points pt 9 title 'base-3 weights', "
             "'points.dat' using 5:($12 == 0 ? $11 : 1/0) smooth unique with lines dt 2 title 'ceiling, 2-bit', "
             "'points.dat' using 5:($12 == 1 ? $11 : 1/0) smooth unique with lines dt 3 title 'ceiling, base-3', "
             "'points.dat' using 5:7 with points pt 6 title 'with the host CPU work'");
    rc |= plot(dir, "roofline", body);
    snprintf(body, sizeof body,
             "set title 'Area against decode tokens/s: the Pareto front'\nset xlabel '%s'\n"
             "set ylabel 'decode tokens/s (device alone)'\nset logscale x 2\n"
             "plot 'points.dat' using 4:6 with points pt 7 title 'points', "
             "'pareto.dat' using 1:2 with steps lw 2 title 'Pareto front', "
             "'pareto.dat' using 1:2:3 with labels offset 1,1 notitle",
             have_area ? "area, LUTs (FPGA cost model)" : "area proxy: PEs (rows x cols)");
    rc |= plot(dir, "pareto", body);
    snprintf(body, sizeof body,
             "set title \"Where a matmul's cycles go, per layer and phase: the best point (point %s)\"\n"
             "set style data histograms\nset style histogram rowstacked\nset style fill solid 0.8 border -1\n"
             "set boxwidth 0.75\nset xtics rotate by -45\nset ylabel 'percent of the cycles of the matmul'\n"
             "set yrange [0:100]\n"
             "plot 'stalls.dat' using 2:xtic(1) title 'busy (array fed)', '' using 3 title 'stall: weights', "
             "'' using 4 title 'stall: activations', '' using 5 title 'stall: output'",
             cell(&p, best, "point"));
    rc |= plot(dir, "stalls", body);

    /* the page */
    snprintf(path, sizeof path, "%s/index.html", dir);
    f = fopen(path, "w");
    if (f) {
        fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>tritium sweep</title>\n"
                   "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                   "td,th{border:1px solid #999;padding:3px 8px;text-align:right}img{max-width:100%%}</style>"
                   "</head><body>\n<h1>tritium sweep</h1>\n<p>%zu points, %zu ran; tables: <a href='points.csv'>"
                   "points.csv</a>, <a href='layers.csv'>layers.csv</a>, inputs: <a href='sweep.json'>sweep.json</a>"
                   "</p>\n<h2>Best points (decode tokens/s with the host's CPU work)</h2>\n<table><tr><th>point</th>"
                   "<th>parameters</th><th>decode tok/s</th><th>device alone</th><th>prefill tok/s (device)</th>"
                   "<th>array util. (decode)</th><th>bus util. (decode)</th><th>ceiling tok/s</th></tr>\n",
                p.rows - 1, nok);
        size_t m = 0, *o = best_first(&p, "decode_tps_host", &m);
        for (size_t a = 0; o && a < m && a < 10; a++)
            fprintf(f, "<tr><td>%s</td><td style='text-align:left'>%s</td><td>%.2f</td><td>%.2f</td><td>%.1f</td>"
                       "<td>%.1f%%</td><td>%.1f%%</td><td>%.2f</td></tr>\n",
                    cell(&p, o[a], "point"), cell(&p, o[a], "params"), num(&p, o[a], "decode_tps_host"),
                    num(&p, o[a], "decode_tps_device"), num(&p, o[a], "prefill_tps_device"),
                    100 * num(&p, o[a], "array_util_decode"), 100 * num(&p, o[a], "bus_util_decode"),
                    num(&p, o[a], "ceiling_tps"));
        free(o);
        fprintf(f, "</table>\n");
        const char *names[] = {"roofline", "utilization", "pareto", "stalls"};
        for (size_t i = 0; i < 4; i++)
            fprintf(f, "<h2>%s</h2>\n<p><a href='plots/%s.svg'><img src='plots/%s.png' alt='%s'></a></p>\n", names[i],
                    names[i], names[i], names[i]);
        fprintf(f, "</body></html>\n");
        fclose(f);
    }
    table_free(&p), table_free(&l);
    if (rc) {
        snprintf(err, errlen, "gnuplot failed on a plot (is gnuplot installed? see %s/plots/gnuplot.log)", dir);
        return -1;
    }
    return 0;
}
