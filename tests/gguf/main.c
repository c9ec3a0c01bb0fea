/* Check runner for the GGUF reader/writer, the block codecs and mkmodel's files. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "tests/gguf/suites.h"

char tg_bin_dir[4096];

int main(int argc, char **argv)
{
    (void)argc;
    char tmp[4096];
    strncpy(tmp, argv[0], sizeof tmp - 1);
    tmp[sizeof tmp - 1] = 0;
    strncpy(tg_bin_dir, dirname(tmp), sizeof tg_bin_dir - 1);
    SRunner *sr = srunner_create(suite_gguf_rw());
    srunner_add_suite(sr, suite_gguf_corrupt());
    srunner_add_suite(sr, suite_blockfmt());
    srunner_add_suite(sr, suite_gguf_tern());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
