/* Sampling. Candidates are sorted by logit (then id) so a seed gives the same token on every machine. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/sampler/sampler.h"
#include "runtime/common/rt_fail.h"

typedef struct {
    float logit;
    int32_t id;
} cand;

struct sampler {
    sampler_params p;
    size_t n;
    uint64_t s[4];   /* xoshiro256** state */
    cand *c;
    double *prob;
};

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next_u64(sampler *s)
{
    uint64_t r = rotl(s->s[1] * 5, 7) * 9, t = s->s[1] << 17;
    s->s[2] ^= s->s[0];
    s->s[3] ^= s->s[1];
    s->s[1] ^= s->s[2];
    s->s[0] ^= s->s[3];
    s->s[2] ^= t;
    s->s[3] = rotl(s->s[3], 45);
    return r;
}

double sampler_uniform(sampler *s) { return (double)(next_u64(s) >> 11) * (1.0 / 9007199254740992.0); }

sampler *sampler_new(const sampler_params *p, size_t n_vocab, char *err, size_t errlen)
{
    if (!p || n_vocab == 0 || n_vocab > (size_t)INT32_MAX) {
        rt_fail(err, errlen, "sampler: needs parameters and a vocabulary of 1 to 2^31-1 tokens (got %zu)", n_vocab);
        return NULL;
    }
    if (!isfinite(p->temp)) {
        rt_fail(err, errlen, "sampler: temperature must be a finite number");
        return NULL;
    }
    if (!(p->top_p > 0.0f)) {
        rt_fail(err, errlen, "sampler: top-p must be in (0, 1] (got %g)", (double)p->top_p);
        return NULL;
    }
    sampler *s = calloc(1, sizeof *s);
    if (!s || !(s->c = malloc(sizeof(cand) * n_vocab)) || !(s->prob = malloc(sizeof(double) * n_vocab))) {
        sampler_free(s);
        rt_fail(err, errlen, "sampler: out of memory for %zu candidates", n_vocab);
        return NULL;
    }
    s->p = *p;
    s->n = n_vocab;
    uint64_t x = p->seed;
    for (int i = 0; i < 4; i++)
        s->s[i] = splitmix(&x);
    return s;
}

void sampler_free(sampler *s)
{
    if (!s)
        return;
    free(s->c);
    free(s->prob);
    free(s);
}

/* Descending logit, then ascending id: a total order, so the result never depends on qsort. */
static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->logit != y->logit)
        return x->logit > y->logit ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static int better(const cand *a, const cand *b) { return cand_cmp(a, b) < 0; }

/* Restores the heap of the k kept candidates (root = worst kept) below position j. */
static void sift_down(cand *c, size_t k, size_t j)
{
    for (;;) {
        size_t l = 2 * j + 1, r = l + 1, w = j;
        if (l < k && better(&c[w], &c[l])) w = l;
        if (r < k && better(&c[w], &c[r])) w = r;
        if (w == j) break;
        cand t = c[j]; c[j] = c[w]; c[w] = t; j = w;
    }
}

/* Keeps the k best of the n candidates in c[0..k) (a min-heap on "better"), then sorts them. */
static void top_k(cand *c, size_t n, size_t k)
{
    for (size_t i = k / 2; i-- > 0;)
        sift_down(c, k, i);
    for (size_t i = k; i < n; i++) {
        if (!better(&c[i], &c[0]))
            continue;
        c[0] = c[i];
        sift_down(c, k, 0);
    }
    qsort(c, k, sizeof *c, cand_cmp);
}

int32_t sampler_sample(sampler *s, const float *logits)
{
    if (!s || !logits)
        return -1;
    if (s->p.temp <= 0.0f) {
        /* Greedy: the first largest non-NaN logit, read in place: copying 128 K candidates showed in
         * a decode profile (docs/model.md). */
        int32_t best = -1;
        for (size_t i = 0; i < s->n; i++)
            if (!isnan(logits[i]) && (best < 0 || logits[i] > logits[best]))
                best = (int32_t)i;
        return best;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (isnan(logits[i]))
            continue;
        s->c[n].logit = logits[i];
        s->c[n].id = (int32_t)i;
        n++;
    }
    if (n == 0)
        return -1;
    size_t k = n;
    if (s->p.top_k > 0 && (size_t)s->p.top_k < n) {
        k = (size_t)s->p.top_k;
        top_k(s->c, n, k);
    } else {
        qsort(s->c, n, sizeof *s->c, cand_cmp);
    }
    /* Softmax at temperature over the kept candidates (c[0] is the largest logit). */
    double mx = (double)s->c[0].logit / s->p.temp, sum = 0.0;
    for (size_t i = 0; i < k; i++) {
        s->prob[i] = exp((double)s->c[i].logit / s->p.temp - mx);
        sum += s->prob[i];
    }
    if (s->p.top_p < 1.0f) {
        double cum = 0.0;
        size_t keep = k;
        for (size_t i = 0; i < k; i++) {
            cum += s->prob[i] / sum;
            if (cum >= s->p.top_p) {
                keep = i + 1;
                break;
            }
        }
        k = keep;
        sum = 0.0;
        for (size_t i = 0; i < k; i++)
            sum += s->prob[i];
    }
    double r = sampler_uniform(s) * sum, acc = 0.0;
    for (size_t i = 0; i < k; i++) {
        acc += s->prob[i];
        if (r < acc)
            return s->c[i].id;
    }
    return s->c[k - 1].id;
}
