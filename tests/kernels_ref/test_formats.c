#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_formats.h"
#include "tests/kernels_ref/suites.h"

static kr_tern random_tern(size_t rows, size_t cols, uint64_t seed, float scale)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, rows, cols), KR_OK);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            kr_tern_set(&w, r, c, t_trit(&seed));
    w.scale = scale;
    return w;
}

static void assert_same(const kr_tern *a, const kr_tern *b)
{
    ck_assert_uint_eq(a->rows, b->rows);
    ck_assert_uint_eq(a->cols, b->cols);
    ck_assert_int_eq(memcmp(a->codes, b->codes, a->rows * a->stride), 0);
    ck_assert_float_eq(a->scale, b->scale);
}

/* Independent decoders written in the loop order of ggml's dequantize_row_tq*_0 (value per element
 * in memory order), so the layout is checked against the format, not against our own encoder. */
static void ggml_style_tq2(const uint8_t *blk, int *out)
{
    int *y = out;
    for (size_t j = 0; j < 64; j += 32)
        for (size_t l = 0; l < 4; l++)
            for (size_t m = 0; m < 32; m++)
                *y++ = (int)((blk[j + m] >> (l * 2)) & 3) - 1;
}

static void ggml_style_tq1(const uint8_t *blk, int *out)
{
    static const uint8_t pow3[6] = {1, 3, 9, 27, 81, 243};
    const uint8_t *qs = blk, *qh = blk + 48;
    int *y = out;
    for (size_t j = 0; j < 32; j += 32)
        for (size_t n = 0; n < 5; n++)
            for (size_t m = 0; m < 32; m++) {
                uint8_t q = (uint8_t)(qs[j + m] * pow3[n]);
                *y++ = (int)(((uint16_t)q * 3) >> 8) - 1;
            }
    for (size_t j = 32; j < 48; j += 16)
        for (size_t n = 0; n < 5; n++)
            for (size_t m = 0; m < 16; m++) {
                uint8_t q = (uint8_t)(qs[j + m] * pow3[n]);
                *y++ = (int)(((uint16_t)q * 3) >> 8) - 1;
            }
    for (size_t n = 0; n < 4; n++)
        for (size_t j = 0; j < 4; j++) {
            uint8_t q = (uint8_t)(qh[j] * pow3[n]);
            *y++ = (int)(((uint16_t)q * 3) >> 8) - 1;
        }
}

START_TEST(i2s_hand_byte)
{
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 1, 128), KR_OK);
    kr_tern_set(&w, 0, 0, 1);   /* code 2 at bits 7:6 */
    kr_tern_set(&w, 0, 32, -1); /* code 0 at bits 5:4 */
    kr_tern_set(&w, 0, 64, 0);  /* code 1 at bits 3:2 */
    kr_tern_set(&w, 0, 96, 1);  /* code 2 at bits 1:0 */
    w.scale = 0.75f;
    uint8_t buf[64];
    ck_assert_uint_eq(kr_i2s_bytes(128), 64);
    ck_assert_int_eq(kr_tern_to_i2s(&w, buf, sizeof buf), KR_OK);
    ck_assert_uint_eq(buf[0], (2u << 6) | (0u << 4) | (1u << 2) | 2u);
    ck_assert_uint_eq(buf[1], 0x55u); /* four zeros = code 1 each */
    float sc;
    memcpy(&sc, buf + 32, 4);
    ck_assert_float_eq(sc, 0.75f);
    for (int i = 36; i < 64; i++)
        ck_assert_uint_eq(buf[i], 0);
    kr_tern_free(&w);
}
END_TEST

