#ifndef TESTS_BE_SUITES_H
#define TESTS_BE_SUITES_H
#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels_ref/kr_ternary.h"
#include "runtime/backend/rt_backend.h"

Suite *suite_be_tiler(void);
Suite *suite_be_cpu(void);
Suite *suite_be_sim(void);
Suite *suite_be_faults(void);
Suite *suite_be_registry(void);

/* Random problem: trits W (M x K), int8 q (N rows, stride ldq >= K) from seed. */
typedef struct {
    kr_tern w;
    int8_t *q;
    size_t m, k, n, ldq;
} be_problem;

void be_problem_make(be_problem *p, size_t m, size_t k, size_t n, size_t ldq, uint64_t seed);
void be_problem_free(be_problem *p);
/* kernels_ref result, N x M dense (caller frees). */
int32_t *be_reference(const be_problem *p);
/* Runs p on b (prepare, matmul into a ldy-strided result, release); returns the result (caller frees). */
int32_t *be_run(rt_backend *b, const be_problem *p, size_t ldy);
/* Asserts y (stride ldy) equals ref (dense) bit for bit, naming the first differing element. */
void be_assert_equal(const int32_t *y, size_t ldy, const int32_t *ref, size_t m, size_t n, const char *what);
#endif
