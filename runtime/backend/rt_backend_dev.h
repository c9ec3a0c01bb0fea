/* Device-backend specifics for tests and tools: the driver device under an rt_backend whose registry
 * entry has RT_CAP_OFFLOADS (sim, ...). Each call returns NULL / -1 for any other backend. */
#ifndef RT_BACKEND_DEV_H
#define RT_BACKEND_DEV_H

#include <stddef.h>
#include <stdint.h>

#include "driver/tdrv.h"
#include "runtime/backend/rt_backend.h"

/* The device handle, or NULL if b is not a device backend. Tests inject faults through it. */
tdrv_dev *rt_backend_dev_device(rt_backend *b);
/* Replaces the per-command timeout (0 = derived from the shape). Returns -1 if b is not a device backend. */
int rt_backend_dev_set_timeout(rt_backend *b, uint64_t cycles);

/* Test hook for the tiler: caps M per command (0 = the device's 24-bit limit) and one command's
 * X + Y staging bytes (0 = 64 MiB), so small shapes exercise the M and N splits. Affects weights
 * prepared afterwards (M) and every later call (N). */
int rt_backend_dev_set_split(rt_backend *b, size_t max_m, size_t stage_bytes);

/* Test hook for --verify: changes the device copy of W[0][0] (0 <-> +1, -1 -> 0) so the device
 * computes a wrong answer. Returns -1 if b is not a device backend or w has no device copy. */
int rt_backend_dev_corrupt_weight(rt_backend *b, rt_weights *w);

#endif
