/* Suites of the tokenizer test runner. */
#ifndef TESTS_TOKENIZER_SUITES_H
#define TESTS_TOKENIZER_SUITES_H

#include <check.h>

Suite *suite_tok_bytes(void);  /* the small byte-level vocabulary, always available */
Suite *suite_tok_llama3(void); /* LLaMA-3's vocabulary and reference vectors from ../shared/data */

#endif
