/* The emulated board of the fpga backend's tests (fpga_emu.h). */
#include "tests/fpga/fpga_emu.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

#include "sim/tsim.h"
#include "tritium_regs.h"

#define EMU_PHYS 0x20000000ull
#define EMU_BUF_BYTES (64ull << 20)

struct fpga_emu {
    char root[64], sysfs[128];
    tsim *s;
    uint8_t *mem;
    int sock[2]; /* [0] the backend's interrupt descriptor, [1] the board's end */
    pthread_t clock;
    pthread_mutex_t mu;
    int stop, active, irq_last, masked;
    int want; /* register accesses waiting for the model: the clock thread lets them in first */
    uint64_t count, accesses, irqs;
    struct sigaction old_bus;
};

static fpga_emu *g_emu; /* the signal handler's way to the board (one per process) */

static int put(const char *dir, const char *file, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, file);
    FILE *f = fopen(p, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* A fault in the register window: the backend's load (8B 02: mov (%rdx),%eax) or store (89 02:
   mov %eax,(%rdx)), forwarded to the model. */
static void on_bus(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    const uint8_t *ip = (const uint8_t *)g[REG_RIP];
    fpga_emu *e = g_emu;
    if (e && (ip[0] == 0x8B || ip[0] == 0x89) && ip[1] == 0x02) {
        const uint32_t off = (uint32_t)((uintptr_t)si->si_addr & 0xFFFu);
        __atomic_add_fetch(&e->want, 1, __ATOMIC_ACQ_REL);
        pthread_mutex_lock(&e->mu);
        __atomic_sub_fetch(&e->want, 1, __ATOMIC_ACQ_REL);
        e->accesses++;
        if (ip[0] == 0x8B) {
            uint32_t v = 0xFFFFFFFFu;
            tsim_reg_read(e->s, off, &v);
            g[REG_RAX] = (greg_t)v;
        } else {
            const uint32_t v = (uint32_t)g[REG_RAX];
            tsim_reg_write(e->s, off, v);
            if (off == TRITIUM_REG_CTRL)
                e->active = 1;
        }
        pthread_mutex_unlock(&e->mu);
        g[REG_RIP] += 2;
        return;
    }
    /* not ours: the old handler, or the default action */
    sigaction(sig, &e->old_bus, NULL);
}

/* The board's clock: the model runs while a job is in flight; irq_o's rising edge sends UIO's count
   when the interrupt is unmasked, and masks it until the backend writes 1. */
static void *clock_thread(void *arg)
{
    fpga_emu *e = arg;
    while (!__atomic_load_n(&e->stop, __ATOMIC_ACQUIRE)) {
        uint32_t w;
        while (recv(e->sock[1], &w, sizeof w, MSG_DONTWAIT) == (ssize_t)sizeof w)
            if (w == 1)
                e->masked = 0;
        pthread_mutex_lock(&e->mu);
        int active = e->active;
        if (active && tsim_run_until_idle(e->s, 4096) < 4096)
            e->active = active = 0;
        const int irq = tsim_irq(e->s);
        if (irq && !e->irq_last && !e->masked) {
            uint32_t c = (uint32_t)++e->count;
            if (send(e->sock[1], &c, sizeof c, MSG_DONTWAIT) == (ssize_t)sizeof c)
                e->irqs++;
            e->masked = 1;
        }
        e->irq_last = irq;
        pthread_mutex_unlock(&e->mu);
        /* a mutex is not fair: without this the clock would take it back at once and starve the
           backend's register accesses until the job ends */
        while (__atomic_load_n(&e->want, __ATOMIC_ACQUIRE))
            sched_yield();
        if (!active)
            usleep(100);
    }
    return NULL;
}

