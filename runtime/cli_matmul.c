/* Placeholder until this subcommand lands; replaced by its owner. */
#include <stdio.h>
#include "runtime/cli.h"

int cli_matmul(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tritium matmul: not built yet\n");
    return 1;
}
