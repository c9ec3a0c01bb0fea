/* The runtime's one way to report an error: format the message into the caller's buffer, return -1. */
#ifndef RT_FAIL_H
#define RT_FAIL_H

#include <stddef.h>

/* Writes the printf-style message into err (if err and errlen) and returns -1. */
int rt_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
