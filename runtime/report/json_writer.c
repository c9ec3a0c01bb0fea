/* The JSON writer. Every call checks the document's shape before it writes, so a misused writer stops
 * with the first mistake instead of leaving a half-valid line that a parser rejects far from the cause. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "runtime/report/json_writer.h"

/* Records the first error only: later ones are usually consequences of it. */
__attribute__((format(printf, 2, 3))) static int fail(jw_writer *w, const char *fmt, ...)
{
    if (!w->err[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(w->err, sizeof w->err, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int put(jw_writer *w, const char *s, size_t n)
{
    if (n && fwrite(s, 1, n, w->out) != n)
        return fail(w, "writing the JSON output failed");
    return 0;
}

void jw_init(jw_writer *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    if (!out)
        fail(w, "no output stream");
}

/* Places the separator a value needs where it goes: nothing at the top level or after a key, ", "
 * between array elements. */
static int value_begins(jw_writer *w, const char *what)
{
    if (w->err[0])
        return -1;
    if (w->depth == 0)
        return w->done ? fail(w, "%s after the complete top-level value", what) : 0;
    int d = w->depth - 1;
    if (w->kind[d] == 'o') {
        if (!w->key_pending)
            return fail(w, "%s inside an object without a key", what);
        w->key_pending = 0;
        return 0;
    }
    if (w->items[d] && put(w, ", ", 2))
        return -1;
    w->items[d] = 1;
    return 0;
}

static int value_ends(jw_writer *w)
{
    if (w->depth == 0)
        w->done = 1;
    return w->err[0] ? -1 : 0;
}

static int begin(jw_writer *w, char kind)
{
    const char *what = kind == 'o' ? "an object" : "an array";
    if (!w->err[0] && w->depth == JW_MAX_DEPTH)
        return fail(w, "%s nested deeper than %d containers", what, JW_MAX_DEPTH);
    if (value_begins(w, what) || put(w, kind == 'o' ? "{" : "[", 1))
        return -1;
    w->kind[w->depth] = kind;
    w->items[w->depth] = 0;
    w->depth++;
    return 0;
}

static int end(jw_writer *w, char kind)
{
    const char *what = kind == 'o' ? "object" : "array";
    if (w->err[0])
        return -1;
    if (w->depth == 0)
        return fail(w, "end of an %s with no container open", what);
    if (w->kind[w->depth - 1] != kind)
        return fail(w, "end of an %s where an %s is open", what, kind == 'o' ? "array" : "object");
    if (w->key_pending)
        return fail(w, "end of an object whose last key has no value");
    if (put(w, kind == 'o' ? "}" : "]", 1))
        return -1;
    w->depth--;
    return value_ends(w);
}

int jw_begin_object(jw_writer *w) { return begin(w, 'o'); }
int jw_end_object(jw_writer *w) { return end(w, 'o'); }
int jw_begin_array(jw_writer *w) { return begin(w, 'a'); }
int jw_end_array(jw_writer *w) { return end(w, 'a'); }

/* Length of the well-formed UTF-8 sequence at s (n bytes available), 0 if there is none. The second
 * byte's narrower ranges after E0, ED, F0 and F4 are what exclude overlong forms, surrogates and code
 * points above U+10FFFF (the Unicode standard's table of well-formed byte sequences). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Copies runs of bytes that need no escape with one write each. */
static int put_escaped(jw_writer *w, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0;
    if (put(w, "\"", 1))
        return -1;
    for (size_t i = 0; i < len;) {
        unsigned c = u[i];
        size_t n = c >= 0x20 && c != '"' && c != '\\' ? (c < 0x80 ? 1 : utf8_len(u + i, len - i)) : 0;
        if (n) {
            i += n;
            continue;
        }
        char esc[8];
        switch (c) {
        case '"': memcpy(esc, "\\\"", 3); break;
        case '\\': memcpy(esc, "\\\\", 3); break;
        case '\b': memcpy(esc, "\\b", 3); break;
        case '\f': memcpy(esc, "\\f", 3); break;
        case '\n': memcpy(esc, "\\n", 3); break;
        case '\r': memcpy(esc, "\\r", 3); break;
        case '\t': memcpy(esc, "\\t", 3); break;
        default: /* another control character, or a byte that starts no valid UTF-8 sequence */
            snprintf(esc, sizeof esc, "\\u%04x", c < 0x20 ? c : 0xFFFDu);
        }
        if (put(w, s + run, i - run) || put(w, esc, strlen(esc)))
            return -1;
        run = ++i;
    }
    return put(w, s + run, len - run) || put(w, "\"", 1) ? -1 : 0;
}

int jw_key(jw_writer *w, const char *key)
{
    if (w->err[0])
        return -1;
    if (!key)
        return fail(w, "a NULL key");
    if (w->depth == 0)
        return fail(w, "key \"%.40s\" outside an object", key);
    int d = w->depth - 1;
    if (w->kind[d] != 'o')
        return fail(w, "key \"%.40s\" inside an array", key);
    if (w->key_pending)
        return fail(w, "key \"%.40s\" where the previous key's value is due", key);
    if (w->items[d] && put(w, ", ", 2))
        return -1;
    w->items[d] = 1;
    w->key_pending = 1;
    return put_escaped(w, key, strlen(key)) || put(w, ": ", 2) ? -1 : 0;
}

int jw_string_len(jw_writer *w, const char *s, size_t len)
{
    if (!w->err[0] && !s && len)
        return fail(w, "a string of %zu bytes at NULL", len);
    if (value_begins(w, "a string") || put_escaped(w, s ? s : "", len))
        return -1;
    return value_ends(w);
}

int jw_string(jw_writer *w, const char *s)
{
    if (!w->err[0] && !s)
        return fail(w, "a NULL string");
    return jw_string_len(w, s, s ? strlen(s) : 0);
}

/* Writes one scalar formatted by printf. */
__attribute__((format(printf, 3, 4))) static int scalar(jw_writer *w, const char *what, const char *fmt, ...)
{
    if (value_begins(w, what))
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(w->out, fmt, ap);
    va_end(ap);
    if (r < 0)
        return fail(w, "writing the JSON output failed");
    return value_ends(w);
}

int jw_int(jw_writer *w, int64_t v) { return scalar(w, "a number", "%" PRId64, v); }
int jw_uint(jw_writer *w, uint64_t v) { return scalar(w, "a number", "%" PRIu64, v); }
int jw_bool(jw_writer *w, int v) { return scalar(w, "a boolean", "%s", v ? "true" : "false"); }
int jw_null(jw_writer *w) { return scalar(w, "null", "null"); }

int jw_double(jw_writer *w, double v, int digits)
{
    if (!w->err[0] && (digits < 1 || digits > 17))
        return fail(w, "%d significant digits (1..17)", digits);
    if (!isfinite(v))
        return jw_null(w);
    return scalar(w, "a number", "%.*g", digits, v);
}

int jw_fixed(jw_writer *w, double v, int decimals)
{
    if (!w->err[0] && (decimals < 0 || decimals > 17))
        return fail(w, "%d decimals (0..17)", decimals);
    if (!isfinite(v))
        return jw_null(w);
    return scalar(w, "a number", "%.*f", decimals, v);
}

int jw_finish(const jw_writer *w, char *err, size_t errlen)
{
    char msg[sizeof w->err];
    if (w->err[0])
        snprintf(msg, sizeof msg, "%s", w->err);
    else if (w->depth)
        snprintf(msg, sizeof msg, "the document is incomplete: %d container%s still open (the innermost an %s)%s",
                 w->depth, w->depth == 1 ? "" : "s", w->kind[w->depth - 1] == 'o' ? "object" : "array",
                 w->key_pending ? ", a key without its value" : "");
    else if (!w->done)
        snprintf(msg, sizeof msg, "the document is empty");
    else
        return 0;
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}
