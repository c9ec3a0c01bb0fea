#include "runtime/common/rt_log.h"

#include <stdarg.h>
#include <stdio.h>

void rt_logf(const rt_log *log, rt_log_level level, const char *fmt, ...)
{
    if (!log || !log->fn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log->fn(log->ctx, level, msg);
}

const char *rt_log_level_name(rt_log_level level)
{
    switch (level) {
    case RT_LOG_ERROR: return "error";
    case RT_LOG_WARN: return "warning";
    case RT_LOG_INFO: return "info";
    }
    return "?";
}
