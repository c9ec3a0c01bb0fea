/*
 * libFuzzer harness: the tokenizer on arbitrary bytes, with the byte-level BPE vocabulary the build
 * writes (merges and special tokens). Byte 0 of the input chooses: bit 0 add BOS, bit 1 parse special
 * tokens, bit 2 decode the rest as a list of token ids instead. Properties checked (abort on failure):
 * every id encode gives is in the vocabulary; decode(encode(text)) is the text again, byte for byte,
 * without BOS and with special tokens rendered; encode(decode(ids)) decodes to the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/tokenizer/tokenizer.h"
#include "tests/fuzz/vocab_fixture.h"

static tok_vocab *vocab;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    vocab = fuzz_byte_vocab();
    return 0;
}

static void check_ids(const int32_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= tok_n_vocab(vocab))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int bos = data[0] & 1, special = (data[0] >> 1) & 1, as_ids = (data[0] >> 2) & 1;
    const char *text = (const char *)data + 1;
    const size_t len = size - 1;
    char err[256];
    if (as_ids) {
        /* any 32-bit ids, in or out of range: decode refuses or renders; a rendered text round-trips */
        size_t n = len / 4, out_len = 0;
        int32_t *ids = malloc((n ? n : 1) * sizeof *ids);
        memcpy(ids, text, n * 4);
        for (size_t i = 0; i < n; i++) {
            char piece[256];
            tok_token_to_piece(vocab, ids[i], special, piece, sizeof piece);
            tok_type(vocab, ids[i]);
            tok_is_eog(vocab, ids[i]);
        }
        char *s = tok_decode(vocab, ids, n, 1, &out_len, err, sizeof err);
        if (s) {
            int32_t *again = NULL;
            size_t m = 0;
            if (tok_encode(vocab, s, out_len, 0, 1, &again, &m, err, sizeof err) != 0)
                abort();
            check_ids(again, m);
            size_t len2 = 0;
            char *s2 = tok_decode(vocab, again, m, 1, &len2, err, sizeof err);
            if (!s2 || len2 != out_len || memcmp(s, s2, out_len))
                abort();
            free(s2), free(again), free(s);
        }
        free(ids);
        return 0;
    }
    int32_t *ids = NULL;
    size_t n = 0;
    if (tok_encode(vocab, text, len, bos, special, &ids, &n, err, sizeof err) != 0)
        abort(); /* every byte string has an encoding in a byte-level vocabulary */
    check_ids(ids, n);
    if (bos && (n < 1 || ids[0] != tok_bos(vocab)))
        abort();
    if (n == (size_t)bos) { /* nothing but BOS: only the empty text */
        if (len)
            abort();
        free(ids);
        return 0;
    }
    size_t out_len = 0;
    char *s = tok_decode(vocab, ids + bos, n - (size_t)bos, 1, &out_len, err, sizeof err);
    /* without special-token parsing, a special token's text is plain text: it still round-trips */
    if (!s || out_len != len || memcmp(s, text, len))
        abort();
    free(s);
    free(ids);
    return 0;
}
