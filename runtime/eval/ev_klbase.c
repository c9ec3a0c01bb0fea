#include "runtime/eval/ev_klbase.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/common/rt_fail.h"

static const char k_magic[8] = {'T', 'R', 'K', 'L', 'B', 'A', 'S', '2'};

struct ev_klbase {
    FILE *f;
    int writing;
    ev_klbase_dims d;
    uint32_t window;  /* windows started */
    int32_t *tokens;  /* one window read back */
};

static ev_klbase *make(FILE *f, int writing, const ev_klbase_dims *d, char *err, size_t errlen)
{
    ev_klbase *b = calloc(1, sizeof *b);
    if (!b || !(b->tokens = malloc(sizeof *b->tokens * d->n_ctx))) {
        free(b);
        fclose(f);
        rt_fail(err, errlen, "out of memory for the KL base");
        return NULL;
    }
    b->f = f;
    b->writing = writing;
    b->d = *d;
    return b;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

ev_klbase *ev_klbase_create(const char *path, const ev_klbase_dims *d, char *err, size_t errlen)
{
    if (!d->n_vocab || !d->n_ctx || d->first >= d->n_ctx) {
        rt_fail(err, errlen, "KL base: bad dimensions");
        return NULL;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        rt_fail(err, errlen, "cannot create %s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t h[24];
    memcpy(h, k_magic, 8);
    put_u32(h + 8, d->n_vocab);
    put_u32(h + 12, d->n_ctx);
    put_u32(h + 16, d->first);
    put_u32(h + 20, d->chunks);
    if (fwrite(h, 1, sizeof h, f) != sizeof h) {
        fclose(f);
        rt_fail(err, errlen, "cannot write %s", path);
        return NULL;
    }
    return make(f, 1, d, err, errlen);
}

ev_klbase *ev_klbase_open(const char *path, ev_klbase_dims *d, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        rt_fail(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t h[24];
    if (fread(h, 1, sizeof h, f) != sizeof h || memcmp(h, k_magic, 8)) {
        fclose(f);
        rt_fail(err, errlen, "%s is not a KL base written by tritium perplexity --kl-base", path);
        return NULL;
    }
    d->n_vocab = get_u32(h + 8);
    d->n_ctx = get_u32(h + 12);
    d->first = get_u32(h + 16);
    d->chunks = get_u32(h + 20);
    if (!d->n_vocab || d->n_vocab > (1u << 24) || !d->n_ctx || d->n_ctx > (1u << 24) || d->first >= d->n_ctx) {
        fclose(f);
        rt_fail(err, errlen, "%s: a KL base with impossible dimensions (vocabulary %u, context %u)", path,
                (unsigned)d->n_vocab, (unsigned)d->n_ctx);
        return NULL;
    }
    return make(f, 0, d, err, errlen);
}

int ev_klbase_window(ev_klbase *b, const int32_t *tokens, char *err, size_t errlen)
{
    const uint32_t w = b->window++;
    if (w >= b->d.chunks)
        return rt_fail(err, errlen, "KL base: more windows than the %u it holds", (unsigned)b->d.chunks);
    if (b->writing)
        return fwrite(tokens, sizeof *tokens, b->d.n_ctx, b->f) == b->d.n_ctx ? 0
                                                                              : rt_fail(err, errlen, "KL base: write failed");
    if (fread(b->tokens, sizeof *b->tokens, b->d.n_ctx, b->f) != b->d.n_ctx)
        return rt_fail(err, errlen, "KL base: the file ends in window %u", (unsigned)w);
    for (uint32_t i = 0; i < b->d.n_ctx; i++)
        if (b->tokens[i] != tokens[i])
            return rt_fail(err, errlen,
                           "KL base: window %u, token %u is %d here and %d in the base: not the same text, "
                           "tokenizer or context size",
                           (unsigned)w, (unsigned)i, (int)tokens[i], (int)b->tokens[i]);
    return 0;
}

int ev_klbase_position(ev_klbase *b, float *logp, int32_t *top, char *err, size_t errlen)
{
    const size_t n = b->d.n_vocab;
    if (b->writing) {
        if (fwrite(top, sizeof *top, 1, b->f) != 1 || fwrite(logp, sizeof *logp, n, b->f) != n)
            return rt_fail(err, errlen, "KL base: write failed");
        return 0;
    }
    if (fread(top, sizeof *top, 1, b->f) != 1 || fread(logp, sizeof *logp, n, b->f) != n)
        return rt_fail(err, errlen, "KL base: the file ends early");
    if (*top < 0 || (uint32_t)*top >= n)
        return rt_fail(err, errlen, "KL base: a top token outside the vocabulary");
    for (size_t i = 0; i < n; i++)
        if (!(logp[i] <= 0)) /* a log-probability; NaN fails too */
            return rt_fail(err, errlen, "KL base: a log-probability above 0 or not a number");
    return 0;
}

int ev_klbase_is_writing(const ev_klbase *b) { return b && b->writing; }

int ev_klbase_close(ev_klbase *b, char *err, size_t errlen)
{
    if (!b)
        return 0;
    int rc = 0;
    if (b->writing && b->window != b->d.chunks)
        rc = rt_fail(err, errlen, "KL base: %u of %u windows written", (unsigned)b->window, (unsigned)b->d.chunks);
    if (fclose(b->f) != 0 && b->writing && !rc)
        rc = rt_fail(err, errlen, "KL base: cannot finish the file: %s", strerror(errno));
    free(b->tokens);
    free(b);
    return rc;
}
