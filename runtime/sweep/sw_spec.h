/*
 * A sweep specification (docs/sweep.md): the axes swept (hardware parameters, weight format, clock,
 * memory speed), the workload (a GGUF model or the 2b4t preset) and its phases, and the host whose
 * CPU work completes a token. Read from a TOML file (the subset a sweep needs: tables, key = value,
 * integers, floats, strings, booleans, arrays of them, comments) or a JSON file of the same tables,
 * and from command-line `--set key=v1,v2,...` ranges. The points are the Cartesian product of the
 * axes, the first axis varying slowest.
 */
#ifndef SW_SPEC_H
#define SW_SPEC_H

#include <stddef.h>
#include <stdint.h>

#define SW_MAX_AXES 24
#define SW_MAX_VALUES 64
#define SW_VALUE_LEN 64

/* One swept key: its canonical name and its values as written (numbers as text). */
typedef struct {
    char key[32];
    size_t n;
    char val[SW_MAX_VALUES][SW_VALUE_LEN];
} sw_axis;

typedef struct {
    sw_axis axis[SW_MAX_AXES];
    size_t naxes;
    char workload[512]; /* "2b4t" or a GGUF file */
    uint32_t context;   /* decode: the context length a token attends over */
    uint32_t prefill;   /* prefill: the prompt's tokens (0 = no prefill phase) */
    double host_gbs;    /* host model: memory read bandwidth, GB/s (0 = measure this machine) */
    double host_gflops; /* host model: float throughput, GFLOP/s (0 = measure this machine) */
    char host_name[64]; /* what the host model describes ("this machine" when measured) */
} sw_spec;

/* The keys a sweep takes, one per line: "table.key  what it is" (for --help and errors). */
const char *sw_spec_keys(void);

/* Defaults: the 2b4t preset, context 512, prefill 128, measured host, no axes. */
void sw_spec_init(sw_spec *s);
/* Parses a TOML (json = 0) or JSON (json = 1) text into s (on top of what s holds). Returns 0, or -1
   with "line N: why" in err. */
int sw_spec_parse(sw_spec *s, const char *text, size_t len, int json, char *err, size_t errlen);
/* Reads a file (.json is JSON, anything else TOML). */
int sw_spec_load(sw_spec *s, const char *path, char *err, size_t errlen);
/* "key=v1,v2,..." (a key of any table, by its name alone: rows, bus, latency, prefill, ...). */
int sw_spec_set(sw_spec *s, const char *assignment, char *err, size_t errlen);

/* Number of points (1 when nothing is swept). */
size_t sw_spec_points(const sw_spec *s);
/* The value index of each axis at point i (idx has naxes entries). */
void sw_spec_point_index(const sw_spec *s, size_t i, size_t *idx);

#endif
