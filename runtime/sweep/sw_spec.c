/* Sweep specifications (sw_spec.h): a TOML subset and JSON read into one (table, key, values) form. */
#include "runtime/sweep/sw_spec.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tritium_regs.h"

const char *sw_spec_keys(void)
{
    return "workload.model      \"2b4t\" (the preset) or a GGUF file: its ternary matmuls, shapes and counts\n"
           "workload.context    decode at this context length (KV positions a token attends over)\n"
           "workload.prefill    prompt tokens of the prefill phase (0: none)\n"
           "hardware.<param>    a parameter of hw/tritium.toml (rows, cols, bus, act_bytes, wgt_bytes,\n"
           "                    acc_words, rd_bursts, wr_bursts, addr_w, wformats): a value or a list\n"
           "hardware.weights    \"2bit\", \"base3\" or \"densest\" (the densest the device decodes)\n"
           "hardware.freq_mhz   the modeled clock\n"
           "memory.bytes_per_cycle  the memory's sustained bandwidth (0: a full bus beat per cycle)\n"
           "memory.latency      cycles from a read address to its first beat\n"
           "host.bandwidth_gbs  the host's memory read bandwidth for the CPU work (0: measure here)\n"
           "host.gflops         the host's float throughput (0: measure here)\n"
           "host.name           what the host model describes\n";
}

void sw_spec_init(sw_spec *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->workload, sizeof s->workload, "2b4t");
    s->context = 512;
    s->prefill = 128;
    snprintf(s->host_name, sizeof s->host_name, "this machine");
}

static int fail(char *err, size_t errlen, int line, const char *fmt, const char *arg)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, arg);
    if (line > 0)
        snprintf(err, errlen, "line %d: %s", line, msg);
    else
        snprintf(err, errlen, "%s", msg);
    return -1;
}

