/*
 * The "fpga" device backend: tritium on a board under Linux (docs/fpga.md). The registers are the
 * first map of a UIO device (generic-uio, found by its name in sysfs), the interrupt is that device's
 * read()/write() protocol, and DMA buffers come from a u-dma-buf region (its physical address from
 * sysfs; caches synchronized through its sync_for_cpu / sync_for_device files). Nothing here is
 * board-specific: the device-tree overlay names the device.
 *
 * Where it looks (environment, for a board with other names and for the emulation in make test):
 *   TRITIUM_FPGA_UIO      the UIO device's name (default "tritium")
 *   TRITIUM_FPGA_UDMABUF  the u-dma-buf device (default "udmabuf0")
 *   TRITIUM_FPGA_SYSFS    the sysfs root (default "/sys")
 *   TRITIUM_FPGA_DEV      the device-node directory (default "/dev")
 *   TRITIUM_FPGA_MHZ      the accelerator's clock, for cycles from wall time (default 200)
 *   TRITIUM_FPGA_IRQ_FD   an inherited descriptor to wait on instead of the UIO node's (the
 *                         emulation's eventfd; on a board it is unset)
 */
#include "driver/tdrv_heap_impl.h"
#include "driver/tdrv_ops.h"
#include "tritium_regs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int uio_fd, irq_fd, buf_fd;
    volatile uint8_t *regs;
    size_t regs_len;
    uint8_t *buf;
    uint64_t buf_phys;
    size_t buf_len;
    char buf_sysfs[512];
    tdrv_heap heap;
    double mhz;
    struct timespec t0;
} fpga_ctx;

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

/* The first line of a sysfs file into buf; 0, or -1 when it cannot be read. */
static int read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fgets(buf, (int)len, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    buf[strcspn(buf, "\n")] = 0;
    return 0;
}

static int read_u64(const char *path, uint64_t *v)
{
    char b[64], *end;
    if (read_line(path, b, sizeof b))
        return -1;
    errno = 0;
    *v = strtoull(b, &end, 0);
    return errno || end == b ? -1 : 0;
}

/* A register access is one 32-bit load or store of the mapped window. On x86-64 it is written out
 * as one `mov` with fixed registers (eax, rdx), so that the emulation in make test, which traps the
 * window's accesses, can decode it; elsewhere (the board's Cortex-A53) a volatile access. */
static uint32_t reg_ld(volatile uint8_t *p)
{
#if defined(__x86_64__)
    uint32_t v;
    __asm__ volatile("movl (%%rdx), %%eax" : "=a"(v) : "d"(p) : "memory");
    return v;
#else
    return *(volatile uint32_t *)p;
#endif
}

static void reg_st(volatile uint8_t *p, uint32_t v)
{
#if defined(__x86_64__)
    __asm__ volatile("movl %%eax, (%%rdx)" : : "a"(v), "d"(p) : "memory");
#else
    *(volatile uint32_t *)p = v;
#endif
}

static void fpga_close(void *ctx);

