/* Next-token sampling: greedy, temperature, top-k, top-p, with its own seeded PRNG (no globals). */
#ifndef SAMPLER_H
#define SAMPLER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    float temp;     /* <= 0: greedy (argmax, lowest id on ties) */
    int top_k;      /* <= 0: no limit */
    float top_p;    /* >= 1: no limit; must be > 0 */
    uint64_t seed;
} sampler_params;

typedef struct sampler sampler;

/* NULL with the reason in err for bad parameters (top_p <= 0, non-finite temp) or n_vocab == 0. */
sampler *sampler_new(const sampler_params *p, size_t n_vocab, char *err, size_t errlen);
void sampler_free(sampler *s);
/* Picks a token from n_vocab logits (not modified). Returns the id, or -1 if every logit is NaN. */
int32_t sampler_sample(sampler *s, const float *logits);
/* The PRNG: uniform double in [0, 1) (exposed for tests). */
double sampler_uniform(sampler *s);

#endif
