/* Subcommands of the tritium CLI; each parses its own options and returns the process exit code. */
#ifndef CLI_H
#define CLI_H

int cli_matmul(int argc, char **argv); /* tritium matmul: one random ternary matmul, with a report */
int cli_info(int argc, char **argv);   /* tritium info: the hardware configuration discovered */
int cli_run(int argc, char **argv);    /* tritium run: generate text with a BitNet GGUF model */

#endif
