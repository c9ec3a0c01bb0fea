#include "tests/fast/suites.h"
Suite *suite_fast_ops(void) { return suite_create("fast_ops"); }
