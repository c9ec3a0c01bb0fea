/* Error codes shared by every kernels_ref function. */
#ifndef KR_STATUS_H
#define KR_STATUS_H

typedef enum {
    KR_OK = 0,
    KR_ERR_NULL = -1,      /* a required pointer was NULL */
    KR_ERR_SIZE = -2,      /* a size is zero, too large, or inconsistent with the format */
    KR_ERR_NONFINITE = -3, /* input contains NaN or Inf */
    KR_ERR_CODE = -4,      /* an invalid 2-bit / base-3 weight code was found */
    KR_ERR_SCALE = -5,     /* blocks of one tensor carry different scales (not one ternary tensor) */
    KR_ERR_NOMEM = -6,     /* allocation failed */
    KR_ERR_BUFFER = -7,    /* caller's buffer is smaller than the format needs */
} kr_status;

/* Human-readable explanation of a status code (never NULL). */
const char *kr_strerror(kr_status st);

#endif
