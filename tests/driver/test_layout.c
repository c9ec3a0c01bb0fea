/* The weight layouts (driver/tdrv_layout.h) on every named configuration: the base-3 stream holds
 * exactly the 2-bit stream's weights in its order, five per byte, padded with zero weights to whole
 * beats; invalid codes are refused; the unpacker inverts both. No device needed. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv_layout.h"
#include "tests/driver/suites.h"

static const uint8_t digit_of_code[4] = {1, 2, 0xFF, 0}; /* weight + 1 */

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
    return *s;
}

static void check_config(const tdrv_hwcfg *c, uint64_t *seed)
{
    const size_t R = c->rows, C = c->cols, B = c->data_w / 8;
    const size_t dims[][2] = {{1, 1}, {5, 5}, {C, R}, {C + 1, R - 1}, {3 * C - 1, 2 * R + 3}, {B + 5, 7}, {17, 2 * B + 1}};
    for (size_t s = 0; s < sizeof dims / sizeof dims[0]; s++) {
        const size_t m = dims[s][0], k = dims[s][1], stride = (k + 3) / 4;
        uint8_t *codes = calloc(m * stride, 1);
        ck_assert_ptr_nonnull(codes);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < k; j++) {
                static const uint8_t code[3] = {TDRV_CODE_NEG, TDRV_CODE_ZERO, TDRV_CODE_POS};
                codes[i * stride + j / 4] |= (uint8_t)(code[next(seed) % 3] << (2 * (j % 4)));
            }
        const tdrv_codes w = {codes, m, k, stride};
        size_t n2 = tdrv_layout_bytes_fmt(c, TDRV_WFMT_2BIT, m, k), n3 = tdrv_layout_bytes_fmt(c, TDRV_WFMT_BASE3, m, k);
        ck_assert_uint_eq(n2, tdrv_layout_bytes(c, m, k));
        const size_t weights = n2 * 4;
        ck_assert_uint_eq(n3, ((weights + 4) / 5 + B - 1) / B * B);
        uint8_t *p2 = malloc(n2), *p3 = malloc(n3);
        ck_assert(p2 && p3);
        ck_assert_int_eq(tdrv_layout_pack_fmt(c, TDRV_WFMT_2BIT, &w, p2, n2), 0);
        ck_assert_int_eq(tdrv_layout_pack_fmt(c, TDRV_WFMT_BASE3, &w, p3, n3), 0);
        for (size_t i = 0; i < n3 * 5; i++) {
            ck_assert_uint_le(p3[i / 5], 242);
            unsigned v = p3[i / 5];
            for (size_t t = 0; t < i % 5; t++)
                v /= 3;
            unsigned d = v % 3;
            unsigned want = i < weights ? digit_of_code[(p2[i / 4] >> (2 * (i % 4))) & 3] : 1u; /* pad: zero */
            ck_assert_msg(d == want, "m %zu k %zu: weight %zu has digit %u, want %u", m, k, i, d, want);
        }
        /* the unpacker gives the matrix back from either stream */
        uint8_t *back = malloc(m * stride);
        ck_assert_ptr_nonnull(back);
        for (int f = 0; f < 2; f++) {
            memset(back, 0xEE, m * stride);
            ck_assert_int_eq(tdrv_layout_unpack_fmt(c, f ? TDRV_WFMT_BASE3 : TDRV_WFMT_2BIT, f ? p3 : p2, f ? n3 : n2,
                                                    m, k, back, stride, NULL),
                             0);
            ck_assert_msg(!memcmp(back, codes, m * stride), "m %zu k %zu format %d: unpacked matrix differs", m, k, f);
        }
        ck_assert_int_eq(tdrv_layout_unpack_fmt(c, TDRV_WFMT_2BIT, p2, n2 - 1, m, k, back, stride, NULL), -1);
        size_t bad = 0;
        p3[n3 / 2] = 243;
        ck_assert_int_eq(tdrv_layout_unpack_fmt(c, TDRV_WFMT_BASE3, p3, n3, m, k, back, stride, &bad), 1);
        ck_assert_uint_eq(bad, n3 / 2);
        /* a 2-bit 10 code is read as a zero, as the array does */
        p2[0] = (uint8_t)((p2[0] & ~3u) | TDRV_CODE_BAD);
        ck_assert_int_eq(tdrv_layout_unpack_fmt(c, TDRV_WFMT_2BIT, p2, n2, m, k, back, stride, NULL), 0);
        ck_assert_uint_eq(back[0] & 3u, TDRV_CODE_ZERO);
        free(back);
        ck_assert_int_eq(tdrv_layout_pack_fmt(c, TDRV_WFMT_BASE3, &w, p3, n3), 0);
        ck_assert_int_eq(tdrv_layout_pack_fmt(c, TDRV_WFMT_BASE3, &w, p3, n3 - 1), -1); /* too short */
        codes[0] = (codes[0] & ~3u) | TDRV_CODE_BAD;
        ck_assert_int_eq(tdrv_layout_pack_fmt(c, TDRV_WFMT_BASE3, &w, p3, n3), -1);
        free(p2), free(p3), free(codes);
    }
}

START_TEST(base3_is_the_2bit_stream_five_per_byte)
{
    unsigned tested = 0;
    uint64_t seed = 12345;
#define ONE_CONFIG(name, doc, R_, C_, W_, A_, ACT_, WGT_, ACC_, RD_, WR_, WF_)                                \
    {                                                                                                         \
        tdrv_hwcfg c = {0};                                                                                   \
        c.rows = R_, c.cols = C_, c.data_w = W_, c.addr_w = A_, c.act_bytes = ACT_, c.wgt_bytes = WGT_;      \
        c.acc_words = ACC_, c.max_n = ACC_ / C_, c.rd_bursts = RD_, c.wr_bursts = WR_, c.wformats = WF_;      \
        ck_assert_msg(tdrv_hwcfg_valid(&c), "%s", #name);                                                     \
        check_config(&c, &seed);                                                                              \
        tested++;                                                                                             \
    }
    TRITIUM_CONFIGS(ONE_CONFIG)
#undef ONE_CONFIG
    ck_assert_uint_ge(tested, 5);
}
END_TEST

START_TEST(formats_and_flags)
{
    tdrv_hwcfg c = {.wformats = 1};
    ck_assert(tdrv_wfmt_supported(&c, TDRV_WFMT_2BIT));
    ck_assert(!tdrv_wfmt_supported(&c, TDRV_WFMT_BASE3));
    c.wformats = 3;
    ck_assert(tdrv_wfmt_supported(&c, TDRV_WFMT_BASE3));
    ck_assert_uint_eq(tdrv_wfmt_flags(TDRV_WFMT_2BIT), 0);
    ck_assert_uint_eq(tdrv_wfmt_flags(TDRV_WFMT_BASE3), TRITIUM_CMD_FLAGS_WFMT_BASE3);
    ck_assert_str_eq(tdrv_wfmt_name(TDRV_WFMT_BASE3), "base3");
    ck_assert_str_eq(tdrv_wfmt_name(TDRV_WFMT_2BIT), "2bit");
}
END_TEST

Suite *suite_drv_layout(void)
{
    Suite *s = suite_create("drv_layout");
    TCase *tc = tcase_create("layout");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, base3_is_the_2bit_stream_five_per_byte);
    tcase_add_test(tc, formats_and_flags);
    suite_add_tcase(s, tc);
    return s;
}
