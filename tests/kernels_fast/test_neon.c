/*
 * The NEON kernel runs only on aarch64: fast.mk cross-builds tests/kernels_fast/neon/neon_check.c when
 * aarch64-linux-gnu-gcc is installed, and this suite runs it under qemu-user (-cpu max has the
 * dot-product extension). Without the cross compiler or qemu the case prints why and checks nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/kernels_fast/suites.h"

#ifndef TF_NEON_CHECK
#define TF_NEON_CHECK "build/aarch64/neon_check"
#endif

static const char *tf_find_qemu(void)
{
    static const char *const names[] = {"qemu-aarch64-static", "qemu-aarch64"};
    for (size_t i = 0; i < 2; i++) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", names[i]);
        if (system(cmd) == 0)
            return names[i];
    }
    return NULL;
}

START_TEST(test_neon_under_qemu)
{
    if (access(TF_NEON_CHECK, X_OK) != 0) {
        printf("fast_neon: NOTICE: NEON kernel not tested: %s not built (install gcc-aarch64-linux-gnu)\n", TF_NEON_CHECK);
        return;
    }
    const char *qemu = tf_find_qemu();
    if (!qemu) {
        printf("fast_neon: NOTICE: NEON kernel not tested: no qemu-aarch64(-static) (install qemu-user-static)\n");
        return;
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s -cpu max %s", qemu, TF_NEON_CHECK);
    fflush(stdout);
    int rc = system(cmd);
    ck_assert_msg(rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "'%s' failed (status %d): see its output above",
                  cmd, rc);
}
END_TEST

Suite *suite_fast_neon(void)
{
    Suite *s = suite_create("fast_neon");
    TCase *tc = tcase_create("neon");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_neon_under_qemu);
    suite_add_tcase(s, tc);
    return s;
}
