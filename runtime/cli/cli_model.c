/* The options and the loading step of the commands that run a model (tritium run, tritium perplexity). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv_layout.h"
#include "runtime/cli/cli.h"

void cli_model_defaults(cli_model_opts *o)
{
    memset(o, 0, sizeof *o);
    rt_backend_desc first;
    o->backend = rt_backend_desc_at(0, &first) == 0 ? first.name : NULL;
}

void cli_model_usage(FILE *f)
{
    fprintf(f,
            "      --backend NAME   where the ternary matmuls run (default: the first backend; tritium info\n"
            "                       lists them: cpu = the fast CPU kernels, sim = the cycle-accurate model,\n"
            "                       tlm = the SystemC model with the same cycle counts, fast)\n"
            "      --verify         check every offloaded matmul against kernels_ref, bit for bit\n"
            "      --freq MHZ       modeled accelerator clock (default %.0f)\n"
            "      --config NAME    hardware configuration of a device backend: a name (tritium info lists\n"
            "                       them), a parameter list or a .toml file of parameters\n"
            "      --hw LIST        the same: rows=32,cols=32,bus=512 (every other parameter at its default;\n"
            "                       a new configuration's model is built once and cached)\n"
            "      --weights FMT    device weight stream: 2bit or base3 (1.6 bits per weight, 20%% fewer\n"
            "                       bytes, the same results; default: base3 where the device decodes it)\n"
            "  -t, --threads T      CPU threads for attention, head and cpu matmuls (default: all cores)\n"
            "      --cpu-weights L  how the cpu backend stores ternary weights: 2bit, base3 (1.6 bits a\n"
            "                       weight: fewer bytes per token, more decoding) or auto (default: the\n"
            "                       faster for this CPU and thread count, see docs/kernels.md)\n"
            "      --head-int8      compute the logits from an int8 copy of the head (about half the bytes per\n"
            "                       token of an F16 head; slightly less accurate, see docs/kernels.md)\n"
            "      --kv TYPE        KV cache: f32 (default, keys and values as computed) or f16 (rounded\n"
            "                       to binary16 as llama.cpp's default: half the cache bytes per token)\n",
            RT_DEFAULT_FREQ_MHZ);
}

int cli_model_opt(const char *cmd, int c, const char *arg, cli_model_opts *o)
{
    double v;
    switch (c) {
    case CLI_O_BACKEND: o->backend = arg; return 0;
    case CLI_O_CONFIG: o->config = arg; return 0;
    case CLI_O_VERIFY: o->verify = 1; return 0;
    case CLI_O_HEAD_INT8: o->head_int8 = 1; return 0;
    case CLI_O_WEIGHTS:
        if (tdrv_wfmt_parse(arg, &(tdrv_wfmt){0})) {
            fprintf(stderr, "%s: --weights: '%s' is not a weight format (choose 2bit or base3)\n", cmd, arg);
            return 2;
        }
        o->weights = arg;
        return 0;
    case CLI_O_FREQ:
        if (cli_number(arg, 1, 100000, &o->freq)) {
            fprintf(stderr, "%s: --freq: '%s' is not a clock in MHz (1 to 100000)\n", cmd, arg);
            return 2;
        }
        return 0;
    case 't':
        if (cli_whole(arg, 1, 1024, &v)) {
            fprintf(stderr, "%s: --threads: '%s' is not a whole number from 1 to 1024\n", cmd, arg);
            return 2;
        }
        o->threads = (int)v;
        return 0;
    case CLI_O_CPU_WEIGHTS:
        if (rt_cpu_weights_parse(arg, &o->cpu_weights)) {
            fprintf(stderr, "%s: --cpu-weights: '%s' is not a weight layout (choose 2bit, base3 or auto)\n", cmd, arg);
            return 2;
        }
        return 0;
    case CLI_O_KV:
        if (model_kv_parse(arg, &o->kv)) {
            fprintf(stderr, "%s: --kv: '%s' is not a KV cache type (choose f32 or f16)\n", cmd, arg);
            return 2;
        }
        return 0;
    default: return 1;
    }
}

int cli_model_check(const char *cmd, const cli_model_opts *o)
{
    rt_backend_desc d;
    return cli_backend_lookup(cmd, o->backend, &d) || cli_config_check(cmd, &d, o->config) ? -1 : 0;
}

int cli_model_open(const char *cmd, const cli_model_opts *o, gguf_file *f, const char *path, kr_pool **pool,
                   rt_backend **be, model **m)
{
    char err[512] = "";
    rt_backend_opts bo = {.verify = o->verify, .freq_mhz = o->freq, .threads = o->threads,
                          .cpu_weights = o->cpu_weights, .config = o->config, .weights = o->weights,
                          .log = {cli_log_stderr, NULL}};
    /* One pool for the model's CPU work and the cpu backend's matmuls: two would oversubscribe. */
    if (!(*pool = kr_pool_new(o->threads))) {
        fprintf(stderr, "%s: cannot start %d CPU threads\n", cmd, o->threads);
        return -1;
    }
    bo.pool = *pool;
    if (!(*be = rt_backend_open(o->backend, &bo, err, sizeof err))) {
        fprintf(stderr, "%s: backend '%s': %s\n", cmd, o->backend, err);
        return -1;
    }
    const model_opts mo = {.head_int8 = o->head_int8};
    if (model_load(f, *be, *pool, &mo, m, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s: %s\n", cmd, path, err);
        return -1;
    }
    return 0;
}
