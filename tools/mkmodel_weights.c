/*
 * Deterministic random weights for tritium-mkmodel. Every tensor draws from its own generator seeded
 * by (model seed, tensor name), so files written with different encodings hold the same values:
 * ternary layers are random floats ternarized by kr_tern_from_float, with the scale rounded to fp16
 * so I2_S (f32 scale) and TQ1_0/TQ2_0 (fp16 d) decode to identical canonical weights.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "kernels_ref/kr_ternary.h"
#include "tools/mkmodel.h"

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [-1, 1). */
static float uni(uint64_t *s) { return (float)(splitmix(s) >> 40) / 8388608.0f - 1.0f; }

uint64_t mk_tensor_seed(uint64_t seed, const char *name)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    uint64_t s = seed ^ h;
    return splitmix(&s);
}

static int fill_ternary(const mk_tensor *t, uint8_t *dst, size_t nbytes, char *err, size_t errlen)
{
    const size_t rows = (size_t)t->rows, cols = (size_t)t->cols;
    float *w = malloc(rows * cols * sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory for %zu x %zu floats", rows, cols);
        return -1;
    }
    uint64_t s = t->seed;
    for (size_t i = 0; i < rows * cols; i++)
        w[i] = uni(&s);
    kr_tern tw = {0};
    kr_status st = kr_tern_from_float(&tw, w, rows, cols);
    free(w);
    if (st == KR_OK) {
        tw.scale = kr_scale_round_f16(tw.scale);
        st = t->type == GGUF_T_I2_S    ? kr_tern_to_i2s(&tw, dst, nbytes)
             : t->type == GGUF_T_TQ2_0 ? kr_tern_to_tq2(&tw, dst, nbytes)
                                       : kr_tern_to_tq1(&tw, dst, nbytes);
    }
    kr_tern_free(&tw);
    if (st != KR_OK) {
        snprintf(err, errlen, "ternary encoding failed: %s", kr_strerror(st));
        return -1;
    }
    return 0;
}

/* Embedding rows are generated, encoded and written a block of rows at a time, so the largest
 * tensor of the model (656 MB for 2B4T in F16) is never in memory whole. */
int mk_produce_embd(void *ctx, gguf_sink *sink, char *err, size_t errlen)
{
    enum { ROWS = 64 };
    const mk_tensor *t = ctx;
    const size_t cols = (size_t)t->cols, rb = gguf_type_bytes(t->type, cols);
    float *row = malloc(cols * sizeof *row);
    uint8_t *out = malloc(rb * ROWS);
    if (!row || !out || rb == 0) {
        free(row);
        free(out);
        snprintf(err, errlen, rb ? "out of memory for %d embedding rows" : "embedding rows of %d x 0 bytes", ROWS);
        return -1;
    }
    uint64_t s = t->seed;
    kr_status st = KR_OK;
    int rc = 0;
    for (uint64_t r0 = 0; r0 < t->rows && st == KR_OK && !rc; r0 += ROWS) {
        size_t n = t->rows - r0 < ROWS ? (size_t)(t->rows - r0) : ROWS;
        for (size_t k = 0; k < n && st == KR_OK; k++) {
            uint8_t *o = out + k * rb;
            for (size_t c = 0; c < cols; c++)
                row[c] = 0.05f * uni(&s);
            if (t->type == GGUF_T_F16) {
                for (size_t c = 0; c < cols; c++) {
                    uint16_t h = kr_f32_to_f16(row[c]);
                    memcpy(o + 2 * c, &h, 2);
                }
            } else if (t->type == GGUF_T_Q8_0) {
                st = kr_q8_0_from_f32(row, cols, o, rb);
            } else {
                st = kr_q6_k_from_f32(row, cols, o, rb);
            }
        }
        if (st == KR_OK && gguf_sink_write(sink, out, n * rb) != 0) {
            snprintf(err, errlen, "writing embedding rows %llu.. failed", (unsigned long long)r0);
            rc = -1;
        }
    }
    free(row);
    free(out);
    if (st != KR_OK) {
        snprintf(err, errlen, "embedding encoding failed: %s", kr_strerror(st));
        return -1;
    }
    return rc;
}

int mk_fill(void *ctx, uint8_t *dst, size_t nbytes, char *err, size_t errlen)
{
    const mk_tensor *t = ctx;
    if (t->kind == MK_TERNARY)
        return fill_ternary(t, dst, nbytes, err, errlen);
    /* Norm gains near 1, as in a trained model, so activations keep their scale. */
    uint64_t s = t->seed;
    for (size_t i = 0; i < nbytes / 4; i++) {
        float v = 1.0f + 0.1f * uni(&s);
        memcpy(dst + 4 * i, &v, 4);
    }
    return 0;
}
