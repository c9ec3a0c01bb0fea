/* Check runner for the fast CPU path: every dispatch path this machine runs against the reference. */
#include <stdio.h>
#include <stdlib.h>

#include "kernels_fast/kr_fast.h"
#include "tests/kernels_fast/suites.h"

int main(void)
{
    printf("test_kernels_fast: best ISA here is %s\n", kr_isa_name(kr_fast_best_isa()));
    SRunner *sr = srunner_create(suite_fast_gemm());
    srunner_add_suite(sr, suite_fast_pool());
    srunner_add_suite(sr, suite_fast_ops());
    srunner_add_suite(sr, suite_fast_head());
    srunner_add_suite(sr, suite_fast_quant());
    srunner_add_suite(sr, suite_fast_neon());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