START_TEST(roundtrip_all_formats)
{
    /* {2,192} and {4,192}: blocks straddle rows. */
    static const size_t shapes[][2] = {{1, 256}, {3, 256}, {2, 128 * 3}, {7, 512}, {5, 2560}, {2, 192}, {4, 192}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const size_t rows = shapes[s][0], cols = shapes[s][1], n = rows * cols;
        kr_tern w = random_tern(rows, cols, 0x9e3779b97f4a7c15ULL + s, kr_scale_round_f16(0.3125f + (float)s));
        kr_tern back;
        uint8_t *buf = malloc(kr_i2s_bytes(n) + kr_tq2_bytes(n) + kr_tq1_bytes(n));
        ck_assert_ptr_nonnull(buf);

        ck_assert_int_eq(kr_tern_to_i2s(&w, buf, kr_i2s_bytes(n)), KR_OK);
        ck_assert_int_eq(kr_tern_from_i2s(&back, rows, cols, buf, kr_i2s_bytes(n)), KR_OK);
        assert_same(&w, &back);
        kr_tern_free(&back);

        if (n % 256 == 0) {
            int vals[256];
            ck_assert_int_eq(kr_tern_to_tq2(&w, buf, kr_tq2_bytes(n)), KR_OK);
            for (size_t b = 0; b < n / 256; b++) {
                ggml_style_tq2(buf + b * 66, vals);
                for (size_t i = 0; i < 256; i++)
                    ck_assert_int_eq(vals[i], kr_tern_get(&w, (b * 256 + i) / cols, (b * 256 + i) % cols));
            }
            ck_assert_int_eq(kr_tern_from_tq2(&back, rows, cols, buf, kr_tq2_bytes(n)), KR_OK);
            assert_same(&w, &back);
            kr_tern_free(&back);

            ck_assert_int_eq(kr_tern_to_tq1(&w, buf, kr_tq1_bytes(n)), KR_OK);
            for (size_t b = 0; b < n / 256; b++) {
                ggml_style_tq1(buf + b * 54, vals);
                for (size_t i = 0; i < 256; i++)
                    ck_assert_int_eq(vals[i], kr_tern_get(&w, (b * 256 + i) / cols, (b * 256 + i) % cols));
            }
            ck_assert_int_eq(kr_tern_from_tq1(&back, rows, cols, buf, kr_tq1_bytes(n)), KR_OK);
            assert_same(&w, &back);
            kr_tern_free(&back);
        }
        free(buf);
        kr_tern_free(&w);
    }
}
END_TEST

START_TEST(tq1_every_byte_decodes_consistently)
{
    /* Every canonical 5-trit group packs to a byte that decodes back to the same trits. */
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 1, 256), KR_OK);
    uint8_t buf[54];
    for (int v = 0; v < 243; v++) {
        int t = v;
        for (int k = 4; k >= 0; k--) { /* the first trit is the most significant */
            kr_tern_set(&w, 0, (size_t)k * 32u, t % 3 - 1);
            t /= 3;
        }
        ck_assert_int_eq(kr_tern_to_tq1(&w, buf, sizeof buf), KR_OK);
        kr_tern back;
        ck_assert_int_eq(kr_tern_from_tq1(&back, 1, 256, buf, sizeof buf), KR_OK);
        for (size_t k = 0; k < 5; k++)
            ck_assert_int_eq(kr_tern_get(&back, 0, k * 32u), kr_tern_get(&w, 0, k * 32u));
        kr_tern_free(&back);
    }
    kr_tern_free(&w);
}
END_TEST

