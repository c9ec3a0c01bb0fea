/*
 * A board for the fpga backend without a board (make test): the same interfaces the backend uses on
 * Linux, served by the Verilator model.
 *   - sysfs and /dev in a temporary folder: class/uio/uio0/{name,maps/map0/size},
 *     class/u-dma-buf/udmabuf0/{phys_addr,size,sync_*}, dev/uio0, dev/udmabuf0;
 *   - the register window: dev/uio0 is an empty file, so every load and store the backend makes to
 *     its mapping faults (SIGBUS); the handler decodes the one instruction (the backend's x86-64
 *     accessors are fixed `mov`s) and forwards it to the model's AXI4-Lite port;
 *   - the u-dma-buf region: dev/udmabuf0 is a file both the backend and the model's memory map;
 *   - the interrupt: one end of a socket pair in TRITIUM_FPGA_IRQ_FD, UIO's protocol (a 4-byte count
 *     to read on an interrupt, a 4-byte 1 written to unmask), raised by the model's irq_o;
 *   - a thread clocks the model while a job runs, as the board's clock would; the backend is told a
 *     1 MHz clock (TRITIUM_FPGA_MHZ), about the model's pace, so its timeouts in cycles hold.
 * x86-64 only (the instruction decoding); one emulated board per process.
 */
#ifndef TESTS_FPGA_EMU_H
#define TESTS_FPGA_EMU_H

#include <stddef.h>
#include <stdint.h>

typedef struct fpga_emu fpga_emu;

/* Builds the tree for a model of configuration `config` (NULL = default) and points the backend's
   environment at it. NULL with the reason in err. */
fpga_emu *fpga_emu_start(const char *config, char *err, size_t errlen);
void fpga_emu_stop(fpga_emu *e);
/* The memory answers every access touching [lo, hi) (physical) with SLVERR; lo == hi stops. */
void fpga_emu_inject_error(fpga_emu *e, uint64_t lo, uint64_t hi);
/* The memory's read latency in cycles (a huge one: a device that hangs). */
void fpga_emu_latency(fpga_emu *e, uint32_t cycles);
/* Register accesses forwarded, interrupts delivered. */
void fpga_emu_counts(const fpga_emu *e, uint64_t *accesses, uint64_t *irqs);
/* The emulated sysfs root (for a test that breaks it). */
const char *fpga_emu_sysfs(const fpga_emu *e);

#endif
