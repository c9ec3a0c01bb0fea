#include "tests/fast/suites.h"
Suite *suite_fast_neon(void) { return suite_create("fast_neon"); }
