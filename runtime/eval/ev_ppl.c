#include "runtime/eval/ev_ppl.h"

#include <math.h>
#include <string.h>

void ev_ppl_init(ev_ppl *p) { memset(p, 0, sizeof *p); }

/* the n-th value x into a running mean and sum of squared deviations */
static void welford(double *mean, double *m2, uint64_t n, double x)
{
    const double d = x - *mean;
    *mean += d / (double)n;
    *m2 += d * (x - *mean);
}

int ev_ppl_add(ev_ppl *p, const float *logits, size_t n_vocab, int32_t next, float *logp, int32_t *top,
               const float *base_logp, int32_t base_top)
{
    if (n_vocab == 0 || next < 0 || (size_t)next >= n_vocab)
        return -1;
    size_t best = 0;
    for (size_t i = 0; i < n_vocab; i++) {
        if (isnan(logits[i]))
            return -1;
        if (logits[i] > logits[best])
            best = i;
    }
    /* log-softmax in double: the sum of exponentials of a large vocabulary loses bits in float */
    const double mx = logits[best];
    double sum = 0;
    for (size_t i = 0; i < n_vocab; i++)
        sum += exp((double)logits[i] - mx);
    const double lse = mx + log(sum);
    for (size_t i = 0; i < n_vocab; i++)
        logp[i] = (float)((double)logits[i] - lse);
    *top = (int32_t)best;
    const double nll = lse - (double)logits[next];
    p->count++;
    welford(&p->nll, &p->nll_m2, p->count, nll);
    if (base_logp) {
        double kl = 0;
        for (size_t i = 0; i < n_vocab; i++) {
            const double lb = base_logp[i];
            kl += exp(lb) * (lb - (double)logp[i]); /* both rounded to float alike: a run equal to its base gives 0 */
        }
        if (kl < 0) /* rounding of a near-zero divergence */
            kl = 0;
        p->kl_count++;
        welford(&p->kld, &p->kld_m2, p->kl_count, kl);
        if (kl > p->kld_max)
            p->kld_max = kl;
        p->top1_same += base_top == (int32_t)best;
    }
    return 0;
}

/* standard error of the mean of n values whose squared deviations sum to m2 */
static double sem(double m2, uint64_t n) { return n < 2 || m2 <= 0 ? 0 : sqrt(m2 / (double)(n - 1) / (double)n); }

void ev_ppl_result_get(const ev_ppl *p, ev_ppl_result *r)
{
    memset(r, 0, sizeof *r);
    r->count = p->count;
    r->kl_count = p->kl_count;
    if (p->count) {
        r->nll_mean = p->nll;
        r->ppl = exp(r->nll_mean);
        r->ppl_err = r->ppl * sem(p->nll_m2, p->count); /* d exp(x) = exp(x) dx */
    }
    if (p->kl_count) {
        r->kld_mean = p->kld;
        r->kld_err = sem(p->kld_m2, p->kl_count);
        r->kld_max = p->kld_max;
        r->top1 = (double)p->top1_same / (double)p->kl_count;
    }
}
