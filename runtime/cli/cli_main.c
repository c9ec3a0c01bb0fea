/* tritium: command-line entry; dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "runtime/cli/cli.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *what;
} k_cmds[] = {
    {"run", cli_run, "generate text with a BitNet b1.58 GGUF model (cpu or simulated accelerator)"},
    {"matmul", cli_matmul, "run one random ternary matmul and report its cost"},
    {"info", cli_info, "print the hardware configuration the driver discovers"},
    {"sweep", cli_sweep, "model the workload over a grid of hardware parameters (design-space exploration)"},
    {"perplexity", cli_perplexity, "perplexity of a model over a text, and its KL divergence from a base run"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: tritium <command> [options]   (tritium <command> --help for its options)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof k_cmds / sizeof k_cmds[0]; i++)
        fprintf(f, "  %-8s %s\n", k_cmds[i].name, k_cmds[i].what);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof k_cmds / sizeof k_cmds[0]; i++)
        if (!strcmp(argv[1], k_cmds[i].name))
            return k_cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "tritium: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