static int fpga_open(const tdrv_open_args *a, void **out, char *cfg_name, size_t cfg_len, char *err, size_t errlen)
{
    const char *sys = env_or("TRITIUM_FPGA_SYSFS", "/sys"), *dev = env_or("TRITIUM_FPGA_DEV", "/dev");
    const char *name = a->config && *a->config ? a->config : env_or("TRITIUM_FPGA_UIO", "tritium");
    const char *udma = env_or("TRITIUM_FPGA_UDMABUF", "udmabuf0");
    fpga_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    c->uio_fd = c->irq_fd = c->buf_fd = -1;
    c->mhz = atof(env_or("TRITIUM_FPGA_MHZ", "200"));
    if (!(c->mhz > 0))
        c->mhz = 200;
    /* the UIO device whose name is `name` */
    char path[1024], line[256], uio[64] = "";
    snprintf(path, sizeof path, "%s/class/uio", sys);
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strncmp(e->d_name, "uio", 3))
            continue;
        snprintf(path, sizeof path, "%s/class/uio/%s/name", sys, e->d_name);
        if (!read_line(path, line, sizeof line) && !strcmp(line, name)) {
            snprintf(uio, sizeof uio, "%.63s", e->d_name);
            break;
        }
    }
    if (d)
        closedir(d);
    if (!uio[0]) {
        snprintf(err, errlen,
                 "no UIO device named '%s' in %s/class/uio (is the device-tree overlay loaded and uio_pdrv_genirq "
                 "bound to it? cat %s/class/uio/*/name lists the names)",
                 name, sys, sys);
        free(c);
        return -1;
    }
    uint64_t size = 0;
    snprintf(path, sizeof path, "%s/class/uio/%s/maps/map0/size", sys, uio);
    if (read_u64(path, &size) || size < TRITIUM_REG_BYTES) {
        snprintf(err, errlen, "%s: the register map (map0) is missing or smaller than the %u-byte register file", path,
                 (unsigned)TRITIUM_REG_BYTES);
        free(c);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", dev, uio);
    c->uio_fd = open(path, O_RDWR | O_CLOEXEC);
    if (c->uio_fd < 0) {
        snprintf(err, errlen, "%s: %s (the UIO node of '%s'; run as a user that may open it)", path, strerror(errno),
                 name);
        free(c);
        return -1;
    }
    c->regs_len = (size_t)size;
    void *m = mmap(NULL, c->regs_len, PROT_READ | PROT_WRITE, MAP_SHARED, c->uio_fd, 0);
    if (m == MAP_FAILED) {
        snprintf(err, errlen, "mmap of %s's map0 (%zu bytes): %s", path, c->regs_len, strerror(errno));
        fpga_close(c);
        return -1;
    }
    c->regs = m;
    const char *irq = getenv("TRITIUM_FPGA_IRQ_FD");
    c->irq_fd = irq ? atoi(irq) : c->uio_fd;
    /* the u-dma-buf region */
    snprintf(c->buf_sysfs, sizeof c->buf_sysfs, "%s/class/u-dma-buf/%s", sys, udma);
    uint64_t bsize = 0;
    snprintf(path, sizeof path, "%s/phys_addr", c->buf_sysfs);
    int bad = read_u64(path, &c->buf_phys);
    snprintf(path, sizeof path, "%s/size", c->buf_sysfs);
    bad |= read_u64(path, &bsize);
    if (bad || !bsize) {
        snprintf(err, errlen,
                 "no u-dma-buf '%s' (%s/phys_addr and size): is the u-dma-buf module loaded with a %s node in the "
                 "overlay?",
                 udma, c->buf_sysfs, udma);
        fpga_close(c);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s", dev, udma);
    c->buf_fd = open(path, O_RDWR | O_CLOEXEC);
    if (c->buf_fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        fpga_close(c);
        return -1;
    }
    c->buf_len = (size_t)bsize;
    m = mmap(NULL, c->buf_len, PROT_READ | PROT_WRITE, MAP_SHARED, c->buf_fd, 0);
    if (m == MAP_FAILED) {
        snprintf(err, errlen, "mmap of %s (%zu bytes): %s", path, c->buf_len, strerror(errno));
        fpga_close(c);
        return -1;
    }
    c->buf = m;
    tdrv_heap_init(&c->heap, c->buf_phys, c->buf_phys + c->buf_len);
    /* completion raises the interrupt */
    reg_st(c->regs + TRITIUM_REG_IRQ_ENABLE, 1u);
    clock_gettime(CLOCK_MONOTONIC, &c->t0);
    snprintf(cfg_name, cfg_len, "%s (%s, %s)", name, uio, udma);
    *out = c;
    return 0;
}

static void fpga_close(void *ctx)
{
    fpga_ctx *c = ctx;
    if (c->regs)
        munmap((void *)c->regs, c->regs_len);
    if (c->buf)
        munmap(c->buf, c->buf_len);
    if (c->uio_fd >= 0)
        close(c->uio_fd);
    if (c->buf_fd >= 0)
        close(c->buf_fd);
    tdrv_heap_fini(&c->heap);
    free(c);
}

static int fpga_reg_read(void *ctx, uint32_t off, uint32_t *v)
{
    fpga_ctx *c = ctx;
    if (off + 4 > c->regs_len || (off & 3))
        return -1;
    *v = reg_ld(c->regs + off);
    return 0;
}

static int fpga_reg_write(void *ctx, uint32_t off, uint32_t v)
{
    fpga_ctx *c = ctx;
    if (off + 4 > c->regs_len || (off & 3))
        return -1;
    reg_st(c->regs + off, v);
    return 0;
}

static int fpga_buf_alloc(void *ctx, size_t bytes, size_t align, void **host, uint64_t *dev_addr, char *err,
                          size_t errlen)
{
    fpga_ctx *c = ctx;
    uint64_t a;
    if (tdrv_heap_alloc(&c->heap, bytes, align, &a)) {
        snprintf(err, errlen, "the u-dma-buf region (%zu bytes at 0x%llx) has no free %zu-byte range: load u-dma-buf "
                              "with a larger size",
                 c->buf_len, (unsigned long long)c->buf_phys, bytes);
        return -1;
    }
    *host = c->buf + (a - c->buf_phys);
    memset(*host, 0, bytes);
    *dev_addr = a;
    return 0;
}

static void fpga_buf_free(void *ctx, void *host, uint64_t dev_addr, size_t bytes)
{
    (void)host, (void)bytes;
    tdrv_heap_free(&((fpga_ctx *)ctx)->heap, dev_addr);
}

/* u-dma-buf's manual cache synchronization: offset, size, direction, then the trigger file. */
static void fpga_sync(void *ctx, void *host, size_t bytes, int to_device)
{
    fpga_ctx *c = ctx;
    const struct {
        const char *file;
        unsigned long long v;
    } steps[] = {{"sync_offset", (unsigned long long)((uint8_t *)host - c->buf)},
                 {"sync_size", (unsigned long long)bytes},
                 {"sync_direction", to_device ? 1ull : 2ull}, /* DMA_TO_DEVICE, DMA_FROM_DEVICE */
                 {to_device ? "sync_for_device" : "sync_for_cpu", 1ull}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        char path[640];
        snprintf(path, sizeof path, "%s/%s", c->buf_sysfs, steps[i].file);
        FILE *f = fopen(path, "w");
        if (!f)
            return; /* no manual sync: the region is mapped coherent or uncached */
        fprintf(f, "%llu\n", steps[i].v);
        fclose(f);
    }
}

static uint64_t fpga_now(void *ctx)
{
    fpga_ctx *c = ctx;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    const double s = (double)(t.tv_sec - c->t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - c->t0.tv_nsec);
    return (uint64_t)(s * c->mhz * 1e6);
}

/* Waits for STATUS.BUSY to clear: the UIO interrupt protocol (write 1 to unmask, poll, read the count),
   checking the register after every wake-up, until the timeout in device cycles has passed. */
static int fpga_wait_idle(void *ctx, uint64_t timeout_cycles, uint64_t *waited)
{
    fpga_ctx *c = ctx;
    const uint64_t start = fpga_now(c);
    for (;;) {
        const uint32_t st = reg_ld(c->regs + TRITIUM_REG_STATUS);
        const uint64_t el = fpga_now(c) - start;
        *waited = el;
        if (!(st & TRITIUM_STATUS_BUSY))
            return 0;
        if (el >= timeout_cycles)
            return -1;
        const uint32_t one = 1;
        if (write(c->irq_fd, &one, sizeof one) != (ssize_t)sizeof one && errno != EINTR)
            return -1;
        double ms = (double)(timeout_cycles - el) / (c->mhz * 1e3);
        struct pollfd p = {c->irq_fd, POLLIN, 0};
        int r = poll(&p, 1, ms > 1000.0 ? 1000 : (int)ms + 1);
        if (r > 0) {
            uint32_t count;
            if (read(c->irq_fd, &count, sizeof count) < 0 && errno != EINTR && errno != EAGAIN)
                return -1;
            reg_st(c->regs + TRITIUM_REG_IRQ_STATUS, 1u); /* acknowledged at the device too */
        } else if (r < 0 && errno != EINTR) {
            return -1;
        }
    }
}

static int fpga_irq_level(void *ctx) { return (reg_ld(((fpga_ctx *)ctx)->regs + TRITIUM_REG_IRQ_STATUS) & 1u) != 0; }

const tdrv_ops tdrv_fpga_ops = {
    .name = "fpga",
    .description = "tritium on an FPGA board under Linux: UIO registers and interrupt, u-dma-buf memory (docs/fpga.md)",
    .caps = TDRV_CAP_CYCLES | TDRV_CAP_HARDWARE,
    .open = fpga_open,
    .close = fpga_close,
    .config_name = NULL,
    .reg_read = fpga_reg_read,
    .reg_write = fpga_reg_write,
    .buf_alloc = fpga_buf_alloc,
    .buf_free = fpga_buf_free,
    .sync = fpga_sync,
    .wait_idle = fpga_wait_idle,
    .now = fpga_now,
    .hard_reset = NULL,
    .irq_level = fpga_irq_level,
    .inject_error = NULL,
    .mem_speed = NULL,
};
