/* Hash maps for the tokenizer (linear probing, load factor <= 1/2, never resized after init). */
#include <stdlib.h>
#include <string.h>

#include "runtime/tokenizer/tok_map_impl.h"

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static uint64_t hash_u64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

static size_t capacity(size_t n)
{
    size_t c = 16;
    while (c < 2 * n + 1)
        c *= 2;
    return c;
}

int tok_strmap_init(tok_strmap *m, size_t n)
{
    size_t c = capacity(n);
    m->slots = calloc(c, sizeof *m->slots);
    m->mask = c - 1;
    return m->slots ? 0 : -1;
}

void tok_strmap_free(tok_strmap *m)
{
    free(m->slots);
    m->slots = NULL;
}

void tok_strmap_put(tok_strmap *m, const char *const *texts, const uint32_t *lens, uint32_t id)
{
    size_t i = hash_bytes(texts[id], lens[id]) & m->mask;
    for (; m->slots[i]; i = (i + 1) & m->mask) {
        uint32_t o = m->slots[i] - 1;
        if (lens[o] == lens[id] && memcmp(texts[o], texts[id], lens[id]) == 0)
            return;
    }
    m->slots[i] = id + 1;
}

int32_t tok_strmap_get(const tok_strmap *m, const char *const *texts, const uint32_t *lens, const char *s,
                       size_t len)
{
    for (size_t i = hash_bytes(s, len) & m->mask; m->slots[i]; i = (i + 1) & m->mask) {
        uint32_t o = m->slots[i] - 1;
        if (lens[o] == len && memcmp(texts[o], s, len) == 0)
            return (int32_t)o;
    }
    return -1;
}

int tok_pairmap_init(tok_pairmap *m, size_t n)
{
    size_t c = capacity(n);
    m->keys = calloc(c, sizeof *m->keys);
    m->rank = malloc(c * sizeof *m->rank);
    m->result = malloc(c * sizeof *m->result);
    m->mask = c - 1;
    return m->keys && m->rank && m->result ? 0 : -1;
}

void tok_pairmap_free(tok_pairmap *m)
{
    free(m->keys);
    free(m->rank);
    free(m->result);
    m->keys = NULL;
    m->rank = m->result = NULL;
}

void tok_pairmap_put(tok_pairmap *m, uint32_t left, uint32_t right, uint32_t rank, uint32_t result)
{
    uint64_t k = ((uint64_t)left << 32 | right) + 1;
    size_t i = hash_u64(k) & m->mask;
    for (; m->keys[i]; i = (i + 1) & m->mask)
        if (m->keys[i] == k)
            return; /* merges are added in rank order: the first is the lowest */
    m->keys[i] = k;
    m->rank[i] = rank;
    m->result[i] = result;
}

int tok_pairmap_get(const tok_pairmap *m, uint32_t left, uint32_t right, uint32_t *rank, uint32_t *result)
{
    uint64_t k = ((uint64_t)left << 32 | right) + 1;
    for (size_t i = hash_u64(k) & m->mask; m->keys[i]; i = (i + 1) & m->mask)
        if (m->keys[i] == k) {
            *rank = m->rank[i];
            *result = m->result[i];
            return 0;
        }
    return -1;
}
