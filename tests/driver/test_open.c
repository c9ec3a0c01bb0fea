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
    *mock_reg(&g_m, TRITIUM_REG_CFG_MAX_N) = 7;
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
    ck_assert_uint_eq(i->hw.max_n, 7);
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
    *mock_reg(&g_m, TRITIUM_REG_VERSION) = 0x00020003;
    tdrv_dev *d = NULL;
    ck_assert_int_eq(open_mock(&d), TDRV_ERR_VERSION);
    ck_assert_ptr_nonnull(strstr(g_err, "2.3"));
    /* A newer minor version of the same major is accepted. */
    *mock_reg(&g_m, TRITIUM_REG_VERSION) = 0x00010007;
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
        {TRITIUM_REG_CFG_ROWS, 0, "CFG_ROWS"},
        {TRITIUM_REG_CFG_COLS, 5000, "CFG_COLS"},
        {TRITIUM_REG_CFG_DATA_W, 48, "CFG_DATA_W"},
        {TRITIUM_REG_CFG_ADDR_W, 8, "CFG_ADDR_W"},
        {TRITIUM_REG_CFG_ACT_BYTES, 0, "CFG_ACT_BYTES"},
        {TRITIUM_REG_CFG_MAX_N, 0, "CFG_MAX_N"},
        {TRITIUM_REG_CFG_ROWS, 12, "12x16"}, /* not a power of two: fails the layout's rules */
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

/* Every ERR_* localparam of rtl/tritium_reg_pkg.sv (the source of truth) decodes to its own name. */
START_TEST(every_error_code_of_the_register_map_decodes)
{
    FILE *f = fopen(TRITIUM_REG_PKG_PATH, "r");
    ck_assert_msg(f != NULL, "cannot open %s", TRITIUM_REG_PKG_PATH);
    char line[512];
    int seen = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64];
        unsigned width, value;
        if (sscanf(line, " localparam logic [31:0] %63[A-Z0-9_] = %u'h%x", name, &width, &value) != 3 ||
            strncmp(name, "ERR_", 4) != 0)
            continue;
        ck_assert_msg(!strcmp(tdrv_dev_err_name(value), name), "%s (0x%x) decodes as %s", name, value,
                      tdrv_dev_err_name(value));
        seen++;
    }
    fclose(f);
    ck_assert_int_ge(seen, 9);
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
    suite_add_tcase(s, tc);
    return s;
}
