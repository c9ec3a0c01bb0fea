/* The sim and tlm backends against the cpu backend and kernels_ref, bit for bit, on awkward and real shapes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv.h"
#include "driver/tdrv_layout.h"
#include "runtime/backend/rt_backend_dev.h"
#include "runtime/report/report_device.h"
#include "tests/backend/suites.h"

/* Every test runs on each simulator backend: the Verilator model and the SystemC one. */
static const char *const k_dev[] = {"sim", "tlm"};
#define DEV k_dev[_i]
#define N_DEV 2

static rt_backend *open_dev(const char *name, const char *config, int verify)
{
    char err[512] = "";
    rt_backend_opts o = {.verify = verify, .config = config};
    rt_backend *b = rt_backend_open(name, &o, err, sizeof err);
    ck_assert_msg(b != NULL, "%s backend did not open (config %s): %s", name, config ? config : "default", err);
    return b;
}

/* Runs one shape on sim and cpu; both must equal kernels_ref. */
static void check_shape(rt_backend *sim, rt_backend *cpu, size_t m, size_t k, size_t n, uint64_t seed)
{
    be_problem p;
    be_problem_make(&p, m, k, n, k + (seed % 5), seed);
    int32_t *ref = be_reference(&p);
    int32_t *ys = be_run(sim, &p, m + 2);
    int32_t *yc = be_run(cpu, &p, m);
    char what[96];
    snprintf(what, sizeof what, "sim M=%zu K=%zu N=%zu", m, k, n);
    be_assert_equal(ys, m + 2, ref, m, n, what);
    be_assert_equal(yc, m, ref, m, n, "cpu on the same shape");
    free(ys);
    free(yc);
    free(ref);
    be_problem_free(&p);
}

