/* Shared by the cell testbenches: one clock cycle of a verilated cell, and the suites. */
#ifndef TESTS_RTL_TB_H
#define TESTS_RTL_TB_H

#include <check.h>
#include <cstdint>

/* Inputs are set by the caller with the clock low; this settles them, then takes the rising edge. */
template <class M> void tb_cycle(M &m)
{
    m.clk_i = 0;
    m.eval();
    m.clk_i = 1;
    m.eval();
}

template <class M> void tb_reset(M &m)
{
    m.rst_ni = 0;
    m.clk_i = 0;
    m.eval();
    m.rst_ni = 1;
    m.eval();
}

/* xorshift64: the testbenches' only randomness, seeded per test. */
static inline uint64_t tb_rand(uint64_t &s)
{
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

Suite *suite_rtl_fifo();
Suite *suite_rtl_rd_dma();
Suite *suite_rtl_array();

#endif
