/*
 * The tiler: turns one matmul of any M, K, N into device commands the hardware accepts.
 *
 * The device walks its own N, M and K tiles inside a command (rtl/tritium_core.sv), so the host
 * only has to respect the command limits: addresses and strides aligned to the bus width,
 * ceil(K / bus_bytes) beats of one activation row fitting the activation buffer, M and N below
 * 2^24. K beyond the buffer is split into chunks whose int32 partial sums the host adds (exact);
 * M beyond 2^24 is split into chunks written to their own columns of the result; N is split so one
 * command's staging buffers stay within a host-chosen size.
 */
#ifndef RT_TILER_H
#define RT_TILER_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t rows, cols;  /* array: K per step, M per pass */
    uint32_t bus_bytes;   /* DATA_W / 8 */
    uint32_t act_bytes;   /* activation buffer */
    uint32_t acc_words;   /* accumulator int32 words */
    size_t stage_bytes;   /* host cap on one command's X + Y staging (0 = 64 MiB) */
    size_t max_m;         /* cap on M per command (0 = RT_TILER_MAX_DIM); rounded down to whole M tiles */
} rt_tile_limits;

#define RT_TILER_MAX_DIM ((1u << 24) - 1u) /* CMD_M / CMD_N carry 24 bits */

/* Largest K of one command; 0 if the limits are unusable. */
size_t rt_tiler_max_k(const rt_tile_limits *l);
/* K chunk i of a K split: [*k0, *k0 + *kc). Number of chunks from rt_tiler_k_chunks. */
size_t rt_tiler_k_chunks(const rt_tile_limits *l, size_t k);
void rt_tiler_k_chunk(const rt_tile_limits *l, size_t k, size_t i, size_t *k0, size_t *kc);
/* M chunk i of an M split: [*m0, *m0 + *mc), each a whole number of array columns but the last. */
size_t rt_tiler_m_chunks(const rt_tile_limits *l, size_t m);
void rt_tiler_m_chunk(const rt_tile_limits *l, size_t m, size_t i, size_t *m0, size_t *mc);
/* Bytes between activation rows / result rows in the staging buffers. */
size_t rt_tiler_x_stride(const rt_tile_limits *l, size_t kc);
size_t rt_tiler_y_stride(const rt_tile_limits *l, size_t m);
/* Largest N of one command for a K chunk kc and M rows (>= 1). */
size_t rt_tiler_max_n(const rt_tile_limits *l, size_t m, size_t kc);
/* Device-layout weight bytes of an M x kc chunk: ceil(M/cols) * ceil(kc/rows) tiles of 2 bits per PE. */
uint64_t rt_tiler_weight_bytes(const rt_tile_limits *l, size_t m, size_t kc);
/* Lower bounds of one command: array passes (ceil(M/cols) * ceil(kc/rows) * n) and weight beats. */
uint64_t rt_tiler_compute_cycles(const rt_tile_limits *l, size_t m, size_t kc, size_t n);
uint64_t rt_tiler_bus_cycles(const rt_tile_limits *l, uint64_t weight_bytes);

#endif
