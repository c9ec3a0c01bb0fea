/* Check runner for tritium sweep (runtime/sweep/ and the command). */
#include <check.h>
#include <stdlib.h>

Suite *suite_sweep(void);

int main(void)
{
    SRunner *sr = srunner_create(suite_sweep());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
