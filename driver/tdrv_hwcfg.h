/*
 * Hardware configuration of one tritium device, as read from its CFG_* registers. Nothing on the C
 * side hardcodes these: the driver reads them at open time and everything that depends on the array
 * shape or bus width (weight layout, alignment, tiling limits) takes a tdrv_hwcfg.
 */
#ifndef TDRV_HWCFG_H
#define TDRV_HWCFG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t rows;      /* CFG_ROWS: array rows, the K extent of a weight tile */
    uint32_t cols;      /* CFG_COLS: array columns, the M extent of a weight tile */
    uint32_t data_w;    /* CFG_DATA_W: AXI4 data width in bits; addresses/strides align to data_w/8 */
    uint32_t act_bytes; /* CFG_ACT_BYTES: activation buffer; a padded activation row must fit */
    uint32_t wgt_bytes; /* CFG_WGT_BYTES: weight staging FIFO */
    uint32_t acc_words; /* CFG_ACC_WORDS: int32 accumulator words */
    uint32_t addr_w;    /* CFG_ADDR_W: device address width in bits */
    uint32_t max_n;     /* CFG_MAX_N: rows of N the device processes per pass (it loops over more) */
} tdrv_hwcfg;

/* Byte alignment the device requires of W, X, Y and both strides. */
static inline size_t tdrv_hwcfg_align(const tdrv_hwcfg *c) { return c->data_w / 8u; }

/* Bytes of one weight tile (rows x cols 2-bit codes). */
static inline size_t tdrv_hwcfg_tile_bytes(const tdrv_hwcfg *c) { return (size_t)c->rows * c->cols / 4u; }

/* Bytes the device reads per activation row: K rounded up to whole bus beats. */
static inline size_t tdrv_hwcfg_x_row_bytes(const tdrv_hwcfg *c, size_t k)
{
    size_t a = tdrv_hwcfg_align(c);
    return (k + a - 1u) / a * a;
}

/* Largest K one command accepts. */
static inline size_t tdrv_hwcfg_max_k(const tdrv_hwcfg *c) { return c->act_bytes; }

/* Nonzero when the values describe a device this software understands (powers of two, tile fits bus). */
static inline int tdrv_hwcfg_valid(const tdrv_hwcfg *c)
{
#define TDRV_POW2(x) ((x) != 0u && ((x) & ((x) - 1u)) == 0u)
    return TDRV_POW2(c->rows) && TDRV_POW2(c->cols) && TDRV_POW2(c->data_w) && c->data_w >= 64u &&
           c->data_w <= 512u && 2u * c->rows * c->cols % c->data_w == 0u && c->data_w % (8u * c->rows) == 0u &&
           c->cols * 32u % c->data_w == 0u && c->act_bytes >= c->data_w / 8u && c->max_n >= 1u &&
           c->addr_w >= 16u && c->addr_w <= 64u;
#undef TDRV_POW2
}

#endif
