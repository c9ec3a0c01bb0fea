/* The device address allocator. */
#include <stdint.h>

#include "driver/tdrv_heap_impl.h"
#include "tests/driver/suites.h"

START_TEST(heap_aligns_packs_and_reuses)
{
    tdrv_heap h;
    tdrv_heap_init(&h, 0x1008, 0x2000);
    uint64_t a, b, c, d;
    ck_assert_int_eq(tdrv_heap_alloc(&h, 100, 64, &a), 0);
    ck_assert_uint_eq(a, 0x1040);
    ck_assert_int_eq(tdrv_heap_alloc(&h, 64, 64, &b), 0);
    ck_assert_uint_eq(b, 0x10c0); /* 0x1040 + 100 = 0x10a4, aligned up */
    ck_assert_int_eq(tdrv_heap_free(&h, a), 0);
    ck_assert_int_eq(tdrv_heap_alloc(&h, 64, 64, &c), 0);
    ck_assert_uint_eq(c, 0x1040); /* the freed gap is reused first */
    ck_assert_int_eq(tdrv_heap_alloc(&h, 0xe00, 64, &d), 0);
    ck_assert_uint_eq(d, 0x1100);
    ck_assert_int_eq(tdrv_heap_alloc(&h, 0x200, 64, &d), -1); /* does not fit before the limit */
    ck_assert_int_eq(tdrv_heap_free(&h, 0x1234), -1);
    ck_assert_int_eq(tdrv_heap_alloc(&h, 8, 3, &d), -1);      /* alignment not a power of two */
    ck_assert_int_eq(tdrv_heap_alloc(&h, 0, 8, &d), -1);
    tdrv_heap_fini(&h);
}
END_TEST

START_TEST(heap_many_blocks_stay_disjoint)
{
    tdrv_heap h;
    tdrv_heap_init(&h, 0, 1u << 20);
    uint64_t addr[200];
    for (int i = 0; i < 200; i++)
        ck_assert_int_eq(tdrv_heap_alloc(&h, 1 + (uint64_t)i * 37 % 500, 32, &addr[i]), 0);
    for (int i = 0; i < 200; i += 3)
        ck_assert_int_eq(tdrv_heap_free(&h, addr[i]), 0);
    for (int i = 0; i < 200; i += 3)
        ck_assert_int_eq(tdrv_heap_alloc(&h, 300, 32, &addr[i]), 0);
    for (size_t i = 0; i + 1 < h.n; i++) {
        ck_assert_uint_le(h.blk[i].addr + h.blk[i].bytes, h.blk[i + 1].addr);
        ck_assert_uint_eq(h.blk[i].addr % 32, 0);
    }
    tdrv_heap_fini(&h);
}
END_TEST

Suite *suite_drv_heap(void)
{
    Suite *s = suite_create("drv_heap");
    TCase *tc = tcase_create("heap");
    tcase_add_test(tc, heap_aligns_packs_and_reuses);
    tcase_add_test(tc, heap_many_blocks_stay_disjoint);
    suite_add_tcase(s, tc);
    return s;
}
