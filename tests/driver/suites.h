#ifndef TESTS_DRV_SUITES_H
#define TESTS_DRV_SUITES_H
#include <check.h>

Suite *suite_drv_open(void);
Suite *suite_drv_buf(void);
Suite *suite_drv_cmd(void);
Suite *suite_drv_heap(void);
Suite *suite_drv_layout(void);
#endif
