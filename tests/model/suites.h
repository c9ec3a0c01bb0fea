#ifndef TESTS_MODEL_SUITES_H
#define TESTS_MODEL_SUITES_H
#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels_ref/kr_ternary.h"
#include "runtime/gguf/gguf.h"

Suite *suite_model_forward(void);
Suite *suite_model_errors(void);
Suite *suite_sampler(void);
Suite *suite_run_report(void);
Suite *suite_json_writer(void);

/* The tiny test model, kept in memory so the slow reference does not depend on the loader. */
enum { TM_EMBD = 256, TM_FF = 512, TM_LAYERS = 2, TM_HEADS = 4, TM_KV_HEADS = 2, TM_VOCAB = 300, TM_CTX = 64 };
enum { TM_NLIN = 7 };
typedef struct {
    float attn_norm[TM_EMBD], attn_sub_norm[TM_EMBD], ffn_norm[TM_EMBD], ffn_sub_norm[TM_FF];
    kr_tern lin[TM_NLIN]; /* q, k, v, o, gate, up, down */
} tm_layer;
typedef struct {
    uint16_t embd_f16[TM_VOCAB * TM_EMBD];
    float output_norm[TM_EMBD];
    tm_layer layers[TM_LAYERS];
} tm_model;

extern const char *const tm_lin_names[TM_NLIN];

/* Fills m from seed (scales fp16-representable so every encoding stores them exactly). */
void tm_build(tm_model *m, uint64_t seed);
void tm_free(tm_model *m);

/* What to break in a written file. */
typedef struct {
    const char *skip;       /* tensor name to leave out */
    const char *wrong_dims; /* tensor name written with one extra row */
    const char *arch;       /* NULL = "bitnet-b1.58" */
} tm_faults;

/* Writes m as a GGUF with ternary tensors in type t (I2_S, TQ1_0 or TQ2_0); 0 or fails the test. */
void tm_write(const tm_model *m, const char *path, gguf_type t, const tm_faults *faults);
/* A fresh path in a per-process temporary folder. */
void tm_path(char *buf, size_t len, const char *name);

/* The slow reference: full recompute over tokens[0..n), logits of the last token (double math).
 * upstream = 0: bitnet-b1.58 conventions (ReLU^2 gate); 1: llama.cpp "bitnet" (SiLU gate). NEOX RoPE. */
void tm_reference(const tm_model *m, int upstream, const int32_t *tokens, size_t n, float *logits);
/* The same with K and V rounded to binary16 (kv_f16 = 1), as a binary16 KV cache stores them. */
void tm_reference_kv(const tm_model *m, int upstream, int kv_f16, const int32_t *tokens, size_t n, float *logits);
#endif
