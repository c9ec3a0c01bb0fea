/* Check runner for the runtime backends. */
#include <stdlib.h>

#include "tests/backend/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_be_tiler());
    srunner_add_suite(sr, suite_be_cpu());
    srunner_add_suite(sr, suite_be_sim());
    srunner_add_suite(sr, suite_be_faults());
    srunner_add_suite(sr, suite_be_registry());
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
