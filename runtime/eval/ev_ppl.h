/*
 * Perplexity and the divergence of one run's next-token distributions from a base run's, as
 * llama.cpp's llama-perplexity computes them: a text cut into non-overlapping windows of n_ctx
 * tokens, the second half of each window scored (position j's logits predict token j + 1), the
 * perplexity exp(mean NLL) with the standard error of the mean NLL carried to it; against a base,
 * the mean KL divergence KL(base || this) with its standard error and maximum, and how often both
 * runs put the same token first.
 */
#ifndef EV_PPL_H
#define EV_PPL_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    double nll, nll_m2; /* running mean of -log p(next) over scored positions and its sum of squared
                           deviations (Welford: no cancellation when every value is alike) */
    double kld, kld_m2, kld_max;
    uint64_t count;     /* scored positions */
    uint64_t kl_count;  /* of which compared with a base */
    uint64_t top1_same; /* ... where both runs' most likely token is the same */
} ev_ppl;

typedef struct {
    double ppl, ppl_err;           /* exp(mean NLL) and its standard error */
    double nll_mean;
    double kld_mean, kld_err, kld_max;
    double top1;                   /* share of compared positions with the same most likely token */
    uint64_t count, kl_count;
} ev_ppl_result;

void ev_ppl_init(ev_ppl *p);

/* One scored position: the n_vocab logits that predict token `next`. The log-probabilities are
 * written to logp (n_vocab floats, required) and the most likely token to *top. With base_logp (the
 * base run's log-probabilities of the same position, as this function wrote them then) and base_top,
 * the divergence KL(base || this) over those float log-probabilities is counted too.
 * Returns 0, or -1 when the logits hold a NaN or next is out of range. */
int ev_ppl_add(ev_ppl *p, const float *logits, size_t n_vocab, int32_t next, float *logp, int32_t *top,
               const float *base_logp, int32_t base_top);

void ev_ppl_result_get(const ev_ppl *p, ev_ppl_result *r);

#endif
