/* The tlm backend's functional GEMM and its cache of prepared weights (tdrv_tlm_compute.h). */
#include "driver/tlm/tdrv_tlm_compute.h"
#include "driver/tdrv_layout.h"
#include "kernels_fast/kr_fast.h"
#include "kernels_ref/kr_gemm.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t hash, wbytes, last_use;
    uint32_t m, k, rows, cols, base3;
    size_t bytes;
    kr_fast_w *fw;
} entry;

struct tdrv_tlm_compute {
    kr_pool *pool;
    kr_fast_layout layout;
    entry *e;
    size_t n, cap, bytes, limit;
    uint64_t tick, gemms, conversions;
};

/* Four independent lanes of a multiply-xorshift step, each a bijection of its lane for a given word,
   so two streams that differ in any word end with different lanes; about a memory pass in cost. */
static uint64_t step(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

static uint64_t stream_hash(const uint8_t *p, uint64_t len)
{
    uint64_t l[4] = {1, 2, 3, 4}, i = 0;
    for (; i + 32 <= len; i += 32)
        for (int j = 0; j < 4; j++) {
            uint64_t v;
            memcpy(&v, p + i + 8 * j, 8);
            l[j] = step(l[j], v);
        }
    uint64_t tail = 0;
    for (uint64_t s = 0; i < len; i++, s += 8)
        tail ^= (uint64_t)p[i] << (s % 64);
    return step(step(step(step(step(len, l[0]), l[1]), l[2]), l[3]), tail);
}

tdrv_tlm_compute *tdrv_tlm_compute_new(int threads, size_t cache_bytes)
{
    tdrv_tlm_compute *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->pool = kr_pool_new(threads);
    if (!c->pool) {
        free(c);
        return NULL;
    }
    c->layout = kr_fast_layout_auto(KR_ISA_AUTO, kr_pool_threads(c->pool));
    c->limit = cache_bytes;
    return c;
}

void tdrv_tlm_compute_free(tdrv_tlm_compute *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        kr_fast_free(c->e[i].fw);
    free(c->e);
    kr_pool_free(c->pool);
    free(c);
}

void tdrv_tlm_compute_counts(const tdrv_tlm_compute *c, uint64_t *gemms, uint64_t *conversions)
{
    *gemms = c ? c->gemms : 0;
    *conversions = c ? c->conversions : 0;
}

static void drop(tdrv_tlm_compute *c, size_t i)
{
    kr_fast_free(c->e[i].fw);
    c->bytes -= c->e[i].bytes;
    c->e[i] = c->e[--c->n];
}

static int grow(tdrv_tlm_compute *c)
{
    size_t cap = c->cap ? 2 * c->cap : 64;
    entry *e = realloc(c->e, cap * sizeof *e);
    if (!e)
        return -1;
    c->e = e, c->cap = cap;
    return 0;
}

/* Room for `bytes` more: the least recently used entries go first. */
static void make_room(tdrv_tlm_compute *c, size_t bytes)
{
    while (c->n && c->bytes + bytes > c->limit) {
        size_t lru = 0;
        for (size_t i = 1; i < c->n; i++)
            if (c->e[i].last_use < c->e[lru].last_use)
                lru = i;
        drop(c, lru);
    }
}

int tdrv_tlm_compute_gemm(void *ctx, const tlm_hw *hw, const tlm_cmd *cmd, const uint8_t *w, uint64_t wbytes,
                          const int8_t *x, int32_t *y, uint64_t *bad_byte)
{
    tdrv_tlm_compute *c = ctx;
    const uint64_t h = stream_hash(w, wbytes);
    c->gemms++;
    /* The array multiplies K up to whole tiles: weights in the stream's K padding meet the X bytes
       past K (the row is read in whole beats, and a beat holds whole tiles' rows), so the GEMM runs
       over that K, as the RTL does (a driver's stream holds zeros there). */
    const uint32_t k = (cmd->k + hw->rows - 1) / hw->rows * hw->rows;
    const size_t ldq = cmd->n > 1 ? cmd->x_stride : k;
    if (ldq < k) { /* rows overlapping in memory: the kernels want them apart */
        int8_t *xd = malloc((size_t)cmd->n * k);
        if (!xd)
            return -2;
        for (uint32_t r = 0; r < cmd->n; r++)
            memcpy(xd + (size_t)r * k, x + (size_t)r * cmd->x_stride, k);
        tlm_cmd dense = *cmd;
        dense.x_stride = k;
        const int rc = tdrv_tlm_compute_gemm(ctx, hw, &dense, w, wbytes, xd, y, bad_byte);
        free(xd);
        return rc;
    }
    for (size_t i = 0; i < c->n; i++) {
        entry *e = &c->e[i];
        if (e->hash == h && e->wbytes == wbytes && e->m == cmd->m && e->k == k && e->rows == hw->rows &&
            e->cols == hw->cols && e->base3 == (uint32_t)(cmd->base3 != 0)) {
            e->last_use = ++c->tick;
            return kr_fast_gemm(e->fw, x, cmd->n, ldq, y, cmd->m, c->pool) == KR_OK ? 0 : -1;
        }
    }
    c->conversions++;
    tdrv_hwcfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.rows = hw->rows, cfg.cols = hw->cols, cfg.data_w = hw->data_w, cfg.act_bytes = hw->act_bytes;
    cfg.wgt_bytes = hw->wgt_bytes, cfg.acc_words = hw->acc_words, cfg.addr_w = 32;
    cfg.max_n = hw->acc_words / hw->cols, cfg.rd_bursts = hw->rd_bursts, cfg.wr_bursts = hw->wr_bursts;
    cfg.wformats = 3;
    kr_tern t;
    if (kr_tern_alloc(&t, cmd->m, k) != KR_OK)
        return -2;
    size_t bad = 0;
    int rc = tdrv_layout_unpack_fmt(&cfg, cmd->base3 ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT, w, (size_t)wbytes, cmd->m, k,
                                    t.codes, t.stride, &bad);
    if (rc != 0) {
        kr_tern_free(&t);
        if (rc == 1) {
            *bad_byte = bad;
            return -1;
        }
        return -2;
    }
    kr_fast_w *fw = NULL;
    if (kr_fast_prepare_layout(&t, KR_ISA_AUTO, c->layout, &fw) != KR_OK) {
        /* no memory for the prepared copy: the reference kernel on the matrix itself, as exact */
        rc = kr_gemm_ref(&t, x, cmd->n, ldq, y, cmd->m) == KR_OK ? 0 : -2;
        kr_tern_free(&t);
        return rc;
    }
    kr_tern_free(&t);
    rc = kr_fast_gemm(fw, x, cmd->n, ldq, y, cmd->m, c->pool) == KR_OK ? 0 : -2;
    const size_t bytes = kr_fast_w_bytes(fw);
    make_room(c, bytes);
    if (bytes > c->limit || (c->n == c->cap && grow(c))) {
        kr_fast_free(fw); /* not kept: the next command over these weights converts them again */
        return rc;
    }
    c->e[c->n++] = (entry){h, wbytes, ++c->tick, cmd->m, k, hw->rows, hw->cols, cmd->base3 != 0, bytes, fw};
    c->bytes += bytes;
    return rc;
}
