#ifndef TESTS_KR_SUITES_H
#define TESTS_KR_SUITES_H
#include <check.h>
#include <stdint.h>

Suite *suite_quant(void);
Suite *suite_ternary(void);
Suite *suite_formats(void);
Suite *suite_gemm(void);
Suite *suite_ops_ref(void);

/* Deterministic test PRNG (xorshift64*), state owned by the caller. */
static inline uint64_t t_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}
static inline int t_trit(uint64_t *s) { return (int)(t_rand(s) % 3u) - 1; }
static inline float t_unit(uint64_t *s) { return (float)((t_rand(s) >> 40) / 16777216.0) * 2.0f - 1.0f; }
#endif
