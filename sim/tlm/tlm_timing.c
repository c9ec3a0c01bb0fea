/*
 * Timing model of one tritium command: the RTL's control registers and the harness's AXI memory
 * queues as counters, advanced a cycle at a time (tlm_timing.h; the rules in docs/tlm.md). Each
 * block below names the RTL cell whose registers it mirrors. No data moves here.
 */
#include "sim/tlm/tlm_timing.h"
#include "tritium_regs.h"

#include <stdlib.h>
#include <string.h>

enum { QCAP = 256 }; /* ring capacity of every queue (>= 64 bursts + the memory's queue, ROWS - 1 tiles) */

typedef struct {
    uint32_t beats, done; /* beats of the burst, beats moved */
    uint64_t ready_at;    /* first read beat, or the B response */
    uint64_t addr;        /* where the burst starts (the RTL reports it on an error) */
    int err;              /* the memory answers it with an error */
} burst;

typedef struct {
    burst q[QCAP];
    unsigned head, n;
} ring;

static burst *ring_at(ring *r, unsigned i) { return &r->q[(r->head + i) % QCAP]; }
static void ring_push(ring *r, burst b)
{
    r->q[(r->head + r->n) % QCAP] = b;
    r->n++;
}
static void ring_pop(ring *r)
{
    r->head = (r->head + 1) % QCAP;
    r->n--;
}

static unsigned clog2u(uint64_t v)
{
    unsigned s = 0;
    while ((1ull << s) < v) s++;
    return s;
}

static int pow2(uint64_t v) { return v && !(v & (v - 1)); }

/* Everything that lives across the cycles of one command. */
typedef struct {
    /* parameters and the command, derived once */
    uint32_t bus_b, tb, wgt_beats, acc_nt, ktb, kt_tot, mt_tot, nt, tiles, wbeats, maxq;
    const tlm_hw *hw;
    const tlm_mem *mem;
    const tlm_cmd *cmd;
    const tlm_faults *f;
    uint64_t g; /* harness cycle */
    double tokens;
    ring rq, wq, bq; /* memory: read bursts, write bursts, B responses */
    /* tritium_rd_dma */
    int phase; /* 0 act, 1 wgt, 2 done */
    int arvalid;
    uint32_t arlen, x_rows_rem, x_beats_rem, w_beats_rem;
    uint64_t x_row, x_addr, w_addr, araddr;
    ring tags; /* done field = 1 for a weight burst */
    /* tritium_wgt_stage; rd: the 2-bit tiles whose last row has not been read yet (ready_at: the
       cycle their beats are free) */
    uint32_t cnt, infl;
    ring rd;
    /* tritium_act_buf */
    uint32_t rcv, tot;
    /* tritium_b3_dec */
    uint32_t fill, b3_tiles, pend;
    uint64_t b3_beats; /* beats taken in this pass */
    int bad;           /* a byte above 242 was taken */
    /* tritium_feeder */
    int done, shadow_full, out_claimed;
    uint32_t n, kt, mt;
    uint64_t wb_start_at; /* the array's ROWS-cycle latency: when the last row reaches the output buffer */
    int wb_start_pending;
    /* tritium_wr_dma */
    int wst; /* 0 idle, 1 row, 2 aw, 3 w, 4 split */
    uint32_t wmt, wrow, vcols, wbeat, wbeats_seg, bend;
    uint64_t yaddr, y_tile;
    uint32_t awq, n0;
    /* tritium_job_ctrl: SDrain after a fault (no issue, nothing fed) until nothing is in flight */
    int drain;
    tlm_perf *p;
} st;

enum { W_IDLE, W_ROW, W_AW, W_W, W_SPLIT };

/* The memory's bandwidth budget, as sim/tsim.cpp's take_token. */
static void mem_refill(st *s)
{
    const tlm_mem *m = s->mem;
    if (!m->bytes_per_cycle) return;
    s->tokens += (double)m->bytes_per_cycle;
    double cap = 2.0 * s->bus_b + (double)m->bytes_per_cycle;
    if (s->tokens > cap) s->tokens = cap;
}

static int mem_take(st *s)
{
    if (!s->mem->bytes_per_cycle) return 1;
    if (s->tokens + 1e-9 < (double)s->bus_b) return 0;
    s->tokens -= (double)s->bus_b;
    return 1;
}

