/* Device buffers: alignment, bounds, round trips, release. */
#include <stdint.h>
#include <string.h>

#include "driver/tdrv.h"
#include "tests/driver/mock.h"
#include "tests/driver/suites.h"

static mock_dev g_m;
static char g_err[512];

static tdrv_dev *open_mock(void)
{
    mock_init(&g_m);
    mock_next = &g_m;
    tdrv_dev *d = NULL;
    ck_assert_int_eq(tdrv_open_ops(&mock_ops, NULL, &d, g_err, sizeof g_err), TDRV_OK);
    return d;
}

START_TEST(buffers_are_aligned_disjoint_and_zeroed)
{
    tdrv_dev *d = open_mock();
    tdrv_buf *a, *b;
    ck_assert_int_eq(tdrv_buf_alloc(d, 100, &a, g_err, sizeof g_err), TDRV_OK);
    ck_assert_int_eq(tdrv_buf_alloc(d, 33, &b, g_err, sizeof g_err), TDRV_OK);
    ck_assert_uint_eq(tdrv_buf_addr(a) % 32, 0);
    ck_assert_uint_eq(tdrv_buf_addr(b) % 32, 0);
    /* Sizes round up to whole bus beats so a row's last beat stays inside its buffer. */
    ck_assert_uint_eq(tdrv_buf_size(a) % 32, 0);
    ck_assert_uint_ge(tdrv_buf_size(a), 100);
    ck_assert(tdrv_buf_addr(a) + tdrv_buf_size(a) <= tdrv_buf_addr(b) ||
              tdrv_buf_addr(b) + tdrv_buf_size(b) <= tdrv_buf_addr(a));
    const uint8_t *h = tdrv_buf_map(a);
    for (size_t i = 0; i < tdrv_buf_size(a); i++)
        ck_assert_uint_eq(h[i], 0);
    ck_assert_uint_eq(g_m.live_bufs, 2);
    tdrv_buf_free(d, a);
    tdrv_buf_free(d, b);
    ck_assert_uint_eq(g_m.live_bufs, 0);
    tdrv_close(d);
}
END_TEST

START_TEST(buffer_round_trip)
{
    tdrv_dev *d = open_mock();
    tdrv_buf *a;
    ck_assert_int_eq(tdrv_buf_alloc(d, 256, &a, g_err, sizeof g_err), TDRV_OK);
    uint8_t src[256], dst[256];
    for (int i = 0; i < 256; i++)
        src[i] = (uint8_t)(i * 7 + 3);
    ck_assert_int_eq(tdrv_buf_write(d, a, 0, src, 256, g_err, sizeof g_err), TDRV_OK);
    ck_assert_int_eq(tdrv_buf_read(d, a, 0, dst, 256, g_err, sizeof g_err), TDRV_OK);
    ck_assert_mem_eq(src, dst, 256);
    ck_assert_int_eq(tdrv_buf_write(d, a, 250, src, 6, g_err, sizeof g_err), TDRV_OK);
    ck_assert_int_eq(tdrv_buf_read(d, a, 250, dst, 6, g_err, sizeof g_err), TDRV_OK);
    ck_assert_mem_eq(src, dst, 6);
    tdrv_buf_free(d, a);
    tdrv_close(d);
}
END_TEST

START_TEST(buffer_bounds_are_enforced)
{
    tdrv_dev *d = open_mock();
    tdrv_buf *a;
    uint8_t tmp[512] = {0};
    ck_assert_int_eq(tdrv_buf_alloc(d, 256, &a, g_err, sizeof g_err), TDRV_OK);
    ck_assert_int_eq(tdrv_buf_write(d, a, 250, tmp, 7, g_err, sizeof g_err), TDRV_ERR_BOUNDS);
    ck_assert_ptr_nonnull(strstr(g_err, "[250, 257)"));
    ck_assert_ptr_nonnull(strstr(g_err, "256-byte buffer"));
    ck_assert_int_eq(tdrv_buf_read(d, a, 257, tmp, 0, g_err, sizeof g_err), TDRV_ERR_BOUNDS);
    ck_assert_int_eq(tdrv_buf_read(d, a, 0, tmp, 512, g_err, sizeof g_err), TDRV_ERR_BOUNDS);
    /* Offsets near SIZE_MAX must not wrap into range. */
    ck_assert_int_eq(tdrv_buf_read(d, a, SIZE_MAX, tmp, 2, g_err, sizeof g_err), TDRV_ERR_BOUNDS);
    ck_assert_int_eq(tdrv_buf_read(d, a, 8, tmp, SIZE_MAX - 4, g_err, sizeof g_err), TDRV_ERR_BOUNDS);
    ck_assert_int_eq(tdrv_buf_read(d, a, 0, NULL, 1, g_err, sizeof g_err), TDRV_ERR_ARG);
    tdrv_buf *z;
    ck_assert_int_eq(tdrv_buf_alloc(d, 0, &z, g_err, sizeof g_err), TDRV_ERR_ARG);
    /* More than the mock's 1 MiB window: refused with the backend's reason. */
    ck_assert_int_eq(tdrv_buf_alloc(d, 2u << 20, &z, g_err, sizeof g_err), TDRV_ERR_NOMEM);
    ck_assert_ptr_nonnull(strstr(g_err, "mock window full"));
    tdrv_buf_free(d, a);
    tdrv_close(d);
}
END_TEST

Suite *suite_drv_buf(void)
{
    Suite *s = suite_create("drv_buf");
    TCase *tc = tcase_create("buf");
    tcase_add_test(tc, buffers_are_aligned_disjoint_and_zeroed);
    tcase_add_test(tc, buffer_round_trip);
    tcase_add_test(tc, buffer_bounds_are_enforced);
    suite_add_tcase(s, tc);
    return s;
}
