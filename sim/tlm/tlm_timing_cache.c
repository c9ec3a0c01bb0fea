/* Memoized timing runs (tlm_timing_cache.h): a direct-mapped table keyed by everything the timing
   depends on. */
#include "sim/tlm/tlm_timing_cache.h"

#include <stdlib.h>
#include <string.h>

enum { SLOTS = 1024 };

typedef struct {
    tlm_hw hw;
    tlm_mem mem;
    uint32_t m, k, n, xs, ys, w4k, x4k, y4k, base3;
} key;

struct tlm_timing_cache {
    struct {
        int used;
        key k;
        tlm_perf p;
    } table[SLOTS];
};

static key make_key(const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *c)
{
    key k;
    memset(&k, 0, sizeof k); /* padding compared by memcmp */
    k.hw = *hw;
    k.mem = *mem;
    if (!k.mem.max_queue) k.mem.max_queue = 16;
    k.m = c->m, k.k = c->k, k.n = c->n, k.xs = c->x_stride, k.ys = c->y_stride;
    k.w4k = (uint32_t)(c->w & 4095u), k.x4k = (uint32_t)(c->x & 4095u), k.y4k = (uint32_t)(c->y & 4095u);
    k.base3 = c->base3 != 0;
    return k;
}

/* FNV-1a over the key's bytes */
static unsigned hash(const key *k)
{
    const unsigned char *b = (const unsigned char *)k;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < sizeof *k; i++) h = (h ^ b[i]) * 16777619u;
    return h % SLOTS;
}

tlm_timing_cache *tlm_timing_cache_new(void) { return calloc(1, sizeof(tlm_timing_cache)); }

void tlm_timing_cache_free(tlm_timing_cache *c) { free(c); }

int tlm_timing_cached(tlm_timing_cache *c, const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, tlm_perf *out,
                      int *hit)
{
    if (hit) *hit = 0;
    if (!hw || !mem || !cmd || !out) return -1;
    if (!c) return tlm_timing_run(hw, mem, cmd, out);
    key k = make_key(hw, mem, cmd);
    unsigned h = hash(&k);
    if (c->table[h].used && !memcmp(&c->table[h].k, &k, sizeof k)) {
        *out = c->table[h].p;
        if (hit) *hit = 1;
        return 0;
    }
    int rc = tlm_timing_run(hw, mem, cmd, out);
    if (rc == 0) {
        c->table[h].used = 1;
        c->table[h].k = k;
        c->table[h].p = *out;
    }
    return rc;
}

void tlm_timing_cache_clear(tlm_timing_cache *c)
{
    if (c) memset(c, 0, sizeof *c);
}