START_TEST(format_errors)
{
    kr_tern w = random_tern(1, 200, 7, 1.0f), back;
    uint8_t buf[1024] = {0};
    /* 200 weights is not a whole number of 128- or 256-blocks. */
    ck_assert_uint_eq(kr_i2s_bytes(200), 0);
    ck_assert_int_eq(kr_tern_to_i2s(&w, buf, sizeof buf), KR_ERR_SIZE);
    ck_assert_int_eq(kr_tern_to_tq2(&w, buf, sizeof buf), KR_ERR_SIZE);
    ck_assert_int_eq(kr_tern_to_tq1(&w, buf, sizeof buf), KR_ERR_SIZE);
    kr_tern_free(&w);
    w = random_tern(2, 256, 8, 0.5f);
    ck_assert_int_eq(kr_tern_to_tq2(&w, buf, 131), KR_ERR_BUFFER);
    ck_assert_int_eq(kr_tern_to_i2s(&w, buf, kr_i2s_bytes(512) - 1), KR_ERR_BUFFER);
    ck_assert_int_eq(kr_tern_from_i2s(&back, 2, 256, buf, 100), KR_ERR_BUFFER);
    ck_assert_ptr_null(back.codes);
    /* I2_S code 3 is not a weight. */
    memset(buf, 0xff, 32);
    ck_assert_int_eq(kr_tern_from_i2s(&back, 1, 128, buf, 64), KR_ERR_CODE);
    /* TQ2_0: code 3 invalid; two nonzero blocks with different d are not one ternary tensor. */
    ck_assert_int_eq(kr_tern_to_tq2(&w, buf, 132), KR_OK);
    buf[5] |= 0x3;
    ck_assert_int_eq(kr_tern_from_tq2(&back, 2, 256, buf, 132), KR_ERR_CODE);
    ck_assert_int_eq(kr_tern_to_tq2(&w, buf, 132), KR_OK);
    const uint16_t other = kr_f32_to_f16(0.25f);
    memcpy(buf + 66 + 64, &other, 2);
    ck_assert_int_eq(kr_tern_from_tq2(&back, 2, 256, buf, 132), KR_ERR_SCALE);
    ck_assert_int_eq(kr_tern_from_tq2(NULL, 2, 256, buf, 132), KR_ERR_NULL);
    kr_tern_free(&w);
}
END_TEST

START_TEST(zero_block_scale_ignored)
{
    /* llama.cpp writes d = 0 for an all-zero block: that must not count as a second scale. */
    kr_tern w;
    ck_assert_int_eq(kr_tern_alloc(&w, 2, 256), KR_OK);
    kr_tern_set(&w, 1, 17, -1);
    w.scale = 2.0f;
    uint8_t buf[132];
    ck_assert_int_eq(kr_tern_to_tq2(&w, buf, sizeof buf), KR_OK);
    memset(buf + 64, 0, 2);
    kr_tern back;
    ck_assert_int_eq(kr_tern_from_tq2(&back, 2, 256, buf, sizeof buf), KR_OK);
    assert_same(&w, &back);
    kr_tern_free(&back);
    kr_tern_free(&w);
}
END_TEST

START_TEST(f16_conversion)
{
    ck_assert_uint_eq(kr_f32_to_f16(1.0f), 0x3c00);
    ck_assert_uint_eq(kr_f32_to_f16(-2.0f), 0xc000);
    ck_assert_uint_eq(kr_f32_to_f16(65504.0f), 0x7bff);
    ck_assert_uint_eq(kr_f32_to_f16(65520.0f), 0x7c00);         /* rounds up to infinity */
    ck_assert_uint_eq(kr_f32_to_f16(0.1f), 0x2e66);
    ck_assert_uint_eq(kr_f32_to_f16(ldexpf(1.0f, -24)), 0x0001); /* smallest subnormal */
    ck_assert_uint_eq(kr_f32_to_f16(ldexpf(1.0f, -26)), 0x0000);
    ck_assert_uint_eq(kr_f32_to_f16(1.0f + ldexpf(1.0f, -11)), 0x3c00);     /* tie to even */
    ck_assert_uint_eq(kr_f32_to_f16(1.0f + 3 * ldexpf(1.0f, -11)), 0x3c02); /* tie to even (up) */
    ck_assert(isnan(kr_f16_to_f32(kr_f32_to_f16(NAN))));
    for (uint32_t h = 0; h < 65536; h++) {
        if ((h & 0x7c00u) == 0x7c00u && (h & 0x3ffu))
            continue; /* NaN payloads need not survive */
        ck_assert_uint_eq(kr_f32_to_f16(kr_f16_to_f32((uint16_t)h)), h);
    }
}
END_TEST

Suite *suite_formats(void)
{
    Suite *s = suite_create("formats");
    TCase *tc = tcase_create("formats");
    tcase_add_test(tc, i2s_hand_byte);
    tcase_add_test(tc, roundtrip_all_formats);
    tcase_add_test(tc, tq1_every_byte_decodes_consistently);
    tcase_add_test(tc, format_errors);
    tcase_add_test(tc, zero_block_scale_ignored);
    tcase_add_test(tc, f16_conversion);
    suite_add_tcase(s, tc);
    return s;
}
