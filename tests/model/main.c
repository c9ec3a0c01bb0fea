/* Check runner for the model layer: forward pass, loading errors, sampling, the run report and its JSON. */
#include <stdlib.h>

#include "tests/model/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_sampler());
    srunner_add_suite(sr, suite_run_report());
    srunner_add_suite(sr, suite_json_writer());
    srunner_add_suite(sr, suite_model_errors());
    srunner_add_suite(sr, suite_model_forward());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
