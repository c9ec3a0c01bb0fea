/*
 * libFuzzer harness: the command lines of tritium's commands, parsed and checked as the program does
 * before it runs anything (cli_<command>_args). Byte 0 picks the command (matmul, info, run, sweep, perplexity);
 * the rest is split at NUL bytes into its arguments (run_fuzz.sh closes the harness's stdout and stderr:
 * libFuzzer keeps its own copy). Nothing may crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum { MAX_ARGS = 32 };
    if (size < 1 || size > 4096)
        return 0;
    static int (*const cmds[])(int, char **) = {cli_matmul_args, cli_info_args, cli_run_args, cli_sweep_args,
                                                cli_perplexity_args};
    static const char *const names[] = {"matmul", "info", "run", "sweep", "perplexity"};
    const unsigned which = data[0] % 5;
    char *buf = malloc(size);
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = 0;
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)names[which];
    for (char *p = buf; p < buf + size - 1 && argc < MAX_ARGS + 1; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;
    const int rc = cmds[which](argc, argv);
    if (rc < 0 || rc > 2)
        abort();
    free(buf);
    return 0;
}
