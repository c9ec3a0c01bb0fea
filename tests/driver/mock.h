/*
 * A register-file mock device behind a tdrv_ops table: registers are plain words the test sets,
 * buffers are host memory at addresses from tdrv_heap, and "waiting" just reports the STATUS the
 * test chose. It lets the driver core be tested without a simulator.
 */
#ifndef TESTS_DRV_MOCK_H
#define TESTS_DRV_MOCK_H
#include <stdint.h>

#include "driver/tdrv_ops.h"
#include "tritium_regs.h"

#define MOCK_REGS 128 /* 512 bytes of register space */

typedef struct {
    uint32_t reg[MOCK_REGS];
    uint32_t writes[64][2]; /* (offset, value) log */
    unsigned nwrites;
    int fail_reads;         /* every register read answers a bus error */
    int never_idle;         /* wait_idle times out */
    uint64_t clock;
    unsigned live_bufs;
} mock_dev;

/* The ops table; open() takes the mock_dev through mock_next (set before tdrv_open_ops). */
extern const tdrv_ops mock_ops;
extern mock_dev *mock_next;

/* A healthy device of the description's default configuration. */
void mock_init(mock_dev *m);
/* Every CFG_* register as a device of parameters p reports them (hw/tritium.toml's X-macros). */
void mock_set_params(mock_dev *m, const tritium_params *p);
static inline uint32_t *mock_reg(mock_dev *m, uint32_t off) { return &m->reg[off / 4]; }

#endif
