/* The backend registry: what this program links, every entry opens, capabilities and errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv.h"
#include "runtime/backend/rt_backend_dev.h"
#include "tests/backend/suites.h"

START_TEST(registry_lists_cpu_then_every_device)
{
    rt_backend_desc d;
    ck_assert_int_eq(rt_backend_desc_at(0, &d), 0);
    ck_assert_str_eq(d.name, "cpu");
    ck_assert_uint_eq(d.caps, RT_CAP_THREADS);
    /* then one entry per driver backend, in the driver's order, with the driver's description */
    unsigned n = 1;
    for (unsigned i = 0; tdrv_backend(i); i++, n++) {
        ck_assert_int_eq(rt_backend_desc_at(n, &d), 0);
        ck_assert_str_eq(d.name, tdrv_backend(i)->name);
        ck_assert_str_eq(d.description, tdrv_backend(i)->description);
        ck_assert(d.caps & RT_CAP_OFFLOADS);
        ck_assert(!(d.caps & RT_CAP_THREADS));
    }
    ck_assert_uint_ge(n, 3); /* this runner links the sim and tlm backends */
    ck_assert_int_eq(rt_backend_desc_at(n, &d), -1);
    ck_assert_int_eq(rt_backend_desc_find("sim", &d), 0);
    ck_assert_uint_eq(d.caps, RT_CAP_OFFLOADS | RT_CAP_CYCLES | RT_CAP_CONFIGS | RT_CAP_ANY_CONFIG);
    ck_assert_str_eq(d.config_name(0), "r16c16w256");
    ck_assert_int_eq(rt_backend_desc_find("tlm", &d), 0);
    ck_assert_uint_eq(d.caps, RT_CAP_OFFLOADS | RT_CAP_CYCLES | RT_CAP_CONFIGS | RT_CAP_ANY_CONFIG | RT_CAP_TIMING_ONLY);
    ck_assert_str_eq(d.config_name(0), "r16c16w256");
    ck_assert_int_eq(rt_backend_desc_find("nope", &d), -1);
    ck_assert_int_eq(rt_backend_desc_find(NULL, &d), -1);
    char names[128];
    rt_backend_names(names, sizeof names);
    ck_assert_str_eq(names, "cpu, sim, tlm, fpga");
    ck_assert_int_eq(rt_backend_desc_find("fpga", &d), 0);
    ck_assert_uint_eq(d.caps, RT_CAP_OFFLOADS | RT_CAP_CYCLES | RT_CAP_HARDWARE);
}
END_TEST

/* Every entry opens with its defaults and reports itself under its own name. */
START_TEST(every_backend_opens)
{
    rt_backend_desc d;
    char err[512];
    /* no board here: the hardware backends look in an empty sysfs and must say what to check */
    setenv("TRITIUM_FPGA_SYSFS", "/nonexistent-sysfs", 1);
    for (unsigned i = 0; rt_backend_desc_at(i, &d) == 0; i++) {
        rt_backend *b = rt_backend_open(d.name, NULL, err, sizeof err);
        if (d.caps & RT_CAP_HARDWARE) {
            ck_assert_ptr_null(b);
            ck_assert_msg(strstr(err, "no UIO device named 'tritium' in /nonexistent-sysfs/class/uio"), "%s", err);
            continue;
        }
        ck_assert_msg(b != NULL, "%s: %s", d.name, err);
        ck_assert_str_eq(rt_backend_name(b), d.name);
        ck_assert_uint_eq(rt_backend_get_desc(b)->caps, d.caps);
        /* only devices have a driver handle underneath */
        ck_assert_int_eq(rt_backend_dev_device(b) != NULL, (d.caps & RT_CAP_OFFLOADS) != 0);
        rt_hwinfo hw;
        rt_backend_hwinfo(b, &hw);
        ck_assert_str_eq(hw.backend, d.name);
        rt_backend_close(b);
    }
}
END_TEST

START_TEST(bad_names_and_configs_are_explained)
{
    char err[512];
    ck_assert_ptr_null(rt_backend_open("fpga9", NULL, err, sizeof err));
    ck_assert_msg(strstr(err, "unknown backend 'fpga9'") && strstr(err, "cpu, sim"), "%s", err);
    rt_backend_opts o = {.config = "r8c8w64"};
    ck_assert_ptr_null(rt_backend_open("cpu", &o, err, sizeof err));
    ck_assert_msg(strstr(err, "cpu has no hardware configurations"), "%s", err);
    o.config = "r99c1w8";
    ck_assert_ptr_null(rt_backend_open("sim", &o, err, sizeof err));
    ck_assert_msg(strstr(err, "r99c1w8") && strstr(err, "r8c8w64"), "%s", err);
    o.config = "r8c8w64";
    rt_backend *b = rt_backend_open("sim", &o, err, sizeof err);
    ck_assert_msg(b != NULL, "%s", err);
    rt_hwinfo hw;
    rt_backend_hwinfo(b, &hw);
    ck_assert_str_eq(hw.config, "r8c8w64");
    ck_assert_uint_eq(hw.rows, 8);
    rt_backend_close(b);
}
END_TEST

Suite *suite_be_registry(void)
{
    Suite *s = suite_create("be_registry");
    TCase *tc = tcase_create("registry");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, registry_lists_cpu_then_every_device);
    tcase_add_test(tc, every_backend_opens);
    tcase_add_test(tc, bad_names_and_configs_are_explained);
    suite_add_tcase(s, tc);
    return s;
}
