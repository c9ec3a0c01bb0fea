/* Typed access to GGUF metadata values; everything was bounds-checked when the file was opened. */
#include <math.h>
#include <string.h>

#include "runtime/gguf/gguf_impl.h"

/* Reads a scalar integer-like value (incl. bool) of type t at p as int64 / uint64. Returns 0 if t is
 * an integer type; *neg tells whether the signed value is negative. */
static int rd_int(gguf_vtype t, const uint8_t *p, int64_t *s, uint64_t *u, int *neg)
{
    union { uint8_t u8; int8_t i8; uint16_t u16; int16_t i16; uint32_t u32; int32_t i32; uint64_t u64; int64_t i64; } v;
    size_t sz = gguf_vtype_size(t);
    if (sz == 0 || t == GGUF_V_F32 || t == GGUF_V_F64)
        return -1;
    memcpy(&v, p, sz);
    *neg = 0;
    switch (t) {
    case GGUF_V_U8: case GGUF_V_BOOL: *u = v.u8; break;
    case GGUF_V_U16: *u = v.u16; break;
    case GGUF_V_U32: *u = v.u32; break;
    case GGUF_V_U64: *u = v.u64; break;
    case GGUF_V_I8: *s = v.i8; *neg = v.i8 < 0; *u = (uint64_t)v.i8; break;
    case GGUF_V_I16: *s = v.i16; *neg = v.i16 < 0; *u = (uint64_t)v.i16; break;
    case GGUF_V_I32: *s = v.i32; *neg = v.i32 < 0; *u = (uint64_t)v.i32; break;
    case GGUF_V_I64: *s = v.i64; *neg = v.i64 < 0; *u = (uint64_t)v.i64; break;
    default: return -1;
    }
    if (!*neg)
        *s = *u > (uint64_t)INT64_MAX ? -1 : (int64_t)*u;
    return 0;
}

static int rd_float(gguf_vtype t, const uint8_t *p, double *out)
{
    if (t == GGUF_V_F32) {
        float x;
        memcpy(&x, p, 4);
        *out = x;
        return 0;
    }
    if (t == GGUF_V_F64) {
        memcpy(out, p, 8);
        return 0;
    }
    int64_t s;
    uint64_t u;
    int neg;
    if (rd_int(t, p, &s, &u, &neg))
        return -1;
    *out = neg ? (double)s : (double)u;
    return 0;
}

int gguf_get_u32(const gguf_file *f, const char *key, uint32_t *out)
{
    const gguf_kv *kv = gguf_find_kv(f, key);
    int64_t s;
    uint64_t u;
    int neg;
    if (!kv || !out || kv->type == GGUF_V_BOOL || rd_int(kv->type, kv->data, &s, &u, &neg) || neg || u > UINT32_MAX)
        return -1;
    *out = (uint32_t)u;
    return 0;
}

int gguf_get_f32(const gguf_file *f, const char *key, float *out)
{
    const gguf_kv *kv = gguf_find_kv(f, key);
    double d;
    if (!kv || !out || kv->type == GGUF_V_BOOL || rd_float(kv->type, kv->data, &d))
        return -1;
    *out = (float)d;
    return 0;
}

int gguf_get_bool(const gguf_file *f, const char *key, int *out)
{
    const gguf_kv *kv = gguf_find_kv(f, key);
    if (!kv || !out || (kv->type != GGUF_V_BOOL && kv->type != GGUF_V_U8))
        return -1;
    *out = kv->data[0] != 0;
    return 0;
}

int gguf_get_str(const gguf_file *f, const char *key, gguf_str *out)
{
    const gguf_kv *kv = gguf_find_kv(f, key);
    if (!kv || !out || kv->type != GGUF_V_STR)
        return -1;
    uint64_t len;
    memcpy(&len, kv->data, 8);
    out->ptr = (const char *)kv->data + 8;
    out->len = (size_t)len;
    return 0;
}

int gguf_arr_str(const gguf_kv *kv, uint64_t i, gguf_str *out)
{
    if (!kv || !out || kv->type != GGUF_V_ARR || kv->arr_type != GGUF_V_STR || i >= kv->arr_len)
        return -1;
    const gguf_kv_entry *e = (const gguf_kv_entry *)kv;
    if (!e->str_off)
        return -1;
    const uint8_t *p = kv->data + e->str_off[i];
    uint64_t len;
    memcpy(&len, p, 8);
    out->ptr = (const char *)p + 8;
    out->len = (size_t)len;
    return 0;
}

int gguf_arr_i64(const gguf_kv *kv, uint64_t i, int64_t *out)
{
    if (!kv || !out || kv->type != GGUF_V_ARR || i >= kv->arr_len)
        return -1;
    size_t sz = gguf_vtype_size(kv->arr_type);
    int64_t s;
    uint64_t u;
    int neg;
    if (sz == 0 || rd_int(kv->arr_type, kv->data + i * sz, &s, &u, &neg) || (!neg && u > (uint64_t)INT64_MAX))
        return -1;
    *out = s;
    return 0;
}

int gguf_arr_f32(const gguf_kv *kv, uint64_t i, float *out)
{
    if (!kv || !out || kv->type != GGUF_V_ARR || i >= kv->arr_len)
        return -1;
    size_t sz = gguf_vtype_size(kv->arr_type);
    double d;
    if (sz == 0 || rd_float(kv->arr_type, kv->data + i * sz, &d))
        return -1;
    *out = (float)d;
    return 0;
}
