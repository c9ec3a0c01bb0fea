#include "tests/fast/suites.h"
Suite *suite_fast_quant(void) { return suite_create("fast_quant"); }
