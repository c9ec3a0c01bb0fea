/*
 * The base run of a KL-divergence comparison, in a file (tritium perplexity --kl-base): a header
 * ("TRKLBAS2", then n_vocab, n_ctx, the first scored position and the number of windows as uint32
 * little-endian), then per window its n_ctx token ids (int32), so that a later run can check that it
 * scores the same tokens, and per scored position the most likely token (int32) and the n_vocab
 * log-probabilities as float32 (host byte order): exactly what this run compares, so a run equal to
 * its base diverges by exactly 0 (binary16 would leave a floor of about 4e-5).
 */
#ifndef EV_KLBASE_H
#define EV_KLBASE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ev_klbase ev_klbase;

typedef struct {
    uint32_t n_vocab, n_ctx, first, chunks;
} ev_klbase_dims;

/* A new base file (truncated if it exists). NULL with the reason in err. */
ev_klbase *ev_klbase_create(const char *path, const ev_klbase_dims *d, char *err, size_t errlen);
/* An existing base file, its header read into *d. NULL with the reason in err. */
ev_klbase *ev_klbase_open(const char *path, ev_klbase_dims *d, char *err, size_t errlen);
/* The next window's tokens: written, or read and compared (-1 with the first difference in err). */
int ev_klbase_window(ev_klbase *b, const int32_t *tokens, char *err, size_t errlen);
/* The next scored position: logp/top written, or the base's read into them. 0 or -1 (err). */
int ev_klbase_position(ev_klbase *b, float *logp, int32_t *top, char *err, size_t errlen);
/* 1 when b is being written (this run is the base), 0 when it is read. */
int ev_klbase_is_writing(const ev_klbase *b);
/* Closes; for a file being written, -1 when it could not be completed (err). Frees b either way. */
int ev_klbase_close(ev_klbase *b, char *err, size_t errlen);

#endif
