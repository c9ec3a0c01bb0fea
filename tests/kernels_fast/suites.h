/* Suites of the test_fast runner (the fast CPU path of kernels_ref). */
#ifndef TESTS_FAST_SUITES_H
#define TESTS_FAST_SUITES_H

#include <check.h>
#include <stdint.h>

Suite *suite_fast_gemm(void);
Suite *suite_fast_pool(void);
Suite *suite_fast_ops(void);
Suite *suite_fast_head(void);
Suite *suite_fast_quant(void);
Suite *suite_fast_neon(void);

/* Deterministic xorshift64 generator: each test owns its state. */
static inline uint64_t tf_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}
static inline int tf_range(uint64_t *s, int lo, int hi) { return lo + (int)(tf_rand(s) % (uint64_t)(hi - lo + 1)); }
static inline float tf_float(uint64_t *s) { return (float)((double)(tf_rand(s) >> 11) / 9007199254740992.0) * 2.0f - 1.0f; }

#endif
