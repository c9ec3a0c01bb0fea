/* Check runner for kernels_ref: the definition of tritium's arithmetic. */
#include <stdlib.h>

#include "tests/kernels_ref/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_quant());
    srunner_add_suite(sr, suite_ternary());
    srunner_add_suite(sr, suite_formats());
    srunner_add_suite(sr, suite_gemm());
    srunner_add_suite(sr, suite_ops_ref());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
