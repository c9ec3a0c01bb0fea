/* Check runner for the fast model (sim/tlm/, the "tlm" device backend), against the RTL. */
#include <stdlib.h>

#include "tests/tlm/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_tlm_calib());
    srunner_add_suite(sr, suite_tlm_backend());
#if defined(__SANITIZE_ADDRESS__)
    /* Under ASan, one process: a test that ran the SystemC model (its QuickThreads coroutines switch
       stacks behind LeakSanitizer's back) ends a forked child with main's frame unseen, and Check's
       own runner would be reported as leaked. The leak check then runs once, at the end, from main. */
    srunner_set_fork_status(sr, CK_NOFORK);
#endif
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
