/*
 * tritium_rd_dma against a C++ model of what its bursts must be: for random tiles (activation rows of
 * random length, stride and address, then a weight stream, placed near 4 KB boundaries), every burst
 * obeys AXI4 (at most 256 beats, bus-aligned, never across 4 KB), the bursts cover exactly the rows and
 * then the weights in order, a weight burst is at most half the staging FIFO and fits its free room,
 * and every R beat is routed to the kind and address of its burst. Memory answers with random delays.
 */
#include <cstdio>
#include <deque>
#include <vector>

#include "Vtb_rd_dma.h"
#include "tests/rtl/tb.h"
#include "verilated.h"

/* The parameters tests/rtl/tests.mk verilates the cell with. */
static const uint64_t kBus = 8, kWgtBeats = 64, kBursts = 4;

struct burst {
    uint64_t addr;
    unsigned beats;
    bool w;
};

static void one_tile(uint64_t &s, int t)
{
    VerilatedContext ctx;
    Vtb_rd_dma m(&ctx, "rd_dma");
    tb_reset(m);
    const uint64_t rows = 1 + tb_rand(s) % 5, ktb = 1 + tb_rand(s) % 700;
    const uint64_t xs = (ktb + tb_rand(s) % 40) * kBus;
    const uint64_t x_base = (0x10000 + (tb_rand(s) % 8) * 4096 - (tb_rand(s) % 64) * kBus) & 0xFFFFFFF8u;
    const uint64_t w_base = (0x80000 + (tb_rand(s) % 8) * 4096 - (tb_rand(s) % 300) * kBus) & 0xFFFFFFF8u;
    const uint64_t wbeats = 1 + tb_rand(s) % 2000;

    /* What must be read, in order: each row's beats, then the weight stream. */
    std::vector<std::pair<uint64_t, bool>> want; /* beat address, is weight */
    for (uint64_t r = 0; r < rows; r++)
        for (uint64_t b = 0; b < ktb; b++) want.push_back({x_base + r * xs + b * kBus, false});
    for (uint64_t b = 0; b < wbeats; b++) want.push_back({w_base + b * kBus, true});

    std::deque<burst> pending;           /* accepted, data not yet returned */
    std::vector<std::pair<uint64_t, bool>> got;
    uint64_t stored = 0, reserved = 0;   /* the staging FIFO the testbench stands in for */
    unsigned sent = 0, delay = 0;
    uint64_t requested = 0;

    m.clear_i = 0;
    m.job_start_i = 1;
    m.x_base_i = (uint32_t)x_base;
    m.xs_i = (uint32_t)xs;
    m.ktb_i = (uint32_t)ktb;
    m.run_i = 0;
    m.tile_start_i = 0;
    m.m_axi_rvalid_i = 0;
    m.m_axi_arready_i = 0;
    m.wgt_free_i = (uint32_t)kWgtBeats;
    /* windows over the whole address space: {end, base} = {2^64 - 1, 0} */
    for (int i = 0; i < 4; i++) {
        m.win_w_i[i] = i < 2 ? 0u : 0xFFFFFFFFu;
        m.win_x_i[i] = i < 2 ? 0u : 0xFFFFFFFFu;
    }
    tb_cycle(m);
    m.job_start_i = 0;
    m.tile_start_i = 1;
    m.tile_rows_i = (uint32_t)rows;
    m.w_base_i = (uint32_t)w_base;
    m.wbeats_i = (uint32_t)wbeats;
    tb_cycle(m);
    m.tile_start_i = 0;
    m.run_i = 1;
    for (int cyc = 0; cyc < 200000 && got.size() < want.size(); cyc++) {
        /* the consumer drains the staging FIFO now and then */
        if (stored && tb_rand(s) % 3 == 0) stored--;
        m.wgt_free_i = (uint32_t)(kWgtBeats - stored - reserved);
        m.m_axi_arready_i = tb_rand(s) % 4 != 0;
        /* R: the oldest pending burst, beat by beat, after a random delay */
        bool rv = !pending.empty() && delay == 0;
        if (!pending.empty() && delay) delay--;
        m.m_axi_rvalid_i = rv;
        m.m_axi_rlast_i = rv && sent + 1 == pending.front().beats;
        m.m_axi_rresp_i = 0;
        m.clk_i = 0;
        m.eval();
        if (rv) {
            const burst &b = pending.front();
            ck_assert_msg(m.r_is_w_o == b.w, "tile %d: R beat routed to the wrong buffer", t);
            ck_assert_uint_eq(m.r_err_addr_o, b.addr);
            got.push_back({b.addr + sent * kBus, b.w});
            if (b.w) {
                ck_assert_uint_gt(reserved, 0);
                reserved--;
                stored++;
            }
        }
        ck_assert_msg(!m.win_err_o, "tile %d: a burst at 0x%llx refused by an open window", t,
                      (unsigned long long)m.win_err_addr_o);
        const uint32_t issue_w = m.wgt_issue_o;
        if (m.m_axi_arvalid_o && m.m_axi_arready_i) {
            burst b = {m.m_axi_araddr_o, (unsigned)m.m_axi_arlen_o + 1u, false};
            ck_assert_msg((b.addr % kBus) == 0, "tile %d: burst at 0x%llx not bus-aligned", t, (unsigned long long)b.addr);
            ck_assert_uint_le(b.beats, 256);
            ck_assert_msg((b.addr & 4095) + b.beats * kBus <= 4096, "tile %d: burst 0x%llx + %u beats crosses 4 KB", t,
                          (unsigned long long)b.addr, b.beats);
            ck_assert_uint_eq(m.m_axi_arsize_o, 3);
            ck_assert_uint_eq(m.m_axi_arburst_o, 1);
            /* its kind: every activation row is requested before the first weight beat */
            b.w = requested >= rows * ktb;
            requested += b.beats;
            if (b.w) ck_assert_uint_le(b.beats, kWgtBeats / 2);
            pending.push_back(b);
            ck_assert_uint_le(pending.size(), kBursts);
        }
        m.clk_i = 1;
        m.eval();
        if (issue_w) {
            ck_assert_uint_le(issue_w + stored + reserved, kWgtBeats); /* the credit rule */
            reserved += issue_w;
        }
        if (rv) {
            if (++sent == pending.front().beats) {
                pending.pop_front();
                sent = 0;
                delay = (unsigned)(tb_rand(s) % 6);
            }
        }
    }
    ck_assert_msg(got.size() == want.size(), "tile %d: %zu of %zu beats read", t, got.size(), want.size());
    for (size_t i = 0; i < want.size(); i++)
        ck_assert_msg(got[i] == want[i], "tile %d: beat %zu is 0x%llx (%s), expected 0x%llx (%s)", t, i,
                      (unsigned long long)got[i].first, got[i].second ? "w" : "x", (unsigned long long)want[i].first,
                      want[i].second ? "w" : "x");
    m.m_axi_rvalid_i = 0;
    m.m_axi_rlast_i = 0;
    tb_cycle(m);
    ck_assert_uint_eq(m.idle_o, 1);
    m.final();
}

START_TEST(rd_dma_bursts_follow_the_rules)
{
    uint64_t s = 0xC0FFEE11ull;
    for (int t = 0; t < 60; t++) one_tile(s, t);
}
END_TEST

Suite *suite_rtl_rd_dma()
{
    Suite *s = suite_create("rtl_rd_dma");
    TCase *tc = tcase_create("rd_dma");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rd_dma_bursts_follow_the_rules);
    suite_add_tcase(s, tc);
    return s;
}
