/*
 * Hardware configuration of one tritium device, as read from its CFG_* registers. Nothing on the C
 * side hardcodes these: the driver reads them at open time and everything that depends on the array
 * shape or bus width (weight layout, alignment, tiling limits) takes a tdrv_hwcfg. The fields, their
 * ranges and the rules between them come from the hardware description (hw/tritium.toml).
 */
#ifndef TDRV_HWCFG_H
#define TDRV_HWCFG_H

#include <stddef.h>
#include <stdint.h>

#include "tritium_regs.h"

/* One uint32_t per CFG_* register (rows, cols, data_w, act_bytes, wgt_bytes, acc_words, addr_w, max_n,
 * rd_bursts, wr_bursts), from the description's X-macro TRITIUM_CFG_FIELDS (build/gen/tritium_regs.h). */
typedef struct {
#define TDRV_HWCFG_FIELD(field, reg) uint32_t field;
    TRITIUM_CFG_FIELDS(TDRV_HWCFG_FIELD)
#undef TDRV_HWCFG_FIELD
} tdrv_hwcfg;

/* The description's derived quantities over a configuration (TRITIUM_D_*: build/gen/tritium_regs.h). */
#define TDRV_HWCFG_P(f) ((size_t)c->f)

/* Byte alignment the device requires of W, X, Y and both strides: BUS_BYTES. */
static inline size_t tdrv_hwcfg_align(const tdrv_hwcfg *c) { return TRITIUM_D_BUS_BYTES(TDRV_HWCFG_P); }

/* Bytes of one weight tile (rows x cols 2-bit codes): TILE_BYTES. */
static inline size_t tdrv_hwcfg_tile_bytes(const tdrv_hwcfg *c) { return TRITIUM_D_TILE_BYTES(TDRV_HWCFG_P); }

/* Bytes the device reads per activation row: K rounded up to whole bus beats. */
static inline size_t tdrv_hwcfg_x_row_bytes(const tdrv_hwcfg *c, size_t k)
{
    size_t a = tdrv_hwcfg_align(c);
    return (k + a - 1u) / a * a;
}

/* Largest K one command accepts: MAX_K. */
static inline size_t tdrv_hwcfg_max_k(const tdrv_hwcfg *c) { return TRITIUM_D_MAX_K(TDRV_HWCFG_P); }

/* The first range or rule of hw/tritium.toml that c breaks, as a sentence in why (NULL: none is
 * broken, the configuration is one this software can drive). Returns the rule's name or NULL. */
const char *tdrv_hwcfg_check(const tdrv_hwcfg *c, char *why, size_t len);

/* Nonzero when c breaks no range or rule. */
static inline int tdrv_hwcfg_valid(const tdrv_hwcfg *c) { return tdrv_hwcfg_check(c, NULL, 0) == NULL; }

#endif
