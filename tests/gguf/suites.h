/* Suites of the GGUF test runner and the helpers they share. */
#ifndef TESTS_GGUF_SUITES_H
#define TESTS_GGUF_SUITES_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

Suite *suite_gguf_rw(void);
Suite *suite_gguf_corrupt(void);
Suite *suite_blockfmt(void);
Suite *suite_gguf_tern(void);

/* Directory of the running test binary (for build/tritium-mkmodel next to it). */
extern char tg_bin_dir[4096];

/* A fresh temporary path (file not created); caller frees. */
char *tg_tmp_path(const char *tag);
/* Whole file into memory; caller frees. */
uint8_t *tg_read_file(const char *path, size_t *len);
void tg_write_file(const char *path, const void *p, size_t len);
/* Offset of the first occurrence of the GGUF string s (8-byte length then bytes) in buf, or -1. */
long tg_find_gguf_str(const uint8_t *buf, size_t len, const char *s);

#endif
