/*
 * C interface of the fast SystemC model (issue 15; docs/tlm.md): devices in one process-wide module
 * tree, elaborated once (SystemC cannot add modules after the simulation has started). The tree has
 * TRITIUM_TLM_SLOTS device slots (environment, default 4), each an accelerator (tlm_dev) bound to
 * its memory target; opening a device claims a free slot and configures it with any legal parameter
 * set, closing frees it. Time is shared by every slot: waiting on one device runs the kernel.
 * Single-threaded, like sim/tsim.h.
 */
#ifndef TLM_WORLD_H
#define TLM_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "sim/tlm/tlm_timing.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The functional GEMM, given by the backend (the CPU kernels): y[n][m] (dense int32) from the weight
   stream w (the device layout of the command's format, wbytes long) and N activation rows x,
   X_STRIDE apart. Returns 0, or -1 on a weight byte the format does not allow, with its offset in
   the stream in *bad_byte (the device then stops as the RTL's decoder does); any other value when the
   host cannot compute it (out of memory): the device then refuses the command (ERR_CMD_TOO_LARGE). */
typedef int (*tlm_compute_fn)(void *ctx, const tlm_hw *hw, const tlm_cmd *cmd, const uint8_t *w, uint64_t wbytes,
                              const int8_t *x, int32_t *y, uint64_t *bad_byte);

typedef struct tlm_world_dev tlm_world_dev;

/* Claims a slot (building the tree on the first call) and configures it; NULL with a sentence in err
   when every slot is taken. fn may be NULL: commands are then timed but move no data. */
tlm_world_dev *tlm_world_open(const tlm_hw *hw, uint32_t addr_w, uint32_t wformats, tlm_compute_fn fn, void *ctx,
                              char *err, size_t errlen);
void tlm_world_close(tlm_world_dev *d);
/* Slots in the tree (0 before the first open). */
unsigned tlm_world_slots(void);

int tlm_world_reg_read(tlm_world_dev *d, uint32_t off, uint32_t *value);
int tlm_world_reg_write(tlm_world_dev *d, uint32_t off, uint32_t value);
/* Runs the simulation until the device is idle or max_cycles pass; returns the cycles run. */
uint64_t tlm_world_wait(tlm_world_dev *d, uint64_t max_cycles);
/* Device clock cycles since the device was opened. */
uint64_t tlm_world_cycles(const tlm_world_dev *d);
/* The reset input: registers and counters as after power-up, a job in flight abandoned; the memory's
   regions, speed and injected errors stay. */
void tlm_world_reset(tlm_world_dev *d);

int tlm_world_mem_attach(tlm_world_dev *d, uint64_t dev_addr, void *host, size_t bytes);
int tlm_world_mem_detach(tlm_world_dev *d, uint64_t dev_addr);
void tlm_world_mem_speed(tlm_world_dev *d, uint32_t bytes_per_cycle, uint32_t latency);
void tlm_world_mem_inject_error(tlm_world_dev *d, uint64_t lo, uint64_t hi);

#ifdef __cplusplus
}
#endif
#endif