/* The canonical name of a hardware key: a parameter's field name (its NAME or an alias also do). */
static const char *hw_key(const char *k)
{
    static const char *const fields[] = {
#define SW_FIELD(f, NAME, lo, hi, doc) #f,
        TRITIUM_PARAMS(SW_FIELD)
#undef SW_FIELD
    };
    static const char *const names[] = {
#define SW_NAME(f, NAME, lo, hi, doc) #NAME,
        TRITIUM_PARAMS(SW_NAME)
#undef SW_NAME
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!strcmp(k, fields[i]) || !strcasecmp(k, names[i]))
            return fields[i];
#define SW_ALIAS(alias, f) \
    if (!strcmp(k, #alias)) \
        return #f;
    TRITIUM_PARAM_ALIASES(SW_ALIAS)
#undef SW_ALIAS
    if (!strcmp(k, "weights") || !strcmp(k, "freq_mhz"))
        return k;
    return NULL;
}

static int parse_u32(const char *v, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 0);
    if (!*v || *end || errno || n > 0xFFFFFFFFull || v[0] == '-')
        return -1;
    *out = (uint32_t)n;
    return 0;
}

static int parse_pos_double(const char *v, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (!*v || *end || !(d >= 0) || d > 1e12)
        return -1;
    *out = d;
    return 0;
}

/* One table.key with its values (n >= 1; is_list: written as a list). */
static int apply(sw_spec *s, const char *table, const char *key, char vals[][SW_VALUE_LEN], size_t n, int is_list,
                 int line, char *err, size_t errlen)
{
    char full[96];
    snprintf(full, sizeof full, "%s.%s", table, key);
    const char *axis = NULL;
    if (!strcmp(table, "hardware")) {
        axis = hw_key(key);
        if (!axis)
            return fail(err, errlen, line, "unknown key %s (tritium sweep --help lists the keys)", full);
    } else if (!strcmp(table, "memory")) {
        if (strcmp(key, "bytes_per_cycle") && strcmp(key, "latency"))
            return fail(err, errlen, line, "unknown key %s (tritium sweep --help lists the keys)", full);
        axis = key;
    }
    if (axis) {
        for (size_t i = 0; i < n; i++) {
            uint32_t u;
            double d;
            if (!strcmp(axis, "weights")) {
                if (strcmp(vals[i], "2bit") && strcmp(vals[i], "base3") && strcmp(vals[i], "densest"))
                    return fail(err, errlen, line, "hardware.weights: '%s' is not 2bit, base3 or densest", vals[i]);
            } else if (!strcmp(axis, "freq_mhz") ? parse_pos_double(vals[i], &d) || d <= 0 : parse_u32(vals[i], &u)) {
                return fail(err, errlen, line,
                            !strcmp(axis, "freq_mhz") ? "%s wants a positive clock in MHz" : "%s wants whole numbers",
                            full);
            }
        }
        sw_axis *a = NULL;
        for (size_t i = 0; i < s->naxes; i++)
            if (!strcmp(s->axis[i].key, axis))
                a = &s->axis[i];
        if (!a) {
            if (s->naxes == SW_MAX_AXES)
                return fail(err, errlen, line, "more than %s swept keys", "24");
            a = &s->axis[s->naxes++];
            snprintf(a->key, sizeof a->key, "%s", axis);
        }
        a->n = n;
        for (size_t i = 0; i < n; i++)
            memcpy(a->val[i], vals[i], SW_VALUE_LEN);
        return 0;
    }
    if (is_list || n != 1)
        return fail(err, errlen, line, "%s takes one value, not a list", full);
    const char *v = vals[0];
    if (!strcmp(table, "workload")) {
        if (!strcmp(key, "model"))
            snprintf(s->workload, sizeof s->workload, "%s", v);
        else if (!strcmp(key, "context") || !strcmp(key, "prefill")) {
            uint32_t u;
            if (parse_u32(v, &u) || u > (1u << 20) || (!strcmp(key, "context") && u == 0))
                return fail(err, errlen, line, "%s wants a whole number (context >= 1, both <= 1048576)", full);
            *(!strcmp(key, "context") ? &s->context : &s->prefill) = u;
        } else
            return fail(err, errlen, line, "unknown key %s (tritium sweep --help lists the keys)", full);
        return 0;
    }
    if (!strcmp(table, "host")) {
        if (!strcmp(key, "name"))
            snprintf(s->host_name, sizeof s->host_name, "%s", v);
        else if (!strcmp(key, "bandwidth_gbs") || !strcmp(key, "gflops")) {
            if (parse_pos_double(v, !strcmp(key, "gflops") ? &s->host_gflops : &s->host_gbs))
                return fail(err, errlen, line, "%s wants a number >= 0", full);
        } else
            return fail(err, errlen, line, "unknown key %s (tritium sweep --help lists the keys)", full);
        return 0;
    }
    return fail(err, errlen, line, "unknown table [%s] (workload, hardware, memory, host)", table);
}

/* ---- TOML subset ---- */

/* One scalar at *p: "string", a number, true/false. */
static int toml_scalar(const char **p, char *out, int line, char *err, size_t errlen)
{
    const char *q = *p;
    size_t n = 0;
    if (*q == '"') {
        for (q++; *q && *q != '"'; q++) {
            char c = *q;
            if (c == '\\' && (q[1] == '"' || q[1] == '\\'))
                c = *++q;
            else if (c == '\\')
                return fail(err, errlen, line, "%s", "only \\\" and \\\\ escapes are read");
            if (n + 1 >= SW_VALUE_LEN)
                return fail(err, errlen, line, "%s", "a string longer than 63 bytes");
            out[n++] = c;
        }
        if (*q != '"')
            return fail(err, errlen, line, "%s", "unterminated string");
        q++;
    } else {
        while (*q && (isalnum((unsigned char)*q) || strchr("+-._", *q))) {
            if (n + 1 >= SW_VALUE_LEN)
                return fail(err, errlen, line, "%s", "a value longer than 63 bytes");
            if (*q != '_')
                out[n++] = *q;
            q++;
        }
        if (!n)
            return fail(err, errlen, line, "%s", "a value is missing");
    }
    out[n] = 0;
    *p = q;
    return 0;
}

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

/* The value text of a logical line (a list may span lines): comments removed, quoted parts kept. */
static int toml(sw_spec *s, const char *text, size_t len, char *err, size_t errlen)
{
    char table[32] = "";
    char *buf = malloc(len + 1);
    if (!buf)
        return fail(err, errlen, 0, "%s", "out of memory");
    memcpy(buf, text, len);
    buf[len] = 0;
    /* comments out, outside strings */
    for (char *c = buf, in = 0; *c; c++) {
        if (*c == '"' && (c == buf || c[-1] != '\\'))
            in = !in;
        else if (*c == '\n')
            in = 0;
        else if (*c == '#' && !in)
            while (*c && *c != '\n')
                *c++ = ' ';
        if (!*c)
            break;
    }
    int line = 1, rc = 0;
    char vals[SW_MAX_VALUES][SW_VALUE_LEN];
    for (const char *p = buf; *p && !rc;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            line += *p++ == '\n';
        if (!*p)
            break;
        if (*p == '[') {
            const char *e = strchr(p, ']');
            size_t n = e ? (size_t)(e - p - 1) : 0;
            if (!e || n == 0 || n >= sizeof table || memchr(p, '\n', (size_t)(e - p)) || p[1] == '[') {
                rc = fail(err, errlen, line, "%s", "a table header is [name] on one line");
                break;
            }
            memcpy(table, p + 1, n);
            table[n] = 0;
            p = e + 1;
            continue;
        }
        char key[32];
        size_t kn = 0;
        while (*p && (isalnum((unsigned char)*p) || *p == '_') && kn + 1 < sizeof key)
            key[kn++] = *p++;
        key[kn] = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!kn || *p != '=') {
            rc = fail(err, errlen, line, "%s", "expected key = value");
            break;
        }
        if (!table[0]) {
            rc = fail(err, errlen, line, "%s", "a key before any [table]");
            break;
        }
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const int key_line = line;
        size_t n = 0;
        int is_list = *p == '[';
        if (is_list) {
            p++;
            for (;;) {
                const char *q = skip_ws(p);
                for (const char *t = p; t < q; t++)
                    line += *t == '\n';
                p = q;
                if (*p == ']') {
                    p++;
                    break;
                }
                if (n == SW_MAX_VALUES) {
                    rc = fail(err, errlen, line, "%s", "more than 64 values in a list");
                    break;
                }
                if ((rc = toml_scalar(&p, vals[n++], line, err, errlen)))
                    break;
                q = skip_ws(p);
                for (const char *t = p; t < q; t++)
                    line += *t == '\n';
                p = q;
                if (*p == ',')
                    p++;
                else if (*p != ']') {
                    rc = fail(err, errlen, line, "%s", "expected , or ] in a list");
                    break;
                }
            }
            if (!rc && !n)
                rc = fail(err, errlen, key_line, "%s", "an empty list");
        } else {
            rc = toml_scalar(&p, vals[n++], line, err, errlen);
        }
        if (rc)
            break;
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p && *p != '\n') {
            rc = fail(err, errlen, line, "%s", "unexpected text after the value");
            break;
        }
        rc = apply(s, table, key, vals, n, is_list, key_line, err, errlen);
    }
    free(buf);
    return rc;
}

