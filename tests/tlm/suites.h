/* Suites of the fast-model runner (tests/tlm). */
#ifndef TESTS_TLM_SUITES_H
#define TESTS_TLM_SUITES_H

#include <check.h>

Suite *suite_tlm_calib(void);
Suite *suite_tlm_backend(void);

#endif
