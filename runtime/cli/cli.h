/* Subcommands of the tritium CLI; each parses its own options and returns the process exit code. */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>

#include "runtime/backend/rt_backend.h"
#include "runtime/common/rt_log.h"

int cli_matmul(int argc, char **argv); /* tritium matmul: one random ternary matmul, with a report */
int cli_info(int argc, char **argv);   /* tritium info: the backends, their configurations, the hardware */
int cli_run(int argc, char **argv);    /* tritium run: generate text with a BitNet GGUF model */
int cli_sweep(int argc, char **argv);  /* tritium sweep: design-space exploration over hardware parameters */
int cli_perplexity(int argc, char **argv); /* tritium perplexity: perplexity over a text, KL from a base run */

/* Each command's command line parsed and checked, nothing run: 0 accepted, 1 --help, 2 a usage error
 * (its message printed). The fuzz harness of the command lines calls these. */
int cli_matmul_args(int argc, char **argv);
int cli_info_args(int argc, char **argv);
int cli_run_args(int argc, char **argv);
int cli_sweep_args(int argc, char **argv);
int cli_perplexity_args(int argc, char **argv);

/* Shared by the commands (cli_common.c). */

/* The libraries' log callback of every command: "tritium: <message>" on stderr. */
void cli_log_stderr(void *ctx, rt_log_level level, const char *msg);
/* Finds backend `name` in the registry (into *out); otherwise prints "<cmd>: unknown backend ..." with
 * the names this program has and returns -1. */
int cli_backend_lookup(const char *cmd, const char *name, rt_backend_desc *out);
/* The first backend of the registry with all of `caps` (0: the first one), else the first one. */
int cli_backend_default(unsigned caps, rt_backend_desc *out);
/* Checks that `config` is one of the configurations of backend d; otherwise prints why and returns -1. */
int cli_config_check(const char *cmd, const rt_backend_desc *d, const char *config);

#endif
