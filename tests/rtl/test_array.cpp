/*
 * tritium_array against a C++ model of its wavefront: random weight tiles loaded into the shadow
 * registers, swapped in with an activation, and a stream of int8 activations (row r's codes and
 * activation presented r cycles after row 0's, as the buffers' row banks deliver them); every column
 * sum that leaves the array ROWS cycles after its activation must equal sum_r w[r][c] * x[r] of the
 * tile that was active for that activation (code 10, invalid, counts as 0).
 */
#include <deque>
#include <vector>

#include "Vtb_array.h"
#include "tests/rtl/tb.h"
#include "verilated.h"

static const int kRows = 4, kCols = 8, kPsumW = 8 + 2 + 1; /* tests/rtl/tests.mk's parameters */

static int value(unsigned code) { return code == 1 ? 1 : code == 3 ? -1 : 0; }

START_TEST(array_wavefront_matches_the_model)
{
    VerilatedContext ctx;
    Vtb_array m(&ctx, "array");
    tb_reset(m);
    uint64_t s = 0xA5A5F00Dull;
    std::vector<unsigned> active(kRows * kCols, 0), shadow(kRows * kCols, 0), tile(kRows * kCols);
    std::deque<std::vector<int>> expect; /* column sums of the activations in flight */
    std::deque<uint64_t> tiles(kRows, 0); /* the tiles of the last kRows cycles, newest first */
    std::deque<uint32_t> acts(kRows, 0);  /* the activations likewise */
    int checked = 0;
    for (int cyc = 0; cyc < 20000; cyc++) {
        const bool load = tb_rand(s) % 3 == 0, swap = tb_rand(s) % 4 == 0;
        uint64_t t = 0;
        for (int i = 0; i < kRows * kCols; i++) {
            tile[i] = (unsigned)(tb_rand(s) % 16 == 0 ? 2 : (tb_rand(s) % 3 == 2 ? 3 : tb_rand(s) % 2));
            t |= (uint64_t)tile[i] << (2 * i);
        }
        tiles.push_front(t);
        tiles.pop_back();
        /* row r gets the codes of the tile drawn r cycles ago */
        uint64_t skewed = 0;
        for (int r = 0; r < kRows; r++) {
            const uint64_t mask = ((1ull << (2 * kCols)) - 1) << (2 * kCols * r);
            skewed |= tiles[r] & mask;
        }
        int x[kRows];
        uint32_t act = 0;
        for (int r = 0; r < kRows; r++) {
            x[r] = (int)(int8_t)tb_rand(s);
            if (tb_rand(s) % 8 == 0) x[r] = tb_rand(s) % 2 ? 127 : -128;
            act |= (uint32_t)(uint8_t)x[r] << (8 * r);
        }
        acts.push_front(act);
        acts.pop_back();
        uint32_t act_sk = 0;
        for (int r = 0; r < kRows; r++) act_sk |= acts[r] & (0xFFu << (8 * r));
        m.act_i = act_sk;
        m.tile_i = skewed;
        m.load_i = load;
        m.swap_i = swap;
        tb_cycle(m);
        /* the model: swap takes the shadow for this activation; a load in the same cycle lands after */
        if (swap) active = shadow;
        std::vector<int> sums(kCols, 0);
        for (int c = 0; c < kCols; c++)
            for (int r = 0; r < kRows; r++) sums[c] += value(active[r * kCols + c]) * x[r];
        expect.push_back(sums);
        if (load) shadow = tile;
        if ((int)expect.size() > kRows) expect.pop_front();
        if ((int)expect.size() == kRows && cyc >= kRows) {
            /* after this edge sum_o holds the activation presented kRows - 1 cycles before this one */
            const std::vector<int> &want = expect.front();
            for (int c = 0; c < kCols; c++) {
                int got = 0;
                for (int i = 0; i < kPsumW; i++) {
                    const int b = c * kPsumW + i;
                    got |= (int)((m.sum_o[b / 32] >> (b % 32)) & 1u) << i;
                }
                if (got & (1 << (kPsumW - 1))) got -= 1 << kPsumW;
                ck_assert_msg(got == want[c], "cycle %d column %d: %d, expected %d", cyc, c, got, want[c]);
            }
            checked++;
        }
    }
    ck_assert_int_gt(checked, 19000);
    m.final();
}
END_TEST

Suite *suite_rtl_array()
{
    Suite *s = suite_create("rtl_array");
    TCase *tc = tcase_create("array");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, array_wavefront_matches_the_model);
    suite_add_tcase(s, tc);
    return s;
}
