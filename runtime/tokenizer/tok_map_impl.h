/* Open-addressing hash maps for the tokenizer: token text -> id and (left, right) id pair -> merge. */
#ifndef TOK_MAP_H
#define TOK_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t *slots;  /* token id + 1, 0 = empty */
    size_t mask;
} tok_strmap;

typedef struct {
    uint64_t *keys;   /* (left << 32 | right) + 1, 0 = empty */
    uint32_t *rank, *result;
    size_t mask;
} tok_pairmap;

/* texts/lens give each id's text (the map stores only ids). Capacity for n entries; 0 or -1. */
int tok_strmap_init(tok_strmap *m, size_t n);
void tok_strmap_free(tok_strmap *m);
/* Inserts id unless its text is already present (the first id wins, as in llama.cpp). */
void tok_strmap_put(tok_strmap *m, const char *const *texts, const uint32_t *lens, uint32_t id);
int32_t tok_strmap_get(const tok_strmap *m, const char *const *texts, const uint32_t *lens, const char *s,
                       size_t len);

int tok_pairmap_init(tok_pairmap *m, size_t n);
void tok_pairmap_free(tok_pairmap *m);
/* Keeps the lowest rank for a pair given twice. */
void tok_pairmap_put(tok_pairmap *m, uint32_t left, uint32_t right, uint32_t rank, uint32_t result);
/* 0 and the merge's rank/result if the pair merges, -1 otherwise. */
int tok_pairmap_get(const tok_pairmap *m, uint32_t left, uint32_t right, uint32_t *rank, uint32_t *result);

#endif
