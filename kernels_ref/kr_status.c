#include "kernels_ref/kr_status.h"

const char *kr_strerror(kr_status st)
{
    switch (st) {
    case KR_OK: return "ok";
    case KR_ERR_NULL: return "a required pointer is NULL";
    case KR_ERR_SIZE: return "a size is zero, too large or inconsistent with the format";
    case KR_ERR_NONFINITE: return "input contains NaN or infinity";
    case KR_ERR_CODE: return "invalid ternary weight code";
    case KR_ERR_SCALE: return "blocks of one ternary tensor carry different scales";
    case KR_ERR_NOMEM: return "out of memory";
    case KR_ERR_BUFFER: return "buffer too small for the format";
    }
    return "unknown kernels_ref error";
}
