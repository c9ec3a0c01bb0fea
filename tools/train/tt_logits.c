/*
 * tt-logits: tritium's logits at every position of a text, for the training code's cross-check
 * (tools/train/crosscheck.py compares them with PyTorch's forward pass of the same model).
 *
 *   tt-logits MODEL.gguf TEXT_FILE OUT.bin [--backend NAME] [--verify] [--tokens-only]
 *
 * The text is tokenized by tritium's tokenizer (BOS when the model asks for it, no special tokens
 * parsed), cut to the model's context, and run one token at a time (bit-identical to one batch,
 * docs/model.md) on the backend (default cpu). OUT.bin: "TTLG", u32 tokens n, u32 vocab v, n int32
 * ids, then n x v float32 logits (row i: the logits after token i), little-endian as the host.
 * --tokens-only: every token of the text, v = 0 and no logits (the tokenizer check of a whole file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/backend/rt_backend.h"
#include "runtime/gguf/gguf.h"
#include "runtime/model/model.h"
#include "runtime/tokenizer/tokenizer.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    if (fseek(fp, 0, SEEK_END) == 0) {
        long n = ftell(fp);
        if (n >= 0 && fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
            *len = fread(buf, 1, (size_t)n, fp);
            buf[*len] = 0;
        }
    }
    fclose(fp);
    return buf;
}

int main(int argc, char **argv)
{
    const char *backend = "cpu";
    int verify = 0, tokens_only = 0, bad = argc < 4;
    for (int i = 4; i < argc && !bad; i++) {
        if (!strcmp(argv[i], "--backend") && i + 1 < argc)
            backend = argv[++i];
        else if (!strcmp(argv[i], "--verify"))
            verify = 1;
        else if (!strcmp(argv[i], "--tokens-only"))
            tokens_only = 1;
        else
            bad = 1;
    }
    if (bad) {
        fprintf(stderr, "usage: tt-logits MODEL.gguf TEXT_FILE OUT.bin [--backend NAME] [--verify] [--tokens-only]\n");
        return 2;
    }
    char err[512] = "";
    int rc = 1;
    size_t tlen = 0, n = 0;
    char *text = read_file(argv[2], &tlen);
    gguf_file *f = gguf_open(argv[1], err, sizeof err);
    rt_backend_opts bo = {.verify = verify, .threads = 1};
    rt_backend *be = f ? rt_backend_open(backend, &bo, err, sizeof err) : NULL;
    model *m = NULL;
    model_ctx *c = NULL;
    tok_vocab *tx = NULL;
    int32_t *ids = NULL;
    float *logits = NULL;
    FILE *out = NULL;
    if (!text) {
        fprintf(stderr, "tt-logits: cannot read %s\n", argv[2]);
        goto done;
    }
    if (!f || !be || model_load(f, be, NULL, NULL, &m, err, sizeof err) != 0 ||
        !(tx = tok_load(f, err, sizeof err))) {
        fprintf(stderr, "tt-logits: %s: %s\n", argv[1], err);
        goto done;
    }
    const model_hparams *hp = model_get_hparams(m);
    if (tok_encode(tx, text, tlen, hp->add_bos, 0, &ids, &n, err, sizeof err) != 0 || n == 0) {
        fprintf(stderr, "tt-logits: tokenizing %s: %s\n", argv[2], n ? err : "no tokens");
        goto done;
    }
    if (n > hp->n_ctx && !tokens_only)
        n = hp->n_ctx;
    out = fopen(argv[3], "wb");
    uint32_t hdr[2] = {(uint32_t)n, tokens_only ? 0 : hp->n_vocab};
    if (!out || fwrite("TTLG", 1, 4, out) != 4 || fwrite(hdr, sizeof hdr, 1, out) != 1 ||
        fwrite(ids, sizeof *ids, n, out) != n)
        goto write_fail;
    if (tokens_only) {
        printf("tt-logits: %zu tokens\n", n);
        rc = 0;
        goto done;
    }
    c = model_ctx_new(m, (uint32_t)n, MODEL_KV_F32, err, sizeof err);
    logits = malloc(sizeof(float) * hp->n_vocab);
    if (!c || !logits) {
        fprintf(stderr, "tt-logits: %s\n", err[0] ? err : "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (model_forward(m, c, ids + i, 1, logits, err, sizeof err) != 0) {
            fprintf(stderr, "tt-logits: token %zu: %s\n", i, err);
            goto done;
        }
        if (fwrite(logits, sizeof *logits, hp->n_vocab, out) != hp->n_vocab)
            goto write_fail;
    }
    const rt_stats *st = rt_backend_stats(be);
    printf("tt-logits: %zu tokens on %s: %llu matmuls, %llu offloaded, %llu mismatches\n", n, rt_backend_name(be),
           (unsigned long long)st->calls, (unsigned long long)st->offloaded, (unsigned long long)st->mismatches);
    rc = st->mismatches || st->fallbacks ? 1 : 0;
    goto done;
write_fail:
    fprintf(stderr, "tt-logits: writing %s failed\n", argv[3]);
done:
    if (out && fclose(out) != 0)
        rc = 1;
    free(logits);
    free(ids);
    model_ctx_free(c);
    tok_free(tx);
    model_free(m);
    rt_backend_close(be);
    gguf_close(f);
    free(text);
    return rc;
}
