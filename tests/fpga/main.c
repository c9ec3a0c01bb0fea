/* Check runner for the fpga backend on an emulated board (tests/fpga/fpga_emu.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

Suite *suite_fpga(void);

int main(void)
{
#if !defined(__x86_64__)
    printf("test_fpga: the emulated board decodes x86-64 instructions; on this CPU its cases are not run\n");
#endif
    SRunner *sr = srunner_create(suite_fpga());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