/* ---- JSON: {"table": {"key": value or [values]}} ---- */

typedef struct {
    const char *p, *end;
    int line;
} jcur;

static void jws(jcur *c)
{
    while (c->p < c->end && strchr(" \t\r\n", *c->p)) {
        c->line += *c->p == '\n';
        c->p++;
    }
}

static int jstring(jcur *c, char *out, size_t cap, char *err, size_t errlen)
{
    jws(c);
    if (c->p >= c->end || *c->p != '"')
        return fail(err, errlen, c->line, "%s", "expected a string");
    size_t n = 0;
    for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
        char ch = *c->p;
        if (ch == '\\') {
            if (++c->p >= c->end || !strchr("\"\\/", *c->p))
                return fail(err, errlen, c->line, "%s", "only \\\", \\\\ and \\/ escapes are read");
            ch = *c->p;
        }
        if (n + 1 >= cap)
            return fail(err, errlen, c->line, "%s", "a string too long");
        out[n++] = ch;
    }
    if (c->p >= c->end)
        return fail(err, errlen, c->line, "%s", "unterminated string");
    c->p++;
    out[n] = 0;
    return 0;
}

static int jscalar(jcur *c, char *out, char *err, size_t errlen)
{
    jws(c);
    if (c->p < c->end && *c->p == '"')
        return jstring(c, out, SW_VALUE_LEN, err, errlen);
    size_t n = 0;
    while (c->p < c->end && (isalnum((unsigned char)*c->p) || strchr("+-.", *c->p))) {
        if (n + 1 >= SW_VALUE_LEN)
            return fail(err, errlen, c->line, "%s", "a value too long");
        out[n++] = *c->p++;
    }
    if (!n)
        return fail(err, errlen, c->line, "%s", "expected a value");
    out[n] = 0;
    return 0;
}

static int jexpect(jcur *c, char ch, char *err, size_t errlen)
{
    jws(c);
    if (c->p >= c->end || *c->p != ch) {
        char what[4] = {'\'', ch, '\'', 0};
        return fail(err, errlen, c->line, "expected %s", what);
    }
    c->p++;
    return 0;
}

/* 1 when a comma follows (and is taken): another member comes */
static int jcomma(jcur *c)
{
    jws(c);
    if (c->p < c->end && *c->p == ',') {
        c->p++;
        return 1;
    }
    return 0;
}

