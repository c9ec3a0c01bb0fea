/* Q8_0 / Q6_K / F16 / BF16 codecs: hand cases, an independent loop-form Q6_K oracle, encoder bounds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "tests/gguf/suites.h"

static uint32_t rng(uint32_t *s) { *s = *s * 1664525u + 1013904223u; return *s >> 8; }

START_TEST(q8_0_hand_block)
{
    uint8_t blk[34];
    uint16_t d = kr_f32_to_f16(0.5f);
    memcpy(blk, &d, 2);
    for (int j = 0; j < 32; j++)
        blk[2 + j] = (uint8_t)(int8_t)(j * 8 - 128);
    float out[32];
    ck_assert_int_eq(kr_q8_0_to_f32(blk, sizeof blk, out, 32), KR_OK);
    for (int j = 0; j < 32; j++)
        ck_assert(out[j] == (float)(j * 8 - 128) * 0.5f);
    ck_assert_int_eq(kr_q8_0_to_f32(blk, 33, out, 32), KR_ERR_BUFFER);
    ck_assert_int_eq(kr_q8_0_to_f32(blk, 34, out, 31), KR_ERR_SIZE);
    ck_assert_int_eq(kr_q8_0_to_f32(NULL, 34, out, 32), KR_ERR_NULL);
}
END_TEST

/* ggml's Q6_K dequantizer in its original loop form, written out independently of the codec's
 * per-weight position function. */
