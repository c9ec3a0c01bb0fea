#include "tests/fast/suites.h"
Suite *suite_fast_head(void) { return suite_create("fast_head"); }
