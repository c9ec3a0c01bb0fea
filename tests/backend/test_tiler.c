/* The tiler's command limits: K chunks cover K exactly, every command fits the device. */
#include <stdint.h>

#include "runtime/backend/rt_tiler.h"
#include "tests/backend/suites.h"

START_TEST(k_chunks_cover_k_within_limits)
{
    rt_tile_limits l = {16, 16, 32, 32768, 1024, 0, 0};
    ck_assert_uint_eq(rt_tiler_max_k(&l), 32768);
    static const size_t ks[] = {1, 15, 16, 17, 6912, 32768, 32769, 65536, 100000};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        size_t k = ks[i], n = rt_tiler_k_chunks(&l, k), next = 0;
        ck_assert_uint_eq(n, (k + 32767) / 32768);
        for (size_t c = 0; c < n; c++) {
            size_t k0, kc;
            rt_tiler_k_chunk(&l, k, c, &k0, &kc);
            ck_assert_uint_eq(k0, next);
            ck_assert_uint_ge(kc, 1);
            ck_assert_uint_le(kc, 32768);
            if (c + 1 < n)
                ck_assert_uint_eq(kc % 16, 0);
            next = k0 + kc;
        }
        ck_assert_uint_eq(next, k);
    }
}
END_TEST

START_TEST(strides_and_bounds)
{
    rt_tile_limits l = {8, 32, 16, 16384, 2048, 1 << 20, 0};
    ck_assert_uint_eq(rt_tiler_x_stride(&l, 1), 16);
    ck_assert_uint_eq(rt_tiler_x_stride(&l, 33), 48);
    ck_assert_uint_eq(rt_tiler_y_stride(&l, 1), 16);
    ck_assert_uint_eq(rt_tiler_y_stride(&l, 5), 32);
    ck_assert_uint_eq(rt_tiler_weight_bytes(&l, 33, 9), 2 * 2 * (8 * 32 / 4));
    ck_assert_uint_eq(rt_tiler_compute_cycles(&l, 33, 9, 3), 2 * 2 * 3);
    ck_assert_uint_eq(rt_tiler_bus_cycles(&l, 17), 2);
    /* 1 MiB of staging: rows of 16 + 16 bytes for K=1, M=1. */
    ck_assert_uint_eq(rt_tiler_max_n(&l, 1, 1), (1u << 20) / 32);
    ck_assert_uint_le(rt_tiler_max_n(&l, 1, 1), RT_TILER_MAX_DIM);
    ck_assert_uint_eq(rt_tiler_max_n(&l, 1u << 20, 16384), 1); /* never zero */
    rt_tile_limits bad = {0, 16, 32, 32768, 1024, 0, 0};
    ck_assert_uint_eq(rt_tiler_max_k(&bad), 0);
    ck_assert_uint_eq(rt_tiler_k_chunks(&bad, 100), 0);
}
END_TEST

START_TEST(m_chunks_cover_m_in_whole_tiles)
{
    rt_tile_limits l = {16, 16, 32, 32768, 1024, 0, 40};
    ck_assert_uint_eq(rt_tiler_m_chunks(&l, 100), 4); /* 40 rounds down to 32 = two M tiles */
    size_t next = 0;
    for (size_t i = 0; i < 4; i++) {
        size_t m0, mc;
        rt_tiler_m_chunk(&l, 100, i, &m0, &mc);
        ck_assert_uint_eq(m0, next);
        ck_assert_uint_eq(mc, i < 3 ? 32 : 4);
        next = m0 + mc;
    }
    ck_assert_uint_eq(next, 100);
    l.max_m = 0; /* the device limit: 2^24 - 1 rounded down to whole tiles */
    ck_assert_uint_eq(rt_tiler_m_chunks(&l, RT_TILER_MAX_DIM), 2);
    size_t m0, mc;
    rt_tiler_m_chunk(&l, RT_TILER_MAX_DIM, 0, &m0, &mc);
    ck_assert_uint_eq(mc, (RT_TILER_MAX_DIM / 16) * 16);
    l.max_m = 5; /* below one tile: still one whole tile per command */
    ck_assert_uint_eq(rt_tiler_m_chunks(&l, 33), 3);
}
END_TEST

Suite *suite_be_tiler(void)
{
    Suite *s = suite_create("be_tiler");
    TCase *tc = tcase_create("tiler");
    tcase_add_test(tc, k_chunks_cover_k_within_limits);
    tcase_add_test(tc, strides_and_bounds);
    tcase_add_test(tc, m_chunks_cover_m_in_whole_tiles);
    suite_add_tcase(s, tc);
    return s;
}
