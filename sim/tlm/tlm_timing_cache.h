/*
 * Memoized tlm_timing_run: a command's counters depend only on the parameters, the memory's speed,
 * M, K, N, the strides, the format and where the three buffers sit within a 4 KB page (the only
 * thing the burst rules see of an address). A model repeats few shapes (2B4T: four GEMVs per layer,
 * thirty layers), so most commands are a look-up. Single-threaded, like the model.
 */
#ifndef TLM_TIMING_CACHE_H
#define TLM_TIMING_CACHE_H

#include "sim/tlm/tlm_timing.h"

#ifdef __cplusplus
extern "C" {
#endif

/* tlm_timing_run through the cache; *hit (may be NULL) tells whether it was a look-up. */
int tlm_timing_cached(const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, tlm_perf *out, int *hit);
/* Forgets every entry. */
void tlm_timing_cache_clear(void);

#ifdef __cplusplus
}
#endif
#endif
