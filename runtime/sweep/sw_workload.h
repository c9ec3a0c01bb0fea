/*
 * What a sweep models: a model's ternary matmuls (shape and how many per token), and the figures
 * that size its CPU work (hidden size, heads, vocabulary, the head's bytes), from a GGUF file or the
 * 2b4t preset (BitNet b1.58 2B4T's shapes, with its 128 256-token F16 head).
 */
#ifndef SW_WORKLOAD_H
#define SW_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#define SW_MAX_MATMULS 32

typedef struct {
    char name[24];  /* the tensor's role: attn_q, ffn_down, ... */
    uint32_t m, k;  /* output x input features */
    uint32_t count; /* how many such matmuls one token runs (over every layer) */
} sw_matmul;

typedef struct {
    char name[128];
    uint32_t layers, n_embd, n_head, n_head_kv, head_dim, n_vocab;
    uint64_t head_bytes; /* bytes of the output head a token's logits read */
    sw_matmul mm[SW_MAX_MATMULS];
    size_t nmm;
} sw_workload;

/* "2b4t" or a GGUF path. Returns 0, or -1 with the reason in err. */
int sw_workload_load(const char *what, sw_workload *w, char *err, size_t errlen);

/* The host's CPU work per token, from a host model (read bandwidth GB/s, float GFLOP/s): decode at a
 * context of ctx positions (the head, the KV cache read, attention's arithmetic), and a prefill of p
 * tokens per token (attention over p/2 positions on average, one head for the last token). Seconds. */
double sw_cpu_decode_s(const sw_workload *w, uint32_t ctx, double gbs, double gflops);
double sw_cpu_prefill_s(const sw_workload *w, uint32_t p, double gbs, double gflops);

#endif
