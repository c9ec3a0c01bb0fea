/* Check runner for the driver layer. */
#include <stdlib.h>

#include "tests/driver/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_drv_open());
    srunner_add_suite(sr, suite_drv_buf());
    srunner_add_suite(sr, suite_drv_cmd());
    srunner_add_suite(sr, suite_drv_heap());
    srunner_add_suite(sr, suite_drv_layout());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