static void q6k_oracle(const uint8_t *blk, float *y)
{
    const uint8_t *ql = blk, *qh = blk + 128;
    const int8_t *sc = (const int8_t *)(blk + 192);
    uint16_t dh;
    memcpy(&dh, blk + 208, 2);
    const float d = kr_f16_to_f32(dh);
    for (int n = 0; n < 256; n += 128) {
        for (int l = 0; l < 32; l++) {
            int is = l / 16;
            int8_t q1 = (int8_t)((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
            int8_t q2 = (int8_t)((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
            int8_t q3 = (int8_t)((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
            int8_t q4 = (int8_t)((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
            y[l] = d * sc[is] * q1;
            y[l + 32] = d * sc[is + 2] * q2;
            y[l + 64] = d * sc[is + 4] * q3;
            y[l + 96] = d * sc[is + 6] * q4;
        }
        y += 128;
        ql += 64;
        qh += 32;
        sc += 8;
    }
}

START_TEST(q6_k_matches_loop_oracle)
{
    uint32_t s = 7;
    uint8_t blk[3 * 210];
    for (size_t i = 0; i < sizeof blk; i++)
        blk[i] = (uint8_t)rng(&s);
    for (int b = 0; b < 3; b++) {
        uint16_t d = kr_f32_to_f16(0.01f * (float)(b + 1)); /* random bytes could make d NaN */
        memcpy(blk + b * 210 + 208, &d, 2);
    }
    float got[768], want[768];
    ck_assert_int_eq(kr_q6_k_to_f32(blk, sizeof blk, got, 768), KR_OK);
    for (int b = 0; b < 3; b++)
        q6k_oracle(blk + b * 210, want + b * 256);
    ck_assert_int_eq(memcmp(got, want, sizeof got), 0);
    ck_assert_int_eq(kr_q6_k_to_f32(blk, 629, got, 768), KR_ERR_BUFFER);
    ck_assert_int_eq(kr_q6_k_to_f32(blk, sizeof blk, got, 300), KR_ERR_SIZE);
}
END_TEST

START_TEST(encoders_within_half_step)
{
    uint32_t s = 12345;
    enum { N = 1024 };
    float x[N], y[N];
    for (int i = 0; i < N; i++)
        x[i] = ((float)(rng(&s) % 20001) - 10000.0f) / 3000.0f * (i % 256 < 16 ? 0.01f : 1.0f);
    uint8_t q8[N / 32 * 34], q6[N / 256 * 210];
    ck_assert_int_eq(kr_q8_0_from_f32(x, N, q8, sizeof q8), KR_OK);
    ck_assert_int_eq(kr_q8_0_to_f32(q8, sizeof q8, y, N), KR_OK);
    for (int b = 0; b < N / 32; b++) {
        uint16_t dh;
        memcpy(&dh, q8 + b * 34, 2);
        float d = kr_f16_to_f32(dh);
        for (int j = 0; j < 32; j++)
            ck_assert_msg(fabsf(y[b * 32 + j] - x[b * 32 + j]) <= 0.5f * d * 1.001f + 1e-7f, "q8_0 at %d", b * 32 + j);
    }
    ck_assert_int_eq(kr_q6_k_from_f32(x, N, q6, sizeof q6), KR_OK);
    ck_assert_int_eq(kr_q6_k_to_f32(q6, sizeof q6, y, N), KR_OK);
    for (int b = 0; b < N / 256; b++) {
        uint16_t dh;
        memcpy(&dh, q6 + b * 210 + 208, 2);
        float d = kr_f16_to_f32(dh);
        const int8_t *sc = (const int8_t *)(q6 + b * 210 + 192);
        for (int j = 0; j < 256; j++) {
            float step = d * sc[j / 16];
            /* Half a step: sub-block scales are rounded up, so nothing is clipped. */
            float bound = 0.5f * step * 1.001f + 1e-6f;
            ck_assert_msg(fabsf(y[b * 256 + j] - x[b * 256 + j]) <= bound, "q6_k at %d: %g vs %g", b * 256 + j,
                          y[b * 256 + j], x[b * 256 + j]);
        }
    }
    x[5] = NAN;
    ck_assert_int_eq(kr_q8_0_from_f32(x, N, q8, sizeof q8), KR_ERR_NONFINITE);
    ck_assert_int_eq(kr_q6_k_from_f32(x, N, q6, sizeof q6), KR_ERR_NONFINITE);
    ck_assert_int_eq(kr_q6_k_from_f32(x, N, q6, sizeof q6 - 1), KR_ERR_BUFFER);
    /* All-zero input: d = 0 and every weight decodes to exactly 0. */
    memset(x, 0, sizeof x);
    ck_assert_int_eq(kr_q6_k_from_f32(x, 256, q6, 210), KR_OK);
    ck_assert_int_eq(kr_q6_k_to_f32(q6, 210, y, 256), KR_OK);
    for (int j = 0; j < 256; j++)
        ck_assert(y[j] == 0.0f);
}
END_TEST

START_TEST(bf16_rounding)
{
    uint32_t bits[] = {0x3F808000u, 0x3F818000u, 0x3F808001u, 0x7F800000u, 0xFF800000u};
    uint16_t want[] = {0x3F80, 0x3F82, 0x3F81, 0x7F80, 0xFF80};
    for (int i = 0; i < 5; i++) {
        float f;
        memcpy(&f, &bits[i], 4);
        ck_assert_uint_eq(kr_f32_to_bf16(f), want[i]);
    }
    uint16_t nan = kr_f32_to_bf16(NAN);
    ck_assert_uint_eq(nan & 0x7F80u, 0x7F80u);
    ck_assert_uint_ne(nan & 0x7Fu, 0);
    uint16_t src[3] = {0x3F80, 0xC000, 0x0001};
    float dst[3];
    kr_bf16_to_f32_row(src, dst, 3);
    ck_assert(dst[0] == 1.0f && dst[1] == -2.0f);
    uint32_t b;
    memcpy(&b, &dst[2], 4);
    ck_assert_uint_eq(b, 0x00010000u);
    uint16_t h[2] = {0x3C00, 0x7BFF};
    kr_f16_to_f32_row(h, dst, 2);
    ck_assert(dst[0] == 1.0f && dst[1] == 65504.0f);
}
END_TEST

Suite *suite_blockfmt(void)
{
    Suite *s = suite_create("blockfmt");
    TCase *tc = tcase_create("codecs");
    tcase_add_test(tc, q8_0_hand_block);
    tcase_add_test(tc, q6_k_matches_loop_oracle);
    tcase_add_test(tc, encoders_within_half_step);
    tcase_add_test(tc, bf16_rounding);
    suite_add_tcase(s, tc);
    return s;
}