static uint32_t min32(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* An address as the device's ADDR_W-bit registers hold it. */
static uint64_t wrap(const st *s, uint64_t a) { return s->f && s->f->addr_mask ? a & s->f->addr_mask : a; }

/* tritium_win_check: a burst of `bytes` at `addr` lies wholly in window `which` (or none is set). */
static int in_window(const st *s, int which, uint64_t addr, uint64_t bytes)
{
    if (!s->f || !s->f->windows) return 1;
    const uint64_t base = s->f->win[which][0], end = s->f->win[which][1];
    return addr >= base && end >= addr && end - addr >= bytes;
}

/* Burst length the read DMA would issue now (4 KB rule, 256 beats, half the FIFO for weights). */
static uint32_t rd_len(const st *s)
{
    uint64_t cur = s->phase == 0 ? s->x_addr : s->w_addr;
    uint32_t rem = s->phase == 0 ? s->x_beats_rem : s->w_beats_rem;
    uint32_t bnd = (uint32_t)((4096u - (cur & 4095u)) / s->bus_b);
    uint32_t len = min32(min32(rem, 256), bnd);
    if (s->phase == 1) len = min32(len, s->wgt_beats / 2);
    return len;
}

/* One SRun cycle; returns 1 when the N tile is finished (this cycle is its last). */
static int run_cycle(st *s)
{
    const int b3 = s->cmd->base3;
    mem_refill(s);
    /* memory drives the slave side (sim/tsim.cpp, cycle()) */
    const int arready = s->rq.n < s->maxq, awready = s->wq.n < s->maxq;
    int rvalid = 0;
    if (s->rq.n && ring_at(&s->rq, 0)->ready_at <= s->g) rvalid = mem_take(s);
    int wready = 0;
    for (unsigned i = 0; i < s->wq.n; i++)
        if (ring_at(&s->wq, i)->done < ring_at(&s->wq, i)->beats) {
            wready = 1;
            break;
        }
    const int bvalid = s->bq.n && ring_at(&s->bq, 0)->ready_at <= s->g;
    const int run = !s->drain;

    /* tritium_core's nt_done (SRun) and drained (SDrain), from the registers of this cycle */
    if (run && s->done && s->wmt == s->mt_tot && s->wst == W_IDLE && s->awq == 0 && s->tags.n == 0 && !s->arvalid) {
        s->g++;
        return 1;
    }
    if (!run && s->wst != W_AW && s->wst != W_W && s->awq == 0 && s->tags.n == 0 && !s->arvalid) {
        s->g++;
        return 2;
    }

    /* tritium_job_ctrl: a fault seen this cycle stops the job at the edge (read, then write, then
       weight code); faults seen while draining are not reported */
    uint32_t fault = TRITIUM_ERR_NONE;
    uint64_t fault_addr = 0;
    if (run) {
        if (rvalid && ring_at(&s->rq, 0)->err) fault = TRITIUM_ERR_AXI_READ, fault_addr = ring_at(&s->rq, 0)->addr;
        else if (bvalid && ring_at(&s->bq, 0)->err) fault = TRITIUM_ERR_AXI_WRITE, fault_addr = ring_at(&s->bq, 0)->addr;
        else if (s->bad) fault = TRITIUM_ERR_WEIGHT_CODE, fault_addr = wrap(s, s->cmd->w + s->b3_beats * s->bus_b);
    }

    /* tritium_wgt_stage: a tile's beats are free once its last row has been read */
    while (s->rd.n && ring_at(&s->rd, 0)->ready_at <= s->g) ring_pop(&s->rd);

    /* tritium_rd_dma: issue (a burst outside its window is refused instead) and R routing */
    const uint32_t len = s->phase == 2 ? 0 : rd_len(s);
    const uint32_t wfree = s->wgt_beats - s->cnt - s->infl - s->rd.n * s->tb;
    const int want = run && !s->arvalid && s->phase != 2 && s->tags.n < s->hw->rd_bursts && (s->phase == 0 || wfree >= len);
    const uint64_t rd_cur = s->phase == 0 ? s->x_addr : s->w_addr;
    const int rd_in_win = !want || in_window(s, s->phase == 0 ? TLM_WIN_X : TLM_WIN_W, rd_cur, (uint64_t)len * s->bus_b);
    const int issue = want && rd_in_win;
    const int ar_hs = s->arvalid && arready;
    const int r_is_w = s->tags.n ? (int)ring_at(&s->tags, 0)->beats : 0; /* beats holds "is a weight burst" */
    const int r_last = rvalid && ring_at(&s->rq, 0)->done + 1 == ring_at(&s->rq, 0)->beats;

    /* weight tile available: staging (2-bit) or the decoder (base-3) */
    const uint32_t tile_u = 4 * s->tb, cap_u = tile_u + 10;
    const uint32_t written = s->fill - (s->pend ? 5u : 0u);
    const int tile_avail = b3 ? (s->b3_tiles != 0 && written >= tile_u && !s->bad) : s->cnt >= s->tb;

    /* tritium_feeder */
    const int start_tile = s->n == 0, x_ready = s->rcv == s->tot;
    const int need_out = start_tile && s->kt == s->kt_tot - 1;
    const int act_ok = !start_tile || (s->shadow_full && !(need_out && s->out_claimed));
    const int act = run && x_ready && !s->done && act_ok;
    const int swap = act && start_tile;
    const int load = run && tile_avail && (!s->shadow_full || swap);
    uint64_t *stall = NULL;
    if (run && !s->done) {
        if (!x_ready) stall = &s->p->stall_act;
        else if (need_out && s->shadow_full && s->out_claimed) stall = &s->p->stall_out;
        else if (start_tile && !s->shadow_full) stall = &s->p->stall_wgt;
    }
    if (stall) ++*stall;

    /* tritium_b3_dec: a beat taken when it fits behind what stays */
    int pop = 0;
    uint32_t fill_left = s->fill, tiles_left = s->b3_tiles;
    if (b3) {
        if (load) fill_left -= tile_u, tiles_left--;
        pop = s->cnt != 0 && !s->bad && fill_left + 5 <= cap_u &&
              (tiles_left > 1 || (tiles_left == 1 && fill_left < tile_u));
    }

    /* tritium_wr_dma */
    const int wb_start = s->wb_start_pending && s->wb_start_at == s->g;
    int aw_hs = s->wst == W_AW && awready; /* gated by the window below */
    const int w_hs = s->wst == W_W && wready;
    const int q_full = s->awq == s->hw->wr_bursts;
    const uint64_t seg = wrap(s, s->yaddr + (uint64_t)s->wmt * s->hw->cols * 4u);
    const uint64_t cur = wrap(s, seg + (uint64_t)s->wbeat * s->bus_b);
    /* the burst in the address phase goes out only inside the results' window */
    const int aw_ok = s->wst != W_AW || in_window(s, TLM_WIN_Y, cur, (uint64_t)(s->bend - s->wbeat) * s->bus_b);
    if (!aw_ok) aw_hs = 0;
    if (fault == TRITIUM_ERR_NONE && run && !rd_in_win) fault = TRITIUM_ERR_DMA_WINDOW, fault_addr = rd_cur;
    else if (fault == TRITIUM_ERR_NONE && run && !aw_ok) fault = TRITIUM_ERR_DMA_WINDOW, fault_addr = cur;
    const int seg_last = s->wbeat == s->wbeats_seg - 1, burst_last = s->wbeat == s->bend - 1;
    const int last_row = s->wrow == s->nt - 1;
    const int release = w_hs && seg_last && last_row;

    /* Nothing moves this cycle and nothing will until a memory response or the array's output is due:
       the cycles up to then are all like this one, so they are counted at once. */
    uint64_t skip = 0;
    const int w_still = s->wst == W_IDLE || (s->wst == W_AW && aw_ok && !aw_hs) || (s->wst == W_W && !w_hs) ||
                        ((s->wst == W_ROW || s->wst == W_SPLIT) && run && q_full);
    if (!issue && !ar_hs && !rvalid && !load && !act && !pop && !wb_start && !bvalid && !fault && !s->pend &&
        w_still && (!s->mem->bytes_per_cycle || s->tokens >= 2.0 * s->bus_b + (double)s->mem->bytes_per_cycle)) {
        uint64_t next = UINT64_MAX;
        if (s->rq.n && ring_at(&s->rq, 0)->ready_at < next) next = ring_at(&s->rq, 0)->ready_at;
        if (s->bq.n && ring_at(&s->bq, 0)->ready_at < next) next = ring_at(&s->bq, 0)->ready_at;
        if (s->wb_start_pending && s->wb_start_at < next) next = s->wb_start_at;
        if (s->rd.n && ring_at(&s->rd, 0)->ready_at < next) next = ring_at(&s->rd, 0)->ready_at;
        if (next != UINT64_MAX && next > s->g + 1) skip = next - s->g - 1;
    }

    /* ---- the clock edge: RTL registers ---- */
    const uint32_t reserve = (issue && s->phase == 1) ? len : 0;
    if (issue) {
        burst t = {s->phase == 1, 0, 0, 0, 0};
        ring_push(&s->tags, t);
        s->arlen = len;
        s->araddr = s->phase == 0 ? s->x_addr : s->w_addr;
        if (s->phase == 0) {
            if (s->x_beats_rem == len) {
                s->x_rows_rem--;
                s->x_row = wrap(s, s->x_row + s->cmd->x_stride);
                s->x_addr = s->x_row;
                s->x_beats_rem = s->ktb;
                if (s->x_rows_rem == 0) s->phase = 1;
            } else {
                s->x_beats_rem -= len;
                s->x_addr = wrap(s, s->x_addr + (uint64_t)len * s->bus_b);
            }
        } else {
            s->w_beats_rem -= len;
            s->w_addr = wrap(s, s->w_addr + (uint64_t)len * s->bus_b);
            if (s->w_beats_rem == 0) s->phase = 2;
        }
    }
    const uint32_t arlen = s->arlen; /* the payload of an AR taken this cycle (issued earlier) */
    const uint64_t araddr = s->araddr;
    if (ar_hs) s->arvalid = 0;
    if (issue) s->arvalid = 1;
    if (r_last) ring_pop(&s->tags);

    /* tritium_wgt_stage and tritium_act_buf */
    const int wr_w = rvalid && r_is_w;
    s->infl = s->infl + reserve - (wr_w ? 1u : 0u);
    s->cnt = s->cnt + (wr_w ? 1u : 0u) - ((load && !b3) ? s->tb : 0u) - (pop ? 1u : 0u);
    if (load && !b3) {
        burst t = {0, 0, s->g + s->hw->rows, 0, 0};
        ring_push(&s->rd, t);
    }
    if (rvalid && !r_is_w) s->rcv++;

    /* tritium_b3_dec */
    if (b3) {
        s->b3_tiles = tiles_left;
        s->fill = (load && tiles_left == 0) ? 0 : fill_left + (pop ? 5u : 0u);
        s->pend = (uint32_t)pop;
        if (pop) {
            if (s->f && s->b3_beats == s->f->bad_beat) s->bad = 1;
            else s->b3_beats++;
        }
    }

    /* tritium_feeder, and the array's latency to the accumulator */
    if (load && !swap) s->shadow_full = 1;
    else if (swap && !load) s->shadow_full = 0;
    if (act && need_out) s->out_claimed = 1;
    if (act) {
        s->p->compute++;
        if (s->n == s->nt - 1 && s->kt == s->kt_tot - 1) {
            /* s1 register, then ROWS cycles down the array: the output buffer holds the M tile */
            s->wb_start_at = s->g + 1 + s->hw->rows;
            s->wb_start_pending = 1;
        }
        if (s->n == s->nt - 1) {
            s->n = 0;
            if (s->kt == s->kt_tot - 1) {
                s->kt = 0;
                if (s->mt == s->mt_tot - 1) s->done = 1;
                else s->mt++;
            } else {
                s->kt++;
            }
        } else {
            s->n++;
        }
    }
    if (release) s->out_claimed = 0;

    /* tritium_wr_dma */
    if (wb_start) s->wb_start_pending = 0;
    switch (s->wst) {
    case W_IDLE:
        if (wb_start) {
            uint32_t m0 = s->wmt * s->hw->cols;
            s->vcols = min32(s->cmd->m - m0, s->hw->cols);
            s->wrow = 0;
            s->yaddr = s->y_tile;
            s->wbeats_seg = (s->vcols * 4 + s->bus_b - 1) / s->bus_b;
            s->wst = W_ROW;
        }
        break;
    case W_ROW:
    case W_SPLIT:
        if (!run) {
            s->wst = W_IDLE;
        } else if (!q_full) {
            uint32_t from = s->wst == W_ROW ? 0 : s->wbeat;
            uint64_t at = s->wst == W_ROW ? seg : cur;
            uint32_t room = (uint32_t)((4096u - (at & 4095u)) / s->bus_b);
            if (s->wst == W_ROW) s->wbeat = 0;
            s->bend = s->wbeats_seg - from > room ? from + room : s->wbeats_seg;
            s->wst = W_AW;
        }
        break;
    case W_AW:
        if (!aw_ok) s->wst = W_IDLE; /* refused: the job stops on the fault */
        else if (aw_hs) s->wst = W_W;
        break;
    case W_W:
        if (w_hs) {
            s->wbeat++;
            if (seg_last) {
                s->yaddr = wrap(s, s->yaddr + s->cmd->y_stride);
                if (last_row) {
                    s->wmt++;
                    s->wst = W_IDLE;
                } else {
                    s->wrow++;
                    s->wst = W_ROW;
                }
            } else if (burst_last) {
                s->wst = W_SPLIT;
            }
        }
        break;
    default:
        break;
    }
    if (aw_hs) s->awq++;
    if (bvalid) s->awq--;

    /* ---- the harness's memory after the edge ---- */
    if (rvalid) {
        s->p->rd_bytes += s->bus_b;
        if (++ring_at(&s->rq, 0)->done == ring_at(&s->rq, 0)->beats) ring_pop(&s->rq);
    }
    if (ar_hs) {
        const uint64_t bytes = (uint64_t)arlen * s->bus_b;
        burst b = {arlen, 0, s->g + 1 + s->mem->latency, araddr,
                   s->f && s->f->burst_err && s->f->burst_err(s->f->ctx, araddr, bytes, 0)};
        ring_push(&s->rq, b);
    }
    if (w_hs) {
        s->p->wr_bytes += s->bus_b;
        for (unsigned i = 0; i < s->wq.n; i++) {
            burst *w = ring_at(&s->wq, i);
            if (w->done == w->beats) continue;
            if (++w->done == w->beats) {
                burst b = {0, 0, s->g + 1 + s->mem->latency, w->addr, w->err};
                ring_push(&s->bq, b);
            }
            break;
        }
    }
    while (s->wq.n && ring_at(&s->wq, 0)->done == ring_at(&s->wq, 0)->beats) ring_pop(&s->wq);
    if (aw_hs) {
        /* the AW's payload: W_AW left the write engine's registers as they were */
        const uint32_t beats = s->bend - s->wbeat;
        burst w = {beats, 0, 0, cur, 0};
        w.err = s->f && s->f->burst_err && s->f->burst_err(s->f->ctx, cur, (uint64_t)beats * s->bus_b, 1);
        if (!w.err && s->f && s->f->wrote) {
            /* the strobes cover the valid columns only */
            const uint32_t lo = s->wbeat * s->bus_b, hi = min32(s->bend * s->bus_b, s->vcols * 4u);
            if (hi > lo) s->f->wrote(s->f->ctx, s->n0 + s->wrow, s->wmt * s->hw->cols + lo / 4u, (hi - lo) / 4u);
        }
        ring_push(&s->wq, w);
    }
    if (bvalid) ring_pop(&s->bq);
    if (fault) {
        s->p->err = fault;
        s->p->err_addr = fault_addr;
        s->drain = 1;
        s->done = 1; /* the feeder stops */
    }
    s->g += 1 + skip;
    if (skip) {
        s->p->busy += skip;
        if (stall) *stall += skip;
    }
    return 0;
}

/* Cycles with nothing but the memory's budget moving (job FSM states other than SRun). */
static void idle_cycles(st *s, uint64_t n)
{
    for (uint64_t i = 0; i < n && s->mem->bytes_per_cycle; i++) mem_refill(s);
    s->g += n;
    s->p->busy += n;
}

static int run(st *sp, const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, const tlm_faults *f,
               tlm_perf *out);

int tlm_timing_run_faults(const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, const tlm_faults *f,
                          tlm_perf *out)
{
    if (!hw || !mem || !cmd || !out) return -1;
    st *sp = malloc(sizeof *sp); /* the rings are large for a stack */
    if (!sp) return -1;
    int rc = run(sp, hw, mem, cmd, f, out);
    free(sp);
    return rc;
}

int tlm_timing_run(const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, tlm_perf *out)
{
    return tlm_timing_run_faults(hw, mem, cmd, NULL, out);
}

static int run(st *sp, const tlm_hw *hw, const tlm_mem *mem, const tlm_cmd *cmd, const tlm_faults *f,
               tlm_perf *out)
{
    memset(out, 0, sizeof *out);
    if (!pow2(hw->rows) || !pow2(hw->cols) || !pow2(hw->data_w) || hw->data_w % (8 * hw->rows) ||
        (2 * hw->rows * hw->cols) % hw->data_w || hw->rows > QCAP || hw->rd_bursts > 64 || hw->wr_bursts > 64 || !cmd->m ||
        !cmd->k || !cmd->n)
        return -1;
    memset(sp, 0, sizeof *sp);
    sp->hw = hw, sp->mem = mem, sp->cmd = cmd, sp->f = f, sp->p = out;
    sp->bus_b = hw->data_w / 8;
    sp->tb = 2 * hw->rows * hw->cols / hw->data_w;
    sp->wgt_beats = hw->wgt_bytes / sp->bus_b;
    sp->acc_nt = hw->acc_words / hw->cols;
    sp->maxq = mem->max_queue ? mem->max_queue : 16;
    sp->ktb = (cmd->k + sp->bus_b - 1) / sp->bus_b;
    sp->kt_tot = (cmd->k + hw->rows - 1) / hw->rows;
    sp->mt_tot = (cmd->m + hw->cols - 1) / hw->cols;
    sp->tiles = sp->kt_tot * sp->mt_tot;
    if ((uint64_t)sp->ktb * sp->bus_b > hw->act_bytes) return -1;
    /* tritium_job_ctrl SNcalc: one more row per cycle while it fits the accumulator and the buffer */
    const uint32_t rowb = sp->ktb * sp->bus_b;
    uint32_t nt_max = min32(min32(sp->acc_nt, cmd->n), hw->act_bytes / rowb);
    uint64_t ncalc = nt_max + 1u;
    /* tiles per pass from a shift-and-add multiplier over the K tiles' clog2(ACT_BYTES / ROWS) + 1
       bits, started the cycle after the job */
    const uint64_t mul = clog2u(hw->act_bytes / hw->rows) + 1u;
    if (mul + 2u > ncalc) ncalc = mul + 2u;
    if (cmd->base3) {
        /* beats per pass: ceil(tiles * 4 * TILE_BEATS / 5), from a bit-serial divider of
           32 + clog2(4 * TILE_BEATS) cycles started the cycle after the product */
        uint64_t units = (uint64_t)sp->tiles * 4u * sp->tb;
        sp->wbeats = (uint32_t)((units + 4) / 5);
        uint64_t div = mul + 32u + clog2u(4u * sp->tb) + 3u;
        if (div > ncalc) ncalc = div;
    } else {
        sp->wbeats = sp->tiles * sp->tb;
    }
    sp->tokens = mem->bytes_per_cycle ? 2.0 * sp->bus_b + mem->bytes_per_cycle : 0.0;
    sp->x_row = cmd->x;
    sp->phase = 2;
    sp->done = 1;
    idle_cycles(sp, ncalc);
    /* the harness's own budget (tests/sim/sim_harness.c): far above any legal command's cycles */
    const uint64_t limit = 64u * ((uint64_t)sp->wbeats * sp->bus_b + (uint64_t)sp->ktb * sp->bus_b * cmd->n +
                                  4ull * cmd->m * cmd->n) + 100000u;
    for (uint32_t n0 = 0; n0 < cmd->n; n0 += sp->nt) {
        /* STile: the N tile's registers, then SRun */
        sp->nt = min32(cmd->n - n0, nt_max);
        sp->y_tile = wrap(sp, cmd->y + (uint64_t)n0 * cmd->y_stride);
        sp->n0 = n0;
        idle_cycles(sp, 1);
        sp->x_addr = sp->x_row;
        sp->x_beats_rem = sp->ktb;
        sp->x_rows_rem = sp->nt;
        sp->w_addr = cmd->w;
        sp->w_beats_rem = sp->wbeats;
        sp->phase = 0;
        sp->done = 0;
        sp->n = sp->kt = sp->mt = 0;
        sp->rcv = 0;
        sp->tot = sp->ktb * sp->nt;
        sp->fill = 0, sp->b3_tiles = sp->tiles, sp->pend = 0, sp->b3_beats = 0;
        sp->wmt = 0;
        for (uint64_t guard = 0;; guard++) {
            out->busy++;
            const int r = run_cycle(sp);
            if (r == 2) return 0; /* stopped on a fault, drained */
            if (r) break;
            if (guard > limit) return -1; /* a model that does not finish: a bug, told not hung */
        }
    }
    return 0;
}