START_TEST(sim_random_shapes_match_cpu)
{
    rt_backend *sim = open_dev(DEV, NULL, 0);
    char err[256];
    rt_backend *cpu = rt_backend_open("cpu", NULL, err, sizeof err);
    rt_hwinfo hw;
    rt_backend_hwinfo(sim, &hw);
    ck_assert_uint_gt(hw.max_n, 0);
    const size_t shapes[][3] = {
        {1, 1, 1},
        {1, 5, 1},
        {3, 1, 2},
        {17, 33, 5},
        {hw.cols + 1, hw.rows * 3 + 1, 3},
        {2 * hw.cols - 1, 100, 7},
        {37, 250, hw.max_n + 5},     /* N beyond the device's N tile: the device loops */
        {5, 61, 2 * hw.max_n + 1},
        {3, hw.act_bytes + 1000, 2}, /* K beyond one command: the tiler splits K */
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        check_shape(sim, cpu, shapes[i][0], shapes[i][1], shapes[i][2], 1000 + i);
    const rt_stats *st = rt_backend_stats(sim);
    ck_assert_uint_eq(st->offloaded, sizeof shapes / sizeof shapes[0]);
    ck_assert_uint_eq(st->device_errors, 0);
    rt_backend_close(cpu);
    rt_backend_close(sim);
}
END_TEST

/* The BitNet b1.58 2B4T BitLinear shapes at decode (N = 1), with sane device figures. */
START_TEST(sim_bitnet_2b4t_decode_shapes)
{
    static const size_t shapes[][2] = {{2560, 2560}, {640, 2560}, {6912, 2560}, {2560, 6912}};
    rt_backend *sim = open_dev(DEV, NULL, 0);
    char err[256];
    rt_backend *cpu = rt_backend_open("cpu", NULL, err, sizeof err);
    rt_hwinfo hw;
    rt_backend_hwinfo(sim, &hw);
    for (size_t i = 0; i < 4; i++) {
        rt_backend_stats_reset(sim);
        size_t m = shapes[i][0], k = shapes[i][1];
        check_shape(sim, cpu, m, k, 1, 2000 + i);
        const rt_stats *st = rt_backend_stats(sim);
        const tdrv_hwcfg *c = &tdrv_get_info(rt_backend_dev_device(sim))->hw;
        uint64_t wbytes = tdrv_layout_bytes_fmt(c, strcmp(hw.weights, "base3") ? TDRV_WFMT_2BIT : TDRV_WFMT_BASE3, m, k);
        ck_assert_str_eq(hw.weights, "base3"); /* the default where the device decodes it */
        ck_assert_uint_eq(st->offloaded, 1);
        ck_assert_uint_eq(st->weight_bytes, wbytes);
        ck_assert_uint_ge(st->dma_read_bytes, wbytes); /* every weight crosses the bus at least once */
        ck_assert_uint_eq(st->dma_write_bytes, (uint64_t)m * 4);
        ck_assert_uint_ge(st->cycles, st->ideal_cycles);
        ck_assert_uint_eq(st->ideal_cycles, wbytes / (hw.data_w / 8)); /* N = 1 is bus bound */
        ck_assert(st->modeled_seconds > 0);
    }
    rt_backend_close(cpu);
    rt_backend_close(sim);
}
END_TEST

/* Every configuration linked into the program, on shapes around its own array size. */
START_TEST(sim_every_linked_config)
{
    const tdrv_ops *ops = tdrv_backend_find(DEV);
    ck_assert_ptr_nonnull(ops);
    char err[256];
    rt_backend *cpu = rt_backend_open("cpu", NULL, err, sizeof err);
    unsigned n = 0;
    for (unsigned c = 0; ops->config_name(c); c++, n++) {
        rt_backend *sim = open_dev(DEV, ops->config_name(c), 0);
        rt_hwinfo hw;
        rt_backend_hwinfo(sim, &hw);
        ck_assert_str_eq(hw.config, ops->config_name(c));
        check_shape(sim, cpu, hw.cols + 3, hw.rows * 2 + 5, 3, 3000 + c);
        check_shape(sim, cpu, 1, hw.data_w / 8 + 1, hw.max_n + 1, 3100 + c);
        rt_backend_close(sim);
    }
    ck_assert_uint_ge(n, 1);
    rt_backend_close(cpu);
}
END_TEST

START_TEST(sim_verify_passes_and_counts)
{
    rt_backend *sim = open_dev(DEV, NULL, 1);
    be_problem p;
    be_problem_make(&p, 300, 700, 9, 700, 77);
    int32_t *ref = be_reference(&p);
    int32_t *y = be_run(sim, &p, 300);
    be_assert_equal(y, 300, ref, 300, 9, "sim --verify");
    const rt_stats *st = rt_backend_stats(sim);
    ck_assert_uint_eq(st->offloaded, 1);
    ck_assert_uint_eq(st->mismatches, 0);
    ck_assert_uint_eq(st->fallbacks, 0);
    ck_assert(st->cpu_ref_seconds > 0);
    free(y);
    free(ref);
    be_problem_free(&p);
    rt_backend_close(sim);
}
END_TEST

/* The weight format: base-3 by default where the device decodes it, 2-bit on request, both exact
 * (with M and K splits, so chunk streams of every padding run); base-3 on a device without the
 * decoder and an unknown format are refused at open, naming why. */
START_TEST(sim_weight_formats)
{
    char err[512];
    rt_backend *cpu = rt_backend_open("cpu", NULL, err, sizeof err);
    const char *fmts[] = {NULL, "2bit", "base3"};
    for (int f = 0; f < 3; f++) {
        rt_backend_opts o = {.verify = 1, .weights = fmts[f]};
        rt_backend *sim = rt_backend_open(DEV, &o, err, sizeof err);
        ck_assert_msg(sim != NULL, "%s", err);
        rt_hwinfo hw;
        rt_backend_hwinfo(sim, &hw);
        ck_assert_str_eq(hw.weights, fmts[f] ? fmts[f] : "base3");
        ck_assert_int_eq(rt_backend_dev_set_split(sim, 2 * hw.cols, 8192), 0);
        check_shape(sim, cpu, 3 * hw.cols + 7, 301, 2, 5000 + (uint64_t)f);
        check_shape(sim, cpu, 33, hw.act_bytes + 9, 1, 5010 + (uint64_t)f);
        ck_assert_uint_eq(rt_backend_stats(sim)->mismatches, 0);
        rt_backend_close(sim);
    }
    rt_backend_opts lean = {.config = "r8c32w128_lean", .weights = "base3"};
    ck_assert_ptr_null(rt_backend_open(DEV, &lean, err, sizeof err));
    ck_assert_msg(strstr(err, "r8c32w128_lean") && strstr(err, "base-3"), "%s", err);
    lean.weights = NULL; /* the default falls back to what the device decodes */
    rt_backend *sim = rt_backend_open(DEV, &lean, err, sizeof err);
    ck_assert_msg(sim != NULL, "%s", err);
    rt_hwinfo hw;
    rt_backend_hwinfo(sim, &hw);
    ck_assert_str_eq(hw.weights, "2bit");
    rt_backend_close(sim);
    rt_backend_opts bogus = {.weights = "1bit"};
    ck_assert_ptr_null(rt_backend_open(DEV, &bogus, err, sizeof err));
    ck_assert_msg(strstr(err, "1bit"), "%s", err);
    rt_backend_close(cpu);
}
END_TEST

/* M, N and K all split at once: small caps make a small shape take many commands. */
START_TEST(sim_m_n_k_splits_match_cpu)
{
    rt_backend *sim = open_dev(DEV, NULL, 0);
    char err[256];
    rt_backend *cpu = rt_backend_open("cpu", NULL, err, sizeof err);
    rt_hwinfo hw;
    rt_backend_hwinfo(sim, &hw);
    ck_assert_int_eq(rt_backend_dev_set_split(sim, 2 * hw.cols, 8192), 0);
    check_shape(sim, cpu, 5 * hw.cols + 3, 300, 40, 4000);          /* 6 M chunks, N split */
    check_shape(sim, cpu, 2 * hw.cols + 1, hw.act_bytes + 77, 3, 4001); /* M and K split */
    const rt_stats *st = rt_backend_stats(sim);
    ck_assert_uint_eq(st->offloaded, 2);
    ck_assert_uint_eq(st->device_errors, 0);
    rt_backend_close(cpu);
    rt_backend_close(sim);
}
END_TEST

Suite *suite_be_sim(void)
{
    Suite *s = suite_create("be_sim");
    TCase *tc = tcase_create("sim");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, sim_random_shapes_match_cpu, 0, N_DEV);
    tcase_add_loop_test(tc, sim_bitnet_2b4t_decode_shapes, 0, N_DEV);
    tcase_add_loop_test(tc, sim_every_linked_config, 0, N_DEV);
    tcase_add_loop_test(tc, sim_verify_passes_and_counts, 0, N_DEV);
    tcase_add_loop_test(tc, sim_m_n_k_splits_match_cpu, 0, N_DEV);
    tcase_add_loop_test(tc, sim_weight_formats, 0, N_DEV);
    suite_add_tcase(s, tc);
    return s;
}
