/* Check runner of the RTL cells: each cell verilated alone with its assertions on, against a C++ model. */
#include <cstdlib>

#include "tests/rtl/tb.h"
#include "verilated.h"

double sc_time_stamp() { return 0; }

int main()
{
    SRunner *sr = srunner_create(suite_rtl_fifo());
    srunner_add_suite(sr, suite_rtl_rd_dma());
    srunner_add_suite(sr, suite_rtl_array());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
