/* Placeholder until this subcommand lands; replaced by its owner. */
#include <stdio.h>
#include "runtime/cli.h"

int cli_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tritium run: not built yet\n");
    return 1;
}
