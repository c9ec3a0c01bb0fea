/*
 * The tlm backend's functional GEMM: what the SystemC model's device computes for a command, with the
 * fast CPU kernels, bit-exact with the RTL. The weight stream (device layout, either format) is turned
 * back into a ternary matrix and prepared for the kernels once: prepared matrices are kept by a hash
 * of the stream's bytes, so a model's weights are converted on first use and every later command over
 * the same bytes (the next token) is a look-up plus the GEMM. A stream whose bytes changed hashes
 * differently and is converted again: the device always computes with what memory holds.
 */
#ifndef TDRV_TLM_COMPUTE_H
#define TDRV_TLM_COMPUTE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/tlm/tlm_timing.h"

typedef struct tdrv_tlm_compute tdrv_tlm_compute;

/* threads <= 0: one per online core; cache_bytes: the prepared weights kept (least recently used
   dropped first). NULL when memory runs out. */
tdrv_tlm_compute *tdrv_tlm_compute_new(int threads, size_t cache_bytes);
void tdrv_tlm_compute_free(tdrv_tlm_compute *c);

/* A tlm_compute_fn (sim/tlm/tlm_world.h) over ctx = a tdrv_tlm_compute. */
int tdrv_tlm_compute_gemm(void *ctx, const tlm_hw *hw, const tlm_cmd *cmd, const uint8_t *w, uint64_t wbytes,
                          const int8_t *x, int32_t *y, uint64_t *bad_byte);

/* Commands run, and how many of them converted their weights (cache misses). */
void tdrv_tlm_compute_counts(const tdrv_tlm_compute *c, uint64_t *gemms, uint64_t *conversions);

#endif
