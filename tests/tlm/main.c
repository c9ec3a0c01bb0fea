/* Check runner for the fast model (sim/tlm/, the "tlm" device backend), against the RTL. */
#include <stdlib.h>

#include "tests/ck_systemc.h"
#include "tests/tlm/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_tlm_calib());
    srunner_add_suite(sr, suite_tlm_backend());
    ck_systemc_fork_status(sr);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
