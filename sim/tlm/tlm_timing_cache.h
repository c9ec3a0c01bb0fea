/*
 * Memoized tlm_timing_run: a command's counters depend only on the parameters, the memory's speed,
 * M, K, N, the strides, the format and where the three buffers sit within a 4 KB page (the only
 * thing the burst rules see of an address). A model repeats few shapes (2B4T: four GEMVs per layer,
 * thirty layers), so most commands are a look-up. A cache belongs to its user (one per device).
 */
#ifndef TLM_TIMING_CACHE_H
#define TLM_TIMING_CACHE_H

#include "sim/tlm/tlm_timing.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tlm_timing_cache tlm_timing_cache;

/* NULL when memory runs out. */
tlm_timing_cache *tlm_timing_cache_new(void);
void tlm_timing_cache_free(tlm_timing_cache *c);
/* tlm_timing_run through the cache (a command without faults); *hit (may be NULL) tells whether it
   was a look-up. c may be NULL: then it is tlm_timing_run. */
int tlm_timing_cached(tlm_timing_cache *c, const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, tlm_perf *out,
                      int *hit);
/* Forgets every entry. */
void tlm_timing_cache_clear(tlm_timing_cache *c);

#ifdef __cplusplus
}
#endif
#endif
