/* Open: identity and configuration checks, through the register-file mock. */
#include <stdio.h>
#include <string.h>

#include "driver/tdrv.h"
#include "tests/driver/mock.h"
#include "tests/driver/suites.h"
#include "tritium_regs.h"

static mock_dev g_m;
static char g_err[512];

static tdrv_status open_mock(tdrv_dev **d)
{
    mock_next = &g_m;
    g_err[0] = 0;
    return tdrv_open_ops(&mock_ops, NULL, d, g_err, sizeof g_err);
}

START_TEST(open_reads_configuration)
{
    mock_init(&g_m);
    *mock_reg(&g_m, TRITIUM_REG_CFG_COLS) = 32;
    *mock_reg(&g_m, TRITIUM_REG_CFG_MAX_N) = 32; /* ACC_WORDS / COLS, as the device derives it */
    tdrv_dev *d = NULL;
    ck_assert_int_eq(open_mock(&d), TDRV_OK);
    const tdrv_info *i = tdrv_get_info(d);
    ck_assert_uint_eq(i->id, TRITIUM_ID_VALUE);
    ck_assert_uint_eq(i->version, TRITIUM_VERSION_VALUE);
    ck_assert_uint_eq(i->hw.rows, 16);
    ck_assert_uint_eq(i->hw.cols, 32);
    ck_assert_uint_eq(i->hw.data_w, 256);
    ck_assert_uint_eq(i->hw.act_bytes, 32768);
    ck_assert_uint_eq(i->hw.wgt_bytes, 8192);
    ck_assert_uint_eq(i->hw.acc_words, 1024);
    ck_assert_uint_eq(i->hw.addr_w, 32);
    ck_assert_uint_eq(i->hw.max_n, 32);
    ck_assert_uint_eq(i->hw.rd_bursts, 8);
    ck_assert_uint_eq(i->hw.wr_bursts, 8);
    ck_assert_str_eq(i->config, "mock");
    ck_assert_str_eq(tdrv_backend_name(d), "mock");
    tdrv_close(d);
}
END_TEST

START_TEST(open_refuses_wrong_id)
{
    mock_init(&g_m);
    *mock_reg(&g_m, TRITIUM_REG_ID) = 0xdeadbeef;
    tdrv_dev *d = (tdrv_dev *)&g_m; /* must be reset to NULL on failure */
    ck_assert_int_eq(open_mock(&d), TDRV_ERR_ID);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(strstr(g_err, "0xdeadbeef"));
    ck_assert_ptr_nonnull(strstr(g_err, "not a tritium accelerator"));
}
END_TEST

START_TEST(open_refuses_wrong_major_version)
{
    mock_init(&g_m);
    *mock_reg(&g_m, TRITIUM_REG_VERSION) = (TRITIUM_VERSION_MAJOR + 1) << 16 | 3;
    tdrv_dev *d = NULL;
    ck_assert_int_eq(open_mock(&d), TDRV_ERR_VERSION);
    char want[16];
    snprintf(want, sizeof want, "%u.3", TRITIUM_VERSION_MAJOR + 1);
    ck_assert_ptr_nonnull(strstr(g_err, want));
    /* A newer minor version of the same major is accepted. */
    *mock_reg(&g_m, TRITIUM_REG_VERSION) = TRITIUM_VERSION_MAJOR << 16 | 7;
    ck_assert_int_eq(open_mock(&d), TDRV_OK);
    tdrv_close(d);
}
END_TEST

START_TEST(open_refuses_bad_configuration)
{
    static const struct {
        uint32_t off, v;
        const char *word;
    } bad[] = {
        {TRITIUM_REG_CFG_ROWS, 0, "ROWS = 0 is outside"},
        {TRITIUM_REG_CFG_COLS, 5000, "COLS = 5000"},
        {TRITIUM_REG_CFG_DATA_W, 48, "DATA_W = 48"},
        {TRITIUM_REG_CFG_ADDR_W, 8, "ADDR_W = 8"},
        {TRITIUM_REG_CFG_ACT_BYTES, 0, "ACT_BYTES = 0"},
        {TRITIUM_REG_CFG_MAX_N, 0, "max_n reads 0"},
        {TRITIUM_REG_CFG_RD_BURSTS, 0, "RD_BURSTS = 0"},
        {TRITIUM_REG_CFG_ROWS, 12, "rule bus_whole_act_entries"}, /* not a power of two: fails the layout's rules */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mock_init(&g_m);
        *mock_reg(&g_m, bad[i].off) = bad[i].v;
        tdrv_dev *d = NULL;
        ck_assert_int_eq(open_mock(&d), TDRV_ERR_CONFIG);
        ck_assert_msg(strstr(g_err, bad[i].word), "case %zu: '%s' lacks '%s'", i, g_err, bad[i].word);
    }
}
END_TEST

START_TEST(open_reports_bus_errors_and_unknown_backends)
{
    mock_init(&g_m);
    g_m.fail_reads = 1;
    tdrv_dev *d = NULL;
    ck_assert_int_eq(open_mock(&d), TDRV_ERR_BUS);
    ck_assert_ptr_nonnull(strstr(g_err, "ID"));
    ck_assert_int_eq(tdrv_open("no-such-backend", NULL, &d, g_err, sizeof g_err), TDRV_ERR_BACKEND);
    ck_assert_ptr_nonnull(strstr(g_err, "no-such-backend"));
    mock_next = NULL; /* the backend's own open fails */
    ck_assert_int_eq(tdrv_open_ops(&mock_ops, &(tdrv_open_args){.config = "x"}, &d, g_err, sizeof g_err), TDRV_ERR_BACKEND);
    ck_assert_ptr_nonnull(strstr(g_err, "no device prepared"));
}
END_TEST

