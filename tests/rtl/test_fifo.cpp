/* tritium_fifo against std::deque over random pushes, pops and clears; overflow stops the model. */
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "Vtb_fifo.h"
#include "tests/rtl/tb.h"
#include "verilated.h"

static const unsigned kDepth = 4; /* the parameters tests/rtl/tests.mk verilates the cell with */

START_TEST(fifo_matches_a_queue)
{
    VerilatedContext ctx;
    Vtb_fifo m(&ctx, "fifo");
    tb_reset(m);
    std::deque<uint16_t> q;
    uint64_t s = 0x1234567u;
    for (int i = 0; i < 20000; i++) {
        const bool clear = tb_rand(s) % 97 == 0;
        const bool push = !clear && q.size() < kDepth && tb_rand(s) % 3 != 0;
        const bool pop = !clear && !q.empty() && tb_rand(s) % 3 != 0;
        const uint16_t v = (uint16_t)tb_rand(s);
        m.clear_i = clear;
        m.push_i = push;
        m.pop_i = pop;
        m.data_i = v;
        m.clk_i = 0;
        m.eval();
        ck_assert_uint_eq(m.empty_o, q.empty());
        ck_assert_uint_eq(m.full_o, q.size() == kDepth);
        if (!q.empty()) ck_assert_uint_eq(m.head_o, q.front());
        m.clk_i = 1;
        m.eval();
        if (clear) {
            q.clear();
            continue;
        }
        if (pop) q.pop_front();
        if (push) q.push_back(v);
    }
    m.final();
}
END_TEST

/* Runs f in a child with its output captured; returns its signal (0 if none) and what it printed. */
template <class F> static int in_child(F f, std::string &err)
{
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    fflush(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1); /* Verilator reports a failed assertion on stdout */
        dup2(fd[1], 2);
        close(fd[0]);
        f();
        _exit(0);
    }
    close(fd[1]);
    char buf[512];
    ssize_t n;
    while ((n = read(fd[0], buf, sizeof buf)) > 0) err.append(buf, (size_t)n);
    close(fd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

/* A push into a full FIFO trips a_fifo_overflow: the model stops and names the assertion. */
START_TEST(fifo_overflow_assertion_fires)
{
    std::string err;
    int sig = in_child(
        [] {
            VerilatedContext ctx;
            Vtb_fifo m(&ctx, "fifo");
            tb_reset(m);
            m.clear_i = 0;
            m.pop_i = 0;
            m.push_i = 1;
            for (unsigned i = 0; i <= kDepth + 1; i++) tb_cycle(m);
        },
        err);
    ck_assert_msg(sig == SIGABRT, "no abort (signal %d), stderr: %s", sig, err.c_str());
    ck_assert_msg(err.find("a_fifo_overflow") != std::string::npos, "stderr: %s", err.c_str());
    err.clear();
    sig = in_child(
        [] {
            VerilatedContext ctx;
            Vtb_fifo m(&ctx, "fifo");
            tb_reset(m);
            m.clear_i = 0;
            m.push_i = 0;
            m.pop_i = 1;
            tb_cycle(m);
            tb_cycle(m);
        },
        err);
    ck_assert_msg(sig == SIGABRT, "no abort (signal %d), stderr: %s", sig, err.c_str());
    ck_assert_msg(err.find("a_fifo_underflow") != std::string::npos, "stderr: %s", err.c_str());
}
END_TEST

Suite *suite_rtl_fifo()
{
    Suite *s = suite_create("rtl_fifo");
    TCase *tc = tcase_create("fifo");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fifo_matches_a_queue);
    tcase_add_test(tc, fifo_overflow_assertion_fires);
    suite_add_tcase(s, tc);
    return s;
}
