/* The JSON writer: exact bytes of escapes, numbers and nesting, and every misuse it must refuse. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/report/json_writer.h"
#include "tests/model/suites.h"

/* A writer on an in-memory stream, so a test sees the exact bytes. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
    jw_writer w;
} cap;

static void cap_open(cap *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    ck_assert_ptr_nonnull(c->f);
    jw_init(&c->w, c->f);
}

/* Closes the stream, checks the document is complete and the bytes are want. */
static void cap_expect(cap *c, const char *want)
{
    char err[160] = "";
    ck_assert_int_eq(fclose(c->f), 0);
    ck_assert_msg(jw_finish(&c->w, err, sizeof err) == 0, "jw_finish: %s", err);
    ck_assert_str_eq(c->buf, want);
    ck_assert_uint_eq(c->len, strlen(want));   /* no NUL byte written */
    free(c->buf);
}

/* One string value of len bytes, compared with want (the quoted, escaped form). */
static void check_string(const char *s, size_t len, const char *want)
{
    cap c;
    cap_open(&c);
    ck_assert_int_eq(jw_string_len(&c.w, s, len), 0);
    cap_expect(&c, want);
}

START_TEST(every_control_character_is_escaped)
{
    static const char *const named[0x20] = {[8] = "\\b", [9] = "\\t", [10] = "\\n", [12] = "\\f", [13] = "\\r"};
    for (unsigned ch = 0; ch < 0x20; ch++) {
        char in[3] = {'<', (char)ch, '>'}, want[16];
        if (named[ch])
            snprintf(want, sizeof want, "\"<%s>\"", named[ch]);
        else
            snprintf(want, sizeof want, "\"<\\u%04x>\"", ch);
        check_string(in, 3, want);
    }
    /* The quote and the backslash need escapes; the slash and DEL do not. */
    check_string("\"\\/\x7f", 4, "\"\\\"\\\\/\x7f\"");
}
END_TEST

START_TEST(valid_utf8_is_copied)
{
    /* The first and last code point of each sequence length, and either side of the surrogates. */
    const char *in[] = {"\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf",
                        "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"%s\"", in[i]);
        check_string(in[i], strlen(in[i]), want);
    }
}
END_TEST

