/*
 * libFuzzer harness: the chat prompt (tok_chat_prompt) of a system message and a user message from
 * the input (bit 0 of byte 0: a system message is given; the rest is split at the first NUL), then
 * encoded with special tokens parsed and decoded. Properties (abort on failure): the frame is exactly
 * "System: S<|eot_id|>User: U<|eot_id|>Assistant: " with S and U trimmed; the prompt round-trips
 * through the tokenizer; its tokens hold at least the frame's <|eot_id|> tokens.
 */
#include <ctype.h>
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

/* s trimmed as the template trims it */
static void trimmed(const char *s, const char **b, size_t *n)
{
    *n = strlen(s);
    while (*n && isspace((unsigned char)*s))
        s++, (*n)--;
    while (*n && isspace((unsigned char)s[*n - 1]))
        (*n)--;
    *b = s;
}

static const char *expect(const char *p, const char *lit, size_t n)
{
    if (strncmp(p, lit, n))
        abort();
    return p + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = 0, buf[size] = 0;
    const char *user = buf, *system = NULL;
    const size_t first = strlen(buf);
    if ((data[0] & 1) && first < size - 1) /* "system\0user" */
        system = buf, user = buf + first + 1;
    size_t len = 0;
    char *p = tok_chat_prompt(system, user, &len);
    if (!p || len != strlen(p))
        abort();
    const char *q = p, *b;
    size_t n;
    if (system) {
        q = expect(q, "System: ", 8);
        trimmed(system, &b, &n);
        q = expect(q, b, n);
        q = expect(q, "<|eot_id|>", 10);
    }
    q = expect(q, "User: ", 6);
    trimmed(user, &b, &n);
    q = expect(q, b, n);
    q = expect(q, "<|eot_id|>Assistant: ", 21);
    if (*q)
        abort();
    char err[256];
    int32_t *ids = NULL;
    size_t nids = 0, out_len = 0;
    if (tok_encode(vocab, p, len, 0, 1, &ids, &nids, err, sizeof err) != 0)
        abort();
    size_t eots = 0;
    for (size_t i = 0; i < nids; i++)
        eots += ids[i] == tok_eot(vocab);
    if (eots < (system ? 2u : 1u))
        abort();
    char *s = tok_decode(vocab, ids, nids, 1, &out_len, err, sizeof err);
    if (!s || out_len != len || memcmp(s, p, len))
        abort();
    free(s), free(ids), free(p), free(buf);
    return 0;
}