static int json(sw_spec *s, const char *text, size_t len, char *err, size_t errlen)
{
    jcur c = {text, text + len, 1};
    char vals[SW_MAX_VALUES][SW_VALUE_LEN];
    if (jexpect(&c, '{', err, errlen))
        return -1;
    jws(&c);
    if (c.p < c.end && *c.p == '}')
        return 0;
    for (;;) {
        char table[32], key[32];
        if (jstring(&c, table, sizeof table, err, errlen) || jexpect(&c, ':', err, errlen) ||
            jexpect(&c, '{', err, errlen))
            return -1;
        jws(&c);
        if (c.p < c.end && *c.p != '}')
            for (;;) {
                if (jstring(&c, key, sizeof key, err, errlen) || jexpect(&c, ':', err, errlen))
                    return -1;
                jws(&c);
                const int line = c.line;
                size_t n = 0;
                int is_list = c.p < c.end && *c.p == '[';
                if (is_list) {
                    c.p++;
                    jws(&c);
                    while (c.p < c.end && *c.p != ']') {
                        if (n == SW_MAX_VALUES)
                            return fail(err, errlen, c.line, "%s", "more than 64 values in a list");
                        if (jscalar(&c, vals[n++], err, errlen))
                            return -1;
                        jws(&c);
                        if (c.p < c.end && *c.p == ',')
                            c.p++;
                        else if (c.p >= c.end || *c.p != ']')
                            return fail(err, errlen, c.line, "%s", "expected , or ] in a list");
                        jws(&c);
                    }
                    if (jexpect(&c, ']', err, errlen))
                        return -1;
                    if (!n)
                        return fail(err, errlen, line, "%s", "an empty list");
                } else if (jscalar(&c, vals[n++], err, errlen)) {
                    return -1;
                }
                if (apply(s, table, key, vals, n, is_list, line, err, errlen))
                    return -1;
                if (!jcomma(&c))
                    break;
            }
        if (jexpect(&c, '}', err, errlen))
            return -1;
        if (!jcomma(&c))
            break;
    }
    if (jexpect(&c, '}', err, errlen))
        return -1;
    jws(&c);
    return c.p == c.end ? 0 : fail(err, errlen, c.line, "%s", "text after the closing }");
}

int sw_spec_parse(sw_spec *s, const char *text, size_t len, int is_json, char *err, size_t errlen)
{
    return is_json ? json(s, text, len, err, errlen) : toml(s, text, len, err, errlen);
}

int sw_spec_load(sw_spec *s, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 4096;
            char *t = cap > (1u << 24) ? NULL : realloc(text, cap);
            if (!t) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "%s: larger than 16 MiB", path);
                return -1;
            }
            text = t;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    const size_t pl = strlen(path);
    char why[384];
    int rc = sw_spec_parse(s, text, len, pl > 5 && !strcmp(path + pl - 5, ".json"), why, sizeof why);
    free(text);
    if (rc)
        snprintf(err, errlen, "%s: %s", path, why);
    return rc;
}

int sw_spec_set(sw_spec *s, const char *assignment, char *err, size_t errlen)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment || eq - assignment >= 32)
        return fail(err, errlen, 0, "--set '%s': expected key=value[,value...]", assignment);
    char key[32];
    memcpy(key, assignment, (size_t)(eq - assignment));
    key[eq - assignment] = 0;
    char vals[SW_MAX_VALUES][SW_VALUE_LEN];
    size_t n = 0;
    for (const char *p = eq + 1;;) {
        const char *c = strchr(p, ',');
        size_t l = c ? (size_t)(c - p) : strlen(p);
        if (n == SW_MAX_VALUES || l == 0 || l >= SW_VALUE_LEN)
            return fail(err, errlen, 0, "--set '%s': 1 to 64 values of at most 63 bytes each", assignment);
        memcpy(vals[n], p, l);
        vals[n++][l] = 0;
        if (!c)
            break;
        p = c + 1;
    }
    const char *table = hw_key(key)                                          ? "hardware"
                        : !strcmp(key, "bytes_per_cycle") || !strcmp(key, "latency") ? "memory"
                        : !strcmp(key, "model") || !strcmp(key, "context") || !strcmp(key, "prefill") ? "workload"
                        : !strcmp(key, "bandwidth_gbs") || !strcmp(key, "gflops") || !strcmp(key, "name") ? "host"
                                                                                                    : NULL;
    if (!table)
        return fail(err, errlen, 0, "--set: unknown key '%s' (tritium sweep --help lists the keys)", key);
    return apply(s, table, key, vals, n, n > 1, 0, err, errlen);
}

size_t sw_spec_points(const sw_spec *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->naxes; i++)
        n *= s->axis[i].n;
    return n;
}

void sw_spec_point_index(const sw_spec *s, size_t i, size_t *idx)
{
    for (size_t a = s->naxes; a-- > 0;) {
        idx[a] = i % s->axis[a].n;
        i /= s->axis[a].n;
    }
}
