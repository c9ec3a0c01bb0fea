/*
 * A small streaming JSON writer: the one place where tritium's JSON output gets its separators,
 * escaping and number formats. It writes to a FILE* the caller owns and keeps no document in memory.
 *
 * Layout is the one the CLI has always printed, on one line: members and elements separated by ", ",
 * a key followed by ": " (`{"a": [1, 2], "b": "x"}`).
 *
 * Misuse (an end without a matching begin, a value without its key inside an object, a key inside an
 * array, nesting deeper than JW_MAX_DEPTH, a second top-level value) and write failures put the writer
 * in an error state: that call and every later one return -1 and write nothing more. A caller may
 * therefore ignore the individual results and ask jw_finish once at the end.
 */
#ifndef JSON_WRITER_H
#define JSON_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum { JW_MAX_DEPTH = 32 };
/* Significant digits after which jw_double reads back as the same double. */
enum { JW_ROUND_TRIP = 17 };

typedef struct {
    FILE *out;
    int depth;                           /* open containers */
    char kind[JW_MAX_DEPTH];             /* 'o' object or 'a' array, per open container */
    unsigned char items[JW_MAX_DEPTH];   /* the container has a member/element: the next one needs ", " */
    int key_pending;                     /* a key was written in the innermost object, its value is due */
    int done;                            /* a complete top-level value has been written */
    char err[160];                       /* the first error; empty while the writer is fine */
} jw_writer;

/* Starts an empty document on out. */
void jw_init(jw_writer *w, FILE *out);

int jw_begin_object(jw_writer *w);
int jw_end_object(jw_writer *w);
int jw_begin_array(jw_writer *w);
int jw_end_array(jw_writer *w);
/* A member name inside an object; the next call must write its value. Escaped as jw_string. */
int jw_key(jw_writer *w, const char *key);

/* A string from a NUL-terminated s (NULL is an error). The quote, the backslash and control characters
 * are escaped (\b \f \n \r \t, the others as \u00XX); valid UTF-8 is copied as is; every byte that does
 * not start a complete, shortest-form UTF-8 sequence of a Unicode scalar value (a stray continuation
 * byte, a truncated sequence, an overlong form, a surrogate, above U+10FFFF) becomes one \ufffd. */
int jw_string(jw_writer *w, const char *s);
/* The same for len bytes at s, which may contain NUL (written as \u0000). */
int jw_string_len(jw_writer *w, const char *s, size_t len);

int jw_int(jw_writer *w, int64_t v);
int jw_uint(jw_writer *w, uint64_t v);
/* A double with `digits` significant digits (printf %.*g, 1..17; JW_ROUND_TRIP reads back exactly).
 * NaN and the infinities are written as null: JSON has no such numbers. */
int jw_double(jw_writer *w, double v, int digits);
/* A double with `decimals` digits after the point (printf %.*f, 0..17); NaN and infinities as null. */
int jw_fixed(jw_writer *w, double v, int decimals);
int jw_bool(jw_writer *w, int v);
int jw_null(jw_writer *w);

/* 0 when w holds exactly one complete top-level value and no error; otherwise -1 with the reason in
 * err (the first error, or what is still missing). err may be NULL. Writes nothing. */
int jw_finish(const jw_writer *w, char *err, size_t errlen);

#endif