START_TEST(invalid_utf8_becomes_replacement_characters)
{
    /* Each byte that starts no well-formed sequence is one U+FFFD; the next byte is read afresh. */
    static const struct {
        const char *in, *want;
    } t[] = {
        {"\x80", "\"\\ufffd\""},                                      /* stray continuation byte */
        {"a\xbf" "b", "\"a\\ufffdb\""},
        {"\xc3", "\"\\ufffd\""},                                      /* truncated at the end */
        {"\xe2\x82", "\"\\ufffd\\ufffd\""},
        {"\xf0\x9d\x84", "\"\\ufffd\\ufffd\\ufffd\""},
        {"\xc3(", "\"\\ufffd(\""},                                    /* truncated by an ASCII byte */
        {"\xe2\x82x", "\"\\ufffd\\ufffdx\""},
        {"\xc0\xaf", "\"\\ufffd\\ufffd\""},                           /* overlong '/' in 2, 3 and 4 bytes */
        {"\xc1\xbf", "\"\\ufffd\\ufffd\""},
        {"\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\""},
        {"\xe0\x9f\xbf", "\"\\ufffd\\ufffd\\ufffd\""},                /* overlong U+07FF */
        {"\xf0\x80\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""},
        {"\xf0\x8f\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""},     /* overlong U+FFFF */
        {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},                /* surrogates U+D800, U+DFFF */
        {"\xed\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\""},
        {"\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""},     /* U+110000 */
        {"\xf5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""},
        {"\xfe\xff", "\"\\ufffd\\ufffd\""},
        {"\xff\xc3\xa9", "\"\\ufffd\xc3\xa9\""},                      /* a valid sequence right after */
        {"\xe2\x82\xe2\x82\xac", "\"\\ufffd\\ufffd\xe2\x82\xac\""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        check_string(t[i].in, strlen(t[i].in), t[i].want);
}
END_TEST

START_TEST(strings_with_length)
{
    check_string("a\0b", 3, "\"a\\u0000b\"");
    check_string("abc", 2, "\"ab\"");
    check_string(NULL, 0, "\"\"");
    cap c;
    cap_open(&c);
    jw_begin_array(&c.w);
    jw_string(&c.w, "");
    jw_string(&c.w, "x\ty");
    jw_end_array(&c.w);
    cap_expect(&c, "[\"\", \"x\\ty\"]");
    /* keys are escaped the same way */
    cap_open(&c);
    jw_begin_object(&c.w);
    jw_key(&c.w, "k\"\n\xff");
    jw_null(&c.w);
    jw_end_object(&c.w);
    cap_expect(&c, "{\"k\\\"\\n\\ufffd\": null}");
}
END_TEST

START_TEST(integers_at_their_limits)
{
    cap c;
    cap_open(&c);
    jw_begin_array(&c.w);
    ck_assert_int_eq(jw_int(&c.w, INT64_MIN), 0);
    ck_assert_int_eq(jw_int(&c.w, INT64_MAX), 0);
    ck_assert_int_eq(jw_int(&c.w, -1), 0);
    ck_assert_int_eq(jw_int(&c.w, 0), 0);
    ck_assert_int_eq(jw_uint(&c.w, UINT64_MAX), 0);
    ck_assert_int_eq(jw_uint(&c.w, 0), 0);
    jw_end_array(&c.w);
    cap_expect(&c, "[-9223372036854775808, 9223372036854775807, -1, 0, 18446744073709551615, 0]");
}
END_TEST

START_TEST(doubles_and_non_finite_as_null)
{
    cap c;
    cap_open(&c);
    jw_begin_array(&c.w);
    jw_double(&c.w, 33430.69, 6);       /* %.6g, as the run report has always printed */
    jw_double(&c.w, 1e6, 6);
    jw_double(&c.w, 6.4e9, 6);
    jw_double(&c.w, 0.0, 6);
    jw_double(&c.w, -0.0, 6);
    jw_double(&c.w, 0.1, JW_ROUND_TRIP);
    jw_double(&c.w, 7.05e-07, 9);
    jw_fixed(&c.w, 200.0, 3);
    jw_fixed(&c.w, 0.4539007, 6);
    jw_fixed(&c.w, 2.5, 0);
    jw_double(&c.w, NAN, 6);
    jw_double(&c.w, INFINITY, 6);
    jw_double(&c.w, -INFINITY, JW_ROUND_TRIP);
    jw_fixed(&c.w, NAN, 3);
    jw_fixed(&c.w, -INFINITY, 3);
    jw_end_array(&c.w);
    cap_expect(&c, "[33430.7, 1e+06, 6.4e+09, 0, -0, 0.10000000000000001, 7.05e-07, 200.000, 0.453901, 2, "
                   "null, null, null, null, null]");
}
END_TEST

START_TEST(doubles_round_trip)
{
    const double v[] = {0.1, 1.0 / 3.0, -2.718281828459045, DBL_MAX, -DBL_MAX, DBL_MIN, 4.9406564584124654e-324,
                        1e300, 123456789012345678.0};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        cap c;
        cap_open(&c);
        ck_assert_int_eq(jw_double(&c.w, v[i], JW_ROUND_TRIP), 0);
        ck_assert_int_eq(fclose(c.f), 0);
        ck_assert_int_eq(jw_finish(&c.w, NULL, 0), 0);
        char *end;
        double back = strtod(c.buf, &end);
        ck_assert_msg(*end == 0 && back == v[i], "%s does not read back as %a", c.buf, v[i]);
        free(c.buf);
    }
}
END_TEST

START_TEST(nesting_and_commas)
{
    cap c;
    cap_open(&c);
    jw_begin_object(&c.w);
    jw_key(&c.w, "a");
    jw_begin_array(&c.w);
    jw_end_array(&c.w);
    jw_key(&c.w, "b");
    jw_begin_object(&c.w);
    jw_end_object(&c.w);
    jw_key(&c.w, "c");
    jw_begin_array(&c.w);
    jw_int(&c.w, 1);
    jw_begin_array(&c.w);
    jw_int(&c.w, 2);
    jw_int(&c.w, 3);
    jw_end_array(&c.w);
    jw_begin_object(&c.w);
    jw_key(&c.w, "d");
    jw_null(&c.w);
    jw_key(&c.w, "e");
    jw_begin_array(&c.w);
    jw_begin_array(&c.w);
    jw_end_array(&c.w);
    jw_end_array(&c.w);
    jw_end_object(&c.w);
    jw_end_array(&c.w);
    jw_key(&c.w, "f");
    jw_bool(&c.w, 1);
    jw_key(&c.w, "g");
    jw_bool(&c.w, 0);
    ck_assert_int_eq(jw_finish(&c.w, NULL, 0), -1);   /* the outer object is still open */
    ck_assert_int_eq(jw_end_object(&c.w), 0);
    cap_expect(&c, "{\"a\": [], \"b\": {}, \"c\": [1, [2, 3], {\"d\": null, \"e\": [[]]}], \"f\": true, \"g\": false}");

    /* any value may be the whole document */
    cap_open(&c);
    jw_uint(&c.w, 42);
    cap_expect(&c, "42");
    cap_open(&c);
    jw_string(&c.w, "x");
    cap_expect(&c, "\"x\"");

    /* JW_MAX_DEPTH containers fit */
    cap_open(&c);
    for (int i = 0; i < JW_MAX_DEPTH; i++)
        ck_assert_int_eq(i % 2 ? jw_begin_array(&c.w) : (jw_begin_object(&c.w) || jw_key(&c.w, "k")), 0);
    for (int i = JW_MAX_DEPTH - 1; i >= 0; i--)
        ck_assert_int_eq(i % 2 ? jw_end_array(&c.w) : jw_end_object(&c.w), 0);
    ck_assert_int_eq(fclose(c.f), 0);
    ck_assert_int_eq(jw_finish(&c.w, NULL, 0), 0);
    ck_assert_uint_eq(c.len, JW_MAX_DEPTH / 2 * strlen("{\"k\": [") + JW_MAX_DEPTH / 2 * strlen("]}"));
    free(c.buf);
}
END_TEST

/* Misuse: each case drives a writer into one mistake. The mistake's call and every later one return
 * -1, nothing more is written (the bytes stop at `written`) and jw_finish explains with `why`. */
typedef struct {
    const char *name, *written, *why;
} misuse_case;

static const misuse_case misuses[] = {
    {"end_object at the top", "", "end of an object with no container open"},
    {"end_array at the top", "", "end of an array with no container open"},
    {"end_array in an object", "{", "end of an array where an object is open"},
    {"end_object in an array", "[", "end of an object where an array is open"},
    {"value without a key", "{", "a number inside an object without a key"},
    {"container without a key", "{\"a\": 1", "an array inside an object without a key"},
    {"key in an array", "[", "key \"k\" inside an array"},
    {"key at the top", "", "key \"k\" outside an object"},
    {"key after a key", "{\"a\": ", "key \"b\" where the previous key's value is due"},
    {"end after a key", "{\"a\": ", "end of an object whose last key has no value"},
    {"too deep", NULL, "an array nested deeper than 32 containers"},
    {"second top-level value", "{}", "a string after the complete top-level value"},
    {"NULL string", "[", "a NULL string"},
    {"NULL key", "{", "a NULL key"},
    {"NULL bytes", "[", "a string of 2 bytes at NULL"},
    {"digits 0", "[", "0 significant digits (1..17)"},
    {"digits 18", "[", "18 significant digits (1..17)"},
    {"decimals -1", "[", "-1 decimals (0..17)"},
    {"decimals 18", "[", "18 decimals (0..17)"},
    {"incomplete", "{\"a\": [", "the document is incomplete: 2 containers still open (the innermost an array)"},
    {"incomplete after a key", "{\"a\": ", "the document is incomplete: 1 container still open (the innermost an "
                                           "object), a key without its value"},
    {"empty", "", "the document is empty"},
};

/* Non-zero when a call failed (0 for the cases with no mistaken call: jw_finish finds them). */
static int misuse_drive(int i, jw_writer *w)
{
    switch (i) {
    case 0: return jw_end_object(w);
    case 1: return jw_end_array(w);
    case 2: return jw_begin_object(w) || jw_end_array(w);
    case 3: return jw_begin_array(w) || jw_end_object(w);
    case 4: return jw_begin_object(w) || jw_int(w, 1);
    case 5: return jw_begin_object(w) || jw_key(w, "a") || jw_int(w, 1) || jw_begin_array(w);
    case 6: return jw_begin_array(w) || jw_key(w, "k");
    case 7: return jw_key(w, "k");
    case 8: return jw_begin_object(w) || jw_key(w, "a") || jw_key(w, "b");
    case 9: return jw_begin_object(w) || jw_key(w, "a") || jw_end_object(w);
    case 10:
        for (int d = 0; d < JW_MAX_DEPTH; d++)
            if (jw_begin_array(w))
                return 0;   /* fails the test below: the error came too early */
        return jw_begin_array(w);
    case 11: return jw_begin_object(w) || jw_end_object(w) || jw_string(w, "again");
    case 12: return jw_begin_array(w) || jw_string(w, NULL);
    case 13: return jw_begin_object(w) || jw_key(w, NULL);
    case 14: return jw_begin_array(w) || jw_string_len(w, NULL, 2);
    case 15: return jw_begin_array(w) || jw_double(w, 1.0, 0);
    case 16: return jw_begin_array(w) || jw_double(w, 1.0, 18);
    case 17: return jw_begin_array(w) || jw_fixed(w, 1.0, -1);
    case 18: return jw_begin_array(w) || jw_fixed(w, 1.0, 18);
    case 19: return jw_begin_object(w) || jw_key(w, "a") || jw_begin_array(w);
    case 20: return jw_begin_object(w) || jw_key(w, "a");
    default: return 0;
    }
}

START_TEST(misuse_is_detected)
{
    const misuse_case *m = &misuses[_i];
    cap c;
    cap_open(&c);
    int r = misuse_drive(_i, &c.w);
    int finds_it_late = !strncmp(m->why, "the document is", 15);
    ck_assert_msg(finds_it_late ? r == 0 : r != 0, "%s: the mistaken call returned %d", m->name, r);
    if (!finds_it_late) {
        /* the error is sticky: a valid call afterwards writes nothing */
        ck_assert_int_eq(jw_null(&c.w), -1);
        ck_assert_int_eq(jw_end_array(&c.w), -1);
    }
    char err[160] = "";
    ck_assert_int_eq(jw_finish(&c.w, err, sizeof err), -1);
    ck_assert_msg(!strcmp(err, m->why), "%s: jw_finish says \"%s\"", m->name, err);
    ck_assert_int_eq(fclose(c.f), 0);
    if (m->written)
        ck_assert_str_eq(c.buf, m->written);
    else
        ck_assert_uint_eq(c.len, JW_MAX_DEPTH);   /* "[" per level that fitted */
    free(c.buf);
}
END_TEST

START_TEST(write_failure_is_an_error)
{
    FILE *ro = fopen("/dev/null", "r");   /* a stream that refuses every write at once */
    ck_assert_ptr_nonnull(ro);
    jw_writer w;
    jw_init(&w, ro);
    ck_assert_int_eq(jw_begin_array(&w), -1);
    char err[160] = "";
    ck_assert_int_eq(jw_finish(&w, err, sizeof err), -1);
    ck_assert_str_eq(err, "writing the JSON output failed");
    fclose(ro);

    jw_init(&w, NULL);
    ck_assert_int_eq(jw_null(&w), -1);
    ck_assert_int_eq(jw_finish(&w, err, sizeof err), -1);
    ck_assert_str_eq(err, "no output stream");
}
END_TEST

Suite *suite_json_writer(void)
{
    Suite *s = suite_create("json_writer");
    TCase *tc = tcase_create("writer");
    tcase_add_test(tc, every_control_character_is_escaped);
    tcase_add_test(tc, valid_utf8_is_copied);
    tcase_add_test(tc, invalid_utf8_becomes_replacement_characters);
    tcase_add_test(tc, strings_with_length);
    tcase_add_test(tc, integers_at_their_limits);
    tcase_add_test(tc, doubles_and_non_finite_as_null);
    tcase_add_test(tc, doubles_round_trip);
    tcase_add_test(tc, nesting_and_commas);
    tcase_add_loop_test(tc, misuse_is_detected, 0, (int)(sizeof misuses / sizeof misuses[0]));
    tcase_add_test(tc, write_failure_is_an_error);
    suite_add_tcase(s, tc);
    return s;
}
