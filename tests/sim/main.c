/* Check runner for the simulator layer, reached through the driver's sim backend. */
#include <stdlib.h>

#include "tests/sim/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_sim());
    srunner_add_suite(sr, suite_sim_driver());
    srunner_add_suite(sr, suite_sim_b3());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
