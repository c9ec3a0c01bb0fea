/* Placeholder until this subcommand lands; replaced by its owner. */
#include <stdio.h>
#include "runtime/cli.h"

int cli_info(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tritium info: not built yet\n");
    return 1;
}
