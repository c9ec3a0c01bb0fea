/*
 * Random device faults for soak tests (rt_backend_opts.fault_rate): before a share of the commands
 * the device backend arms one fault in the memory model behind the device (driver backends with
 * TDRV_CAP_FAULTS): an error response on a range of the weights or the results, a memory that hangs,
 * or one flipped bit in a beat read or written. The runtime's recovery (reset, CPU fallback, --verify)
 * must leave every result exact; the counters say what was injected and what struck.
 */
#ifndef RT_DEV_FAULTS_H
#define RT_DEV_FAULTS_H

#include <stdint.h>

#include "driver/tdrv.h"
#include "runtime/backend/rt_backend.h"

typedef struct {
    double rate;   /* share of commands that meet a fault; 0 = none */
    uint64_t rng;  /* xorshift64 state */
    int armed;     /* RT_DEV_FAULT_* of the command in flight, 0 = none */
} rt_dev_faults;

void rt_dev_faults_init(rt_dev_faults *f, double rate, uint64_t seed);
/* Before command c: maybe arms one fault (counted in st). wbytes/xbytes/ybytes: the bytes the command
 * reads and writes; bus: bytes per beat. Returns 0, or -1 when the memory model refused. */
int rt_dev_faults_arm(rt_dev_faults *f, tdrv_dev *d, const tdrv_cmd *c, uint64_t wbytes, uint64_t xbytes,
                      uint64_t ybytes, uint32_t bus, rt_stats *st);
/* After the command, whatever its outcome (failed: it ended in a device error or a timeout): disarms
 * and counts whether the fault struck. */
void rt_dev_faults_done(rt_dev_faults *f, tdrv_dev *d, int failed, rt_stats *st);
/* The name of the fault armed last, for messages ("" when none). */
const char *rt_dev_faults_name(const rt_dev_faults *f);

#endif
