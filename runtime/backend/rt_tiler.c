/* Command limits of the accelerator, as arithmetic the sim backend and the tests share. */
#include "runtime/backend/rt_tiler.h"

static size_t ceil_div(size_t a, size_t b) { return (a + b - 1) / b; }
static size_t round_up(size_t a, size_t b) { return ceil_div(a, b) * b; }

size_t rt_tiler_max_k(const rt_tile_limits *l)
{
    if (!l || !l->bus_bytes || !l->rows || !l->cols)
        return 0;
    /* The device checks ceil(K / bus_bytes) <= act_bytes / bus_bytes. */
    return (size_t)(l->act_bytes / l->bus_bytes) * l->bus_bytes;
}

size_t rt_tiler_k_chunks(const rt_tile_limits *l, size_t k)
{
    size_t kmax = rt_tiler_max_k(l);
    return kmax ? ceil_div(k, kmax) : 0;
}

void rt_tiler_k_chunk(const rt_tile_limits *l, size_t k, size_t i, size_t *k0, size_t *kc)
{
    size_t n = rt_tiler_k_chunks(l, k);
    /* Equal chunks rounded to the array rows keep every chunk's last K tile as full as possible. */
    size_t step = n ? round_up(ceil_div(k, n), l->rows) : k;
    if (step > rt_tiler_max_k(l))
        step = rt_tiler_max_k(l);
    *k0 = i * step;
    *kc = *k0 >= k ? 0 : (k - *k0 < step ? k - *k0 : step);
}

static size_t m_step(const rt_tile_limits *l)
{
    size_t cap = l->max_m && l->max_m < RT_TILER_MAX_DIM ? l->max_m : RT_TILER_MAX_DIM;
    size_t step = cap / l->cols * l->cols;
    return step ? step : l->cols;
}

size_t rt_tiler_m_chunks(const rt_tile_limits *l, size_t m)
{
    return l && l->cols ? ceil_div(m, m_step(l)) : 0;
}

void rt_tiler_m_chunk(const rt_tile_limits *l, size_t m, size_t i, size_t *m0, size_t *mc)
{
    size_t step = m_step(l);
    *m0 = i * step;
    *mc = *m0 >= m ? 0 : (m - *m0 < step ? m - *m0 : step);
}

size_t rt_tiler_x_stride(const rt_tile_limits *l, size_t kc) { return round_up(kc, l->bus_bytes); }
size_t rt_tiler_y_stride(const rt_tile_limits *l, size_t m) { return round_up(4 * m, l->bus_bytes); }

size_t rt_tiler_max_n(const rt_tile_limits *l, size_t m, size_t kc)
{
    size_t cap = l->stage_bytes ? l->stage_bytes : (size_t)64 << 20;
    size_t per_row = rt_tiler_x_stride(l, kc) + rt_tiler_y_stride(l, m);
    size_t n = cap / per_row;
    if (n > RT_TILER_MAX_DIM)
        n = RT_TILER_MAX_DIM;
    return n ? n : 1;
}

uint64_t rt_tiler_weight_bytes(const rt_tile_limits *l, size_t m, size_t kc)
{
    return (uint64_t)ceil_div(m, l->cols) * ceil_div(kc, l->rows) * ((uint64_t)l->rows * l->cols / 4);
}

uint64_t rt_tiler_compute_cycles(const rt_tile_limits *l, size_t m, size_t kc, size_t n)
{
    return (uint64_t)ceil_div(m, l->cols) * ceil_div(kc, l->rows) * n;
}

uint64_t rt_tiler_bus_cycles(const rt_tile_limits *l, uint64_t weight_bytes)
{
    return (weight_bytes + l->bus_bytes - 1) / l->bus_bytes;
}
