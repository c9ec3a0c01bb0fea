/*
 * tritium sweep: the spec reader (TOML and JSON alike, errors with their line), and the command on a
 * tiny grid: its CSV values equal direct `tritium matmul` runs of the same shapes, a point with
 * illegal parameters is recorded as failed while the other runs, an interrupted run resumes, and
 * --confirm runs the best point on the RTL with an error of 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/sweep/sw_spec.h"
#include "tritium_area.h"
#include "tritium_regs.h"

/* stdout of a shell command (at most cap bytes); its exit status in *rc */
static char *run(const char *cmd, int *rc)
{
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 20, n = 0;
    char *out = calloc(cap, 1);
    ck_assert_ptr_nonnull(out);
    while (n + 1 < cap) {
        size_t got = fread(out + n, 1, cap - 1 - n, p);
        if (!got)
            break;
        n += got;
    }
    int st = pclose(p);
    *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot read %s", path);
    char *buf = calloc(1 << 20, 1);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* Field `col` (by header name) of CSV row `row` (0 = first data row); quoted fields are whole. */
static void csv_field(const char *text, int row, const char *col, char *out, size_t len)
{
    const char *line = text;
    int idx = -1, f = 0;
    /* header */
    for (const char *p = line, *start = line;; p++) {
        if (*p == ',' || *p == '\n') {
            if ((size_t)(p - start) == strlen(col) && !strncmp(start, col, (size_t)(p - start)))
                idx = f;
            f++;
            start = p + 1;
            if (*p == '\n') {
                line = p + 1;
                break;
            }
        }
    }
    ck_assert_msg(idx >= 0, "no column %s", col);
    for (int r = 0; r < row; r++) {
        line = strchr(line, '\n');
        ck_assert_ptr_nonnull(line);
        line++;
    }
    int q = 0;
    f = 0;
    const char *start = line;
    for (const char *p = line;; p++) {
        if (*p == '"')
            q = !q;
        if ((*p == ',' && !q) || *p == '\n' || !*p) {
            if (f == idx) {
                size_t n = (size_t)(p - start);
                if (n && start[0] == '"')
                    start++, n -= 2;
                snprintf(out, len, "%.*s", (int)n, start);
                return;
            }
            f++;
            start = p + 1;
            if (*p != ',')
                break;
        }
    }
    ck_abort_msg("row %d has no field %s", row, col);
}

START_TEST(toml_and_json_read_alike)
{
    sw_spec a, b;
    char err[512];
    sw_spec_init(&a);
    sw_spec_init(&b);
    ck_assert_msg(sw_spec_load(&a, TS_SRC "/examples/sweeps/tiny.toml", err, sizeof err) == 0, "%s", err);
    ck_assert_msg(sw_spec_load(&b, TS_SRC "/examples/sweeps/tiny.json", err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(a.naxes, b.naxes);
    for (size_t i = 0; i < a.naxes; i++) {
        ck_assert_str_eq(a.axis[i].key, b.axis[i].key);
        ck_assert_uint_eq(a.axis[i].n, b.axis[i].n);
        for (size_t v = 0; v < a.axis[i].n; v++)
            ck_assert_str_eq(a.axis[i].val[v], b.axis[i].val[v]);
    }
    ck_assert_str_eq(a.workload, "2b4t");
    ck_assert_uint_eq(a.prefill, 128);
    ck_assert_uint_eq(sw_spec_points(&a), 8);
    /* "bus" is the data_w parameter; the first axis varies slowest */
    ck_assert_str_eq(a.axis[2].key, "data_w");
    size_t idx[SW_MAX_AXES];
    sw_spec_point_index(&a, 5, idx); /* rows 16 (1), cols 16 (0), weights base3 (1) */
    ck_assert_uint_eq(idx[0], 1);
    ck_assert_uint_eq(idx[1], 0);
    ck_assert_uint_eq(idx[3], 1);
    /* --set replaces an axis and adds one */
    ck_assert_int_eq(sw_spec_set(&a, "rows=32", err, sizeof err), 0);
    ck_assert_int_eq(sw_spec_set(&a, "latency=0,100", err, sizeof err), 0);
    ck_assert_uint_eq(sw_spec_points(&a), 8);
}
END_TEST

START_TEST(bad_specs_are_explained)
{
    const struct {
        const char *text, *want;
        int json;
    } cases[] = {
        {"[hardware]\nrows = [8, 16]\ncolz = 4\n", "line 3: unknown key hardware.colz", 0},
        {"[workload]\ncontext = [1, 2]\n", "line 2: workload.context takes one value", 0},
        {"[hardware]\nweights = \"3bit\"\n", "line 2: hardware.weights: '3bit' is not", 0},
        {"[hardware]\nrows = -8\n", "line 2: hardware.rows wants whole numbers", 0},
        {"rows = 8\n", "line 1: a key before any [table]", 0},
        {"[hardware]\nrows = [8,\n 16\n", "expected , or ] in a list", 0},
        {"[gpu]\nx = 1\n", "unknown table [gpu]", 0},
        {"{\"hardware\": {\"rows\": [8, 16],\n \"bus\": \"wide\"}}", "line 2: hardware.bus wants whole numbers", 1},
        {"{\"hardware\": {\"rows\": 8}", "expected '}'", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sw_spec s;
        sw_spec_init(&s);
        char err[512] = "";
        ck_assert_int_eq(sw_spec_parse(&s, cases[i].text, strlen(cases[i].text), cases[i].json, err, sizeof err), -1);
        ck_assert_msg(strstr(err, cases[i].want), "case %zu: got '%s', want '%s'", i, err, cases[i].want);
    }
    sw_spec s;
    sw_spec_init(&s);
    char err[512];
    ck_assert_int_eq(sw_spec_set(&s, "frobs=1", err, sizeof err), -1);
    ck_assert_msg(strstr(err, "unknown key 'frobs'"), "%s", err);
    ck_assert_int_eq(sw_spec_set(&s, "rows", err, sizeof err), -1);
}
END_TEST

/* the whole command on two points, one of them illegal */
START_TEST(sweep_matches_matmul_resumes_and_confirms)
{
    char dir[] = "/tmp/tritium-sweep-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[2048];
    int rc;
    snprintf(cmd, sizeof cmd,
             "%s sweep --set rows=16,3 --set prefill=4 --set latency=0 --set bandwidth_gbs=20 --set gflops=50 "
             "-o %s/run -j 2 --quiet --confirm 1 2>&1",
             TS_TRITIUM, dir);
    char *out = run(cmd, &rc);
    ck_assert_msg(rc == 0, "sweep failed (%d): %s", rc, out);
    ck_assert_msg(strstr(out, "2 points, 1 failed, 0 missing"), "%s", out);
    /* --confirm: the RTL agrees to the cycle */
    ck_assert_msg(strstr(out, "(+0.00%), prefill") && strstr(out, "(+0.00%), RTL"), "%s", out);
    free(out);
    char path[512], f[256];
    snprintf(path, sizeof path, "%s/run/points.csv", dir);
    char *points = slurp(path);
    csv_field(points, 0, "status", f, sizeof f);
    ck_assert_str_eq(f, "ok");
    csv_field(points, 0, "config", f, sizeof f);
    ck_assert_str_eq(f, "r16c16w256");
    csv_field(points, 1, "status", f, sizeof f);
    ck_assert_str_eq(f, "failed");
    csv_field(points, 1, "error", f, sizeof f);
    ck_assert_msg(strstr(f, "not legal"), "%s", f);
    snprintf(path, sizeof path, "%s/run/layers.csv", dir);
    char *layers = slurp(path);

    /* every layer row against tritium matmul of the same shape and N on the same device */
    double sum = 0;
    for (int row = 0; row < 14; row++) {
        char m[32], k[32], n[32], cyc[32], cnt[32], stw[32], sta[32];
        csv_field(layers, row, "m", m, sizeof m);
        csv_field(layers, row, "k", k, sizeof k);
        csv_field(layers, row, "n", n, sizeof n);
        csv_field(layers, row, "cycles", cyc, sizeof cyc);
        csv_field(layers, row, "count", cnt, sizeof cnt);
        csv_field(layers, row, "stall_weight", stw, sizeof stw);
        csv_field(layers, row, "stall_act", sta, sizeof sta);
        if (!strcmp(n, "1"))
            sum += atof(cyc) * atof(cnt);
        if (row % 4) /* q, k/v, gate/up, down: the four distinct shapes, decode and prefill */
            continue;
        snprintf(cmd, sizeof cmd, "%s matmul --backend tlm --config r16c16w256 --m %s --k %s --n %s --json 2>&1",
                 TS_TRITIUM, m, k, n);
        char *j = run(cmd, &rc);
        ck_assert_msg(rc == 0, "%s", j);
        char want[96];
        snprintf(want, sizeof want, "\"cycles\": %s,", cyc);
        ck_assert_msg(strstr(j, want), "layer row %d (%sx%s N %s): %s not in %s", row, m, k, n, want, j);
        snprintf(want, sizeof want, "\"stall_weight\": %s, \"stall_act\": %s,", stw, sta);
        ck_assert_msg(strstr(j, want), "layer row %d: %s not in %s", row, want, j);
        free(j);
    }
    csv_field(points, 0, "decode_cycles_per_token", f, sizeof f);
    ck_assert_msg(atof(f) == sum, "decode cycles per token %s, layers sum to %.0f", f, sum);

    /* the area column: the fitted FPGA resource model (hw/area.toml) at the point's parameters */
    csv_field(points, 0, "area_lut", f, sizeof f);
#if TRITIUM_AREA_HAVE
    struct { unsigned rows, cols, data_w, addr_w, act_bytes, wgt_bytes, acc_words, rd_bursts, wr_bursts, wformats; }
        def[] = {
#define X(name, doc, ...) {__VA_ARGS__},
            TRITIUM_CONFIGS(X)
#undef X
        };
#define P(fld) ((uint64_t)def[0].fld)
    char want_area[32];
    snprintf(want_area, sizeof want_area, "%.0f", TRITIUM_AREA_XCUP_LUT(P));
#undef P
    ck_assert_str_eq(f, want_area);
#else
    ck_assert_str_eq(f, "");
#endif

    /* resume: one point's file gone, the merge redone, the same table */
    snprintf(cmd, sizeof cmd, "rm %s/run/points/000000.csv %s/run/points.csv", dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "%s sweep --set rows=16,3 --set prefill=4 --set latency=0 --set bandwidth_gbs=20 --set gflops=50 "
             "-o %s/run 2>&1",
             TS_TRITIUM, dir);
    out = run(cmd, &rc);
    ck_assert_msg(rc == 0 && strstr(out, "2 points (1 to run)"), "%s", out);
    free(out);
    snprintf(path, sizeof path, "%s/run/points.csv", dir);
    char *again = slurp(path);
    /* equal but for the wall-time column */
    for (int row = 0; row < 2; row++) {
        const char *cols[] = {"status", "decode_cycles_per_token", "prefill_cycles_per_token", "decode_tps_host",
                              "weight_bytes_per_token", "error"};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            char x[256], y[256];
            csv_field(points, row, cols[c], x, sizeof x);
            csv_field(again, row, cols[c], y, sizeof y);
            ck_assert_msg(!strcmp(x, y), "row %d %s: %s then %s", row, cols[c], x, y);
        }
    }
    free(points), free(again), free(layers);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *suite_sweep(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("sweep");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, toml_and_json_read_alike);
    tcase_add_test(tc, bad_specs_are_explained);
    tcase_add_test(tc, sweep_matches_matmul_resumes_and_confirms);
    suite_add_tcase(s, tc);
    return s;
}
