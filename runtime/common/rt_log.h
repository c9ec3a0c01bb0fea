/*
 * How the runtime's libraries tell the program something that is not an error return: a device
 * error answered by the CPU, a --verify mismatch. Libraries never print; they call the program's
 * callback, which prints (the CLI), captures (tests) or drops the message.
 */
#ifndef RT_LOG_H
#define RT_LOG_H

typedef enum { RT_LOG_ERROR = 0, RT_LOG_WARN = 1, RT_LOG_INFO = 2 } rt_log_level;

/* msg is one sentence without a trailing newline, valid during the call only. */
typedef void (*rt_log_fn)(void *ctx, rt_log_level level, const char *msg);

typedef struct {
    rt_log_fn fn; /* NULL: messages are dropped */
    void *ctx;    /* handed to fn */
} rt_log;

/* Formats the message and hands it to log->fn (nothing happens when log or log->fn is NULL). */
void rt_logf(const rt_log *log, rt_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

const char *rt_log_level_name(rt_log_level level);

#endif