fpga_emu *fpga_emu_start(const char *config, char *err, size_t errlen)
{
    if (errlen)
        err[0] = 0;
    if (g_emu) {
        snprintf(err, errlen, "one emulated board per process");
        return NULL;
    }
    fpga_emu *e = calloc(1, sizeof *e);
    snprintf(e->root, sizeof e->root, "/tmp/tritium-fpga-XXXXXX");
    if (!mkdtemp(e->root)) {
        snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
        free(e);
        return NULL;
    }
    char d[256], v[64];
    snprintf(e->sysfs, sizeof e->sysfs, "%s/sys", e->root);
    const char *dirs[] = {"sys", "sys/class", "sys/class/uio", "sys/class/uio/uio0", "sys/class/uio/uio0/maps",
                          "sys/class/uio/uio0/maps/map0", "sys/class/u-dma-buf", "sys/class/u-dma-buf/udmabuf0",
                          "dev"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(d, sizeof d, "%s/%s", e->root, dirs[i]);
        mkdir(d, 0755);
    }
    snprintf(d, sizeof d, "%s/sys/class/uio/uio0", e->root);
    int bad = put(d, "name", "tritium\n");
    snprintf(d, sizeof d, "%s/sys/class/uio/uio0/maps/map0", e->root);
    bad |= put(d, "size", "0x1000\n") | put(d, "addr", "0xa0000000\n");
    snprintf(d, sizeof d, "%s/sys/class/u-dma-buf/udmabuf0", e->root);
    snprintf(v, sizeof v, "0x%llx\n", (unsigned long long)EMU_PHYS);
    bad |= put(d, "phys_addr", v);
    snprintf(v, sizeof v, "%llu\n", (unsigned long long)EMU_BUF_BYTES);
    bad |= put(d, "size", v);
    const char *sync[] = {"sync_offset", "sync_size", "sync_direction", "sync_for_cpu", "sync_for_device"};
    for (size_t i = 0; i < 5; i++)
        bad |= put(d, sync[i], "0\n");
    /* dev/uio0: empty, so that its mapping faults on every access; dev/udmabuf0: the region */
    snprintf(d, sizeof d, "%s/dev", e->root);
    bad |= put(d, "uio0", "");
    snprintf(d, sizeof d, "%s/dev/udmabuf0", e->root);
    int fd = open(d, O_RDWR | O_CREAT, 0644);
    if (bad || fd < 0 || ftruncate(fd, (off_t)EMU_BUF_BYTES)) {
        snprintf(err, errlen, "cannot build the emulated board in %s", e->root);
        if (fd >= 0)
            close(fd);
        free(e);
        return NULL;
    }
    e->mem = mmap(NULL, EMU_BUF_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    e->s = tsim_create(config, NULL, err, errlen);
    if (e->mem == MAP_FAILED || !e->s || tsim_mem_attach(e->s, EMU_PHYS, e->mem, EMU_BUF_BYTES) ||
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, e->sock)) {
        if (e->s)
            tsim_destroy(e->s);
        if (e->mem != MAP_FAILED)
            munmap(e->mem, EMU_BUF_BYTES);
        if (!err[0])
            snprintf(err, errlen, "cannot set up the model of the emulated board");
        free(e);
        return NULL;
    }
    pthread_mutex_init(&e->mu, NULL);
    g_emu = e;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGBUS, &sa, &e->old_bus);
    pthread_create(&e->clock, NULL, clock_thread, e);
    setenv("TRITIUM_FPGA_SYSFS", e->sysfs, 1);
    snprintf(d, sizeof d, "%s/dev", e->root);
    setenv("TRITIUM_FPGA_DEV", d, 1);
    snprintf(v, sizeof v, "%d", e->sock[0]);
    setenv("TRITIUM_FPGA_IRQ_FD", v, 1);
    /* the board's clock as the backend counts it from wall time: the model's own pace (about 1 M
       cycles per second, less on a busy machine or under ASan), so waits measured in device cycles
       give the model the time a board would have */
    setenv("TRITIUM_FPGA_MHZ", "1", 1);
    return e;
}

void fpga_emu_stop(fpga_emu *e)
{
    if (!e)
        return;
    __atomic_store_n(&e->stop, 1, __ATOMIC_RELEASE);
    pthread_join(e->clock, NULL);
    sigaction(SIGBUS, &e->old_bus, NULL);
    g_emu = NULL;
    tsim_destroy(e->s);
    munmap(e->mem, EMU_BUF_BYTES);
    close(e->sock[0]);
    close(e->sock[1]);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->root);
    if (system(cmd) != 0)
        fprintf(stderr, "fpga_emu: could not remove %s\n", e->root);
    unsetenv("TRITIUM_FPGA_SYSFS");
    unsetenv("TRITIUM_FPGA_DEV");
    unsetenv("TRITIUM_FPGA_IRQ_FD");
    unsetenv("TRITIUM_FPGA_MHZ");
    pthread_mutex_destroy(&e->mu);
    free(e);
}

void fpga_emu_inject_error(fpga_emu *e, uint64_t lo, uint64_t hi)
{
    pthread_mutex_lock(&e->mu);
    tsim_mem_inject_error(e->s, lo, hi);
    pthread_mutex_unlock(&e->mu);
}

void fpga_emu_latency(fpga_emu *e, uint32_t cycles)
{
    pthread_mutex_lock(&e->mu);
    tsim_mem_cfg c = {0, cycles};
    tsim_mem_config(e->s, &c);
    pthread_mutex_unlock(&e->mu);
}

void fpga_emu_counts(const fpga_emu *e, uint64_t *accesses, uint64_t *irqs)
{
    *accesses = e->accesses;
    *irqs = e->irqs;
}

const char *fpga_emu_sysfs(const fpga_emu *e) { return e->sysfs; }
