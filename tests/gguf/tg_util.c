/* File helpers for the GGUF tests: temp paths, whole-file read/write, locating fields to corrupt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/gguf/suites.h"

char *tg_tmp_path(const char *tag)
{
    const char *dir = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/tritium-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    close(fd);
    return strdup(tmpl);
}

uint8_t *tg_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    uint8_t *p = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(fread(p, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return p;
}

void tg_write_file(const char *path, const void *p, size_t len)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(p, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

long tg_find_gguf_str(const uint8_t *buf, size_t len, const char *s)
{
    uint64_t n = strlen(s);
    for (size_t i = 0; i + 8 + n <= len; i++)
        if (memcmp(buf + i, &n, 8) == 0 && memcmp(buf + i + 8, s, n) == 0)
            return (long)i;
    return -1;
}
