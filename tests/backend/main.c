/* Check runner for the runtime backends. */
#include <stdlib.h>

#include "tests/ck_systemc.h"
#include "tests/backend/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_be_tiler());
    srunner_add_suite(sr, suite_be_cpu());
    srunner_add_suite(sr, suite_be_sim());
    srunner_add_suite(sr, suite_be_faults());
    srunner_add_suite(sr, suite_be_registry());
    ck_systemc_fork_status(sr);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
