#include "runtime/backend/rt_dev_faults.h"

enum { F_NONE, F_READ_ERR, F_WRITE_ERR, F_HANG, F_FLIP_READ, F_FLIP_WRITE, F_KINDS };
static const char *const k_names[F_KINDS] = {"", "a read error", "a write error", "a hung memory",
                                             "a bit flipped in a read beat", "a bit flipped in a written beat"};

static uint64_t next(rt_dev_faults *f)
{
    f->rng ^= f->rng << 13;
    f->rng ^= f->rng >> 7;
    f->rng ^= f->rng << 17;
    return f->rng;
}

/* uniform in [0, n), n >= 1 */
static uint64_t below(rt_dev_faults *f, uint64_t n) { return n ? next(f) % n : 0; }

void rt_dev_faults_init(rt_dev_faults *f, double rate, uint64_t seed)
{
    f->rate = rate;
    f->rng = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    if (!f->rng)
        f->rng = 1;
    f->armed = F_NONE;
}

int rt_dev_faults_arm(rt_dev_faults *f, tdrv_dev *d, const tdrv_cmd *c, uint64_t wbytes, uint64_t xbytes,
                      uint64_t ybytes, uint32_t bus, rt_stats *st)
{
    f->armed = F_NONE;
    if (f->rate <= 0 || (double)(next(f) >> 11) * 0x1.0p-53 >= f->rate)
        return 0;
    const int kind = 1 + (int)below(f, F_KINDS - 1);
    const uint64_t rbeats = (wbytes + xbytes) / bus, wbeats = ybytes / bus;
    const uint32_t bit = (uint32_t)below(f, 8ull * bus);
    tdrv_status rc = TDRV_OK;
    switch (kind) {
    case F_READ_ERR: { /* one beat somewhere in the weights */
        const uint64_t a = c->w_addr + below(f, wbytes / bus) * bus;
        rc = tdrv_inject_error(d, a, a + bus);
        break;
    }
    case F_WRITE_ERR: {
        const uint64_t a = c->y_addr + below(f, ybytes / bus) * bus;
        rc = tdrv_inject_error(d, a, a + bus);
        break;
    }
    case F_HANG: rc = tdrv_inject_fault(d, TDRV_FAULT_HANG, below(f, rbeats), 0); break;
    case F_FLIP_READ: rc = tdrv_inject_fault(d, TDRV_FAULT_FLIP_READ, below(f, rbeats), bit); break;
    default: rc = tdrv_inject_fault(d, TDRV_FAULT_FLIP_WRITE, below(f, wbeats), bit); break;
    }
    if (rc != TDRV_OK)
        return -1;
    f->armed = kind;
    st->faults_injected++;
    return 0;
}

void rt_dev_faults_done(rt_dev_faults *f, tdrv_dev *d, int failed, rt_stats *st)
{
    if (f->armed == F_NONE)
        return;
    int struck;
    if (f->armed == F_READ_ERR || f->armed == F_WRITE_ERR) {
        struck = failed; /* the range answered with an error only if the job reached it */
        tdrv_inject_error(d, 0, 0);
    } else {
        struck = tdrv_fault_struck(d) == 1;
        tdrv_inject_fault(d, TDRV_FAULT_NONE, 0, 0); /* a hung memory stays hung until the reset */
    }
    st->faults_struck += (uint64_t)struck;
}

const char *rt_dev_faults_name(const rt_dev_faults *f) { return k_names[f->armed]; }
