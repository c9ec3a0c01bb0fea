/* For the Check runners whose tests run the SystemC model (tests/tlm, tests/backend). */
#ifndef TESTS_CK_SYSTEMC_H
#define TESTS_CK_SYSTEMC_H

#include <check.h>

/* Under ASan, one process: a test that ran the SystemC model (its QuickThreads coroutines switch
   stacks behind LeakSanitizer's back) ends a forked child with main's frame unseen, and Check's own
   runner would be reported as leaked. The leak check then runs once, at the end, from main. */
static inline void ck_systemc_fork_status(SRunner *sr)
{
#if defined(__SANITIZE_ADDRESS__)
    srunner_set_fork_status(sr, CK_NOFORK);
#else
    (void)sr;
#endif
}

#endif