/* This runner links libtdrv without any simulator: the registry lists no backend and says so. */
START_TEST(driver_links_without_a_simulator)
{
    ck_assert_ptr_null(tdrv_backend(0));
    ck_assert_ptr_null(tdrv_backend_find("sim"));
    tdrv_dev *d = (tdrv_dev *)&g_m;
    ck_assert_int_eq(tdrv_open("sim", NULL, &d, g_err, sizeof g_err), TDRV_ERR_BACKEND);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(strstr(g_err, "'sim'"));
    ck_assert_ptr_nonnull(strstr(g_err, "linked: none"));
}
END_TEST

START_TEST(error_codes_decode)
{
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_AXI_READ), "ERR_AXI_READ");
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_AXI_WRITE), "ERR_AXI_WRITE");
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_CMD_ZERO_DIM), "ERR_CMD_ZERO_DIM");
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_CMD_ALIGN), "ERR_CMD_ALIGN");
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_CMD_TOO_LARGE), "ERR_CMD_TOO_LARGE");
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_CMD_FLAGS), "ERR_CMD_FLAGS");
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_START_BUSY), "ERR_START_BUSY");
    ck_assert_str_eq(tdrv_dev_err_name(TRITIUM_ERR_CMD_STRIDE), "ERR_CMD_STRIDE");
    ck_assert_str_eq(tdrv_dev_err_name(0x77), "ERR_UNKNOWN");
    ck_assert_ptr_nonnull(strstr(tdrv_dev_err_msg(TRITIUM_ERR_AXI_READ), "SLVERR"));
    ck_assert_ptr_nonnull(strstr(tdrv_dev_err_msg(0x77), "does not know"));
    for (int s = 0; s >= -12; s--)
        ck_assert_ptr_null(strstr(tdrv_strerror((tdrv_status)s), "unknown driver status"));
    ck_assert_str_eq(tdrv_strerror((tdrv_status)-99), "unknown driver status");
}
END_TEST

/* Every error code of the hardware description decodes to its own name and message. */
START_TEST(every_error_code_of_the_register_map_decodes)
{
    int seen = 0;
#define CHECK_ERR(NAME, code, msg)                                                                               \
    ck_assert_str_eq(tdrv_dev_err_name(code), "ERR_" #NAME);                                                     \
    ck_assert_str_eq(tdrv_dev_err_msg(code), msg);                                                               \
    seen++;
    TRITIUM_ERRORS(CHECK_ERR)
#undef CHECK_ERR
    ck_assert_int_ge(seen, 9);
}
END_TEST

/* The mock's CFG registers set to a full parameter set (rows, cols, data_w, addr_w, act_bytes, wgt_bytes,
 * acc_words, rd_bursts, wr_bursts: the description's order), CFG_MAX_N derived as the device does. */
/* A mock device of the parameters listed in the description's order (TRITIUM_PARAMS). */
#define mock_params(...)                                                                                         \
    do {                                                                                                         \
        mock_init(&g_m);                                                                                         \
        mock_set_params(&g_m, &(tritium_params){__VA_ARGS__});                                                   \
    } while (0)

/* The driver checks the description's rules from the same table as the RTL: each rule's example of a
 * breaking parameter set is refused naming that rule, and every named configuration opens. */
START_TEST(rules_of_the_description_are_enforced)
{
    tdrv_dev *d = NULL;
    int rules = 0, configs = 0;
#define BAD(name, ...)                                                                                           \
    mock_params(__VA_ARGS__);                                                                                    \
    ck_assert_int_eq(open_mock(&d), TDRV_ERR_CONFIG);                                                            \
    ck_assert_msg(strstr(g_err, "rule " #name ":"), "rule %s: %s", #name, g_err);                               \
    rules++;
    TRITIUM_RULE_EXAMPLES(BAD)
#undef BAD
#define GOOD(name, doc, ...)                                                                                     \
    mock_params(__VA_ARGS__);                                                                                    \
    ck_assert_msg(open_mock(&d) == TDRV_OK, "configuration %s: %s", #name, g_err);                               \
    tdrv_close(d);                                                                                               \
    configs++;
    TRITIUM_CONFIGS(GOOD)
#undef GOOD
    ck_assert_int_ge(rules, 10);
    ck_assert_int_ge(configs, 5);
    /* a derived register that disagrees with its parameters */
    mock_init(&g_m);
    *mock_reg(&g_m, TRITIUM_REG_CFG_MAX_N) = 63;
    ck_assert_int_eq(open_mock(&d), TDRV_ERR_CONFIG);
    ck_assert_msg(strstr(g_err, "max_n") && strstr(g_err, "reads 63") && strstr(g_err, "give 64"), "%s", g_err);
}
END_TEST

Suite *suite_drv_open(void)
{
    Suite *s = suite_create("drv_open");
    TCase *tc = tcase_create("open");
    tcase_add_test(tc, open_reads_configuration);
    tcase_add_test(tc, open_refuses_wrong_id);
    tcase_add_test(tc, open_refuses_wrong_major_version);
    tcase_add_test(tc, open_refuses_bad_configuration);
    tcase_add_test(tc, open_reports_bus_errors_and_unknown_backends);
    tcase_add_test(tc, driver_links_without_a_simulator);
    tcase_add_test(tc, error_codes_decode);
    tcase_add_test(tc, every_error_code_of_the_register_map_decodes);
    tcase_add_test(tc, rules_of_the_description_are_enforced);
    suite_add_tcase(s, tc);
    return s;
}
