/* Subcommands of the tritium CLI; each parses its own options and returns the process exit code. */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "runtime/backend/rt_backend.h"
#include "runtime/common/rt_log.h"
#include "kernels_fast/kr_pool.h"
#include "runtime/gguf/gguf.h"
#include "runtime/model/model.h"

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

/* The options of the commands that run a model (cli_model.c): where the matmuls run, how the model is
 * computed. A command lists CLI_MODEL_LONGOPTS in its getopt_long table, hands every code to
 * cli_model_opt, checks with cli_model_check and loads with cli_model_open. */
typedef struct {
    const char *backend, *config, *weights;
    int verify, threads, head_int8;
    rt_cpu_weights cpu_weights;
    model_kv_type kv;
    double freq;
} cli_model_opts;

enum { CLI_O_BACKEND = 512, CLI_O_CONFIG, CLI_O_WEIGHTS, CLI_O_VERIFY, CLI_O_FREQ, CLI_O_CPU_WEIGHTS, CLI_O_HEAD_INT8,
       CLI_O_KV };
#define CLI_MODEL_LONGOPTS                                                                                   \
    {"backend", required_argument, 0, CLI_O_BACKEND}, {"config", required_argument, 0, CLI_O_CONFIG},       \
        {"hw", required_argument, 0, CLI_O_CONFIG}, {"weights", required_argument, 0, CLI_O_WEIGHTS},       \
        {"verify", no_argument, 0, CLI_O_VERIFY}, {"freq", required_argument, 0, CLI_O_FREQ},               \
        {"threads", required_argument, 0, 't'}, {"cpu-weights", required_argument, 0, CLI_O_CPU_WEIGHTS},  \
        {"head-int8", no_argument, 0, CLI_O_HEAD_INT8}, {"kv", required_argument, 0, CLI_O_KV}

/* Defaults: the registry's first backend, everything else zero (f32 KV cache, all cores). */
void cli_model_defaults(cli_model_opts *o);
/* The help lines of these options. */
void cli_model_usage(FILE *f);
/* Takes getopt code c (with its argument) when it is one of these options: 0 taken, 1 not one of them,
 * 2 a bad value (the message printed, prefixed by cmd). -t is the threads option. */
int cli_model_opt(const char *cmd, int c, const char *arg, cli_model_opts *o);
/* The backend exists and the configuration is one of its own (the message printed): 0 or -1. */
int cli_model_check(const char *cmd, const cli_model_opts *o);
/* Starts the CPU threads, opens the backend and loads the model of f; the reason printed on failure. */
int cli_model_open(const char *cmd, const cli_model_opts *o, gguf_file *f, const char *path, kr_pool **pool,
                   rt_backend **be, model **m);

/* Shared by the commands (cli_common.c). */

/* A number option's value: all of s a finite number in [lo, hi]: 0, or -1. */
int cli_number(const char *s, double lo, double hi, double *out);
/* The same for a whole number. */
int cli_whole(const char *s, double lo, double hi, double *out);
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
