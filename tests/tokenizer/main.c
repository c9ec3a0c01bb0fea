/* Check runner for the tokenizer. */
#include <stdlib.h>

#include "tests/tokenizer/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(suite_tok_bytes());
    srunner_add_suite(sr, suite_tok_llama3());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
