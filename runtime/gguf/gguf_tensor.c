/* GGUF tensor types: names, byte sizes, and decoding rows / ternary tensors through kernels_ref. */
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "runtime/gguf/gguf_impl.h"
#include "runtime/common/rt_fail.h"

uint32_t gguf_file_type(gguf_type t)
{
    return t == GGUF_T_I2_S ? 40u : t == GGUF_T_TQ1_0 ? 36u : t == GGUF_T_TQ2_0 ? 37u : 0u;
}

const char *gguf_type_name(gguf_type t)
{
    switch (t) {
    case GGUF_T_F32: return "F32";
    case GGUF_T_F16: return "F16";
    case GGUF_T_Q8_0: return "Q8_0";
    case GGUF_T_Q6_K: return "Q6_K";
    case GGUF_T_BF16: return "BF16";
    case GGUF_T_TQ1_0: return "TQ1_0";
    case GGUF_T_TQ2_0: return "TQ2_0";
    case GGUF_T_I2_S: return "I2_S";
    }
    return NULL;
}

static size_t blocks(uint64_t n, uint64_t block, uint64_t bytes)
{
    if (n == 0 || n % block != 0 || n / block > SIZE_MAX / bytes)
        return 0;
    return (size_t)(n / block * bytes);
}

size_t gguf_type_bytes(gguf_type t, uint64_t n)
{
    if (n > SIZE_MAX)
        return 0;
    switch (t) {
    case GGUF_T_F32: return blocks(n, 1, 4);
    case GGUF_T_F16: case GGUF_T_BF16: return blocks(n, 1, 2);
    case GGUF_T_Q8_0: return blocks(n, KR_Q8_0_BLOCK, KR_Q8_0_BYTES);
    case GGUF_T_Q6_K: return blocks(n, KR_Q6_K_BLOCK, KR_Q6_K_BYTES);
    case GGUF_T_TQ1_0: return blocks(n, KR_TQ_BLOCK, KR_TQ1_BLOCK_BYTES);
    case GGUF_T_TQ2_0: return blocks(n, KR_TQ_BLOCK, KR_TQ2_BLOCK_BYTES);
    case GGUF_T_I2_S: return n / 4 > SIZE_MAX - KR_I2S_TAIL ? 0 : kr_i2s_bytes((size_t)n);
    }
    return 0;
}

static int tname_fail(const gguf_tensor *t, char *err, size_t errlen, const char *what, kr_status st)
{
    return rt_fail(err, errlen, "tensor '%.*s' (%s): %s: %s", (int)(t->name.len < 80 ? t->name.len : 80),
                     t->name.ptr, gguf_type_name(t->type) ? gguf_type_name(t->type) : "?", what, kr_strerror(st));
}

static int is_matrix(const gguf_tensor *t) { return t->ne[2] == 1 && t->ne[3] == 1; }

int gguf_tensor_to_tern(const gguf_tensor *t, kr_tern *out, char *err, size_t errlen)
{
    if (!t || !out)
        return rt_fail(err, errlen, "gguf_tensor_to_tern: NULL argument");
    if (!is_matrix(t))
        return rt_fail(err, errlen, "tensor '%.*s': a ternary weight must be 2-D, got ne[2] = %llu, ne[3] = %llu",
                         (int)t->name.len, t->name.ptr, (unsigned long long)t->ne[2], (unsigned long long)t->ne[3]);
    size_t k = (size_t)t->ne[0], m = (size_t)t->ne[1];
    kr_status st;
    switch (t->type) {
    case GGUF_T_I2_S: st = kr_tern_from_i2s(out, m, k, t->data, t->nbytes); break;
    case GGUF_T_TQ2_0: st = kr_tern_from_tq2(out, m, k, t->data, t->nbytes); break;
    case GGUF_T_TQ1_0: st = kr_tern_from_tq1(out, m, k, t->data, t->nbytes); break;
    default:
        return rt_fail(err, errlen, "tensor '%.*s': type %s is not ternary (expected I2_S, TQ1_0 or TQ2_0)",
                         (int)t->name.len, t->name.ptr, gguf_type_name(t->type));
    }
    return st == KR_OK ? 0 : tname_fail(t, err, errlen, "decoding the ternary weights failed", st);
}

/* One row of a ternary tensor, decoded by the kernels_ref converters on just that row's bytes. */
static int tern_row(const gguf_tensor *t, uint64_t row, float *out, char *err, size_t errlen)
{
    const size_t k = (size_t)t->ne[0];
    kr_tern w = {0};
    kr_status st;
    if (t->type == GGUF_T_I2_S) {
        /* The row's codes are whole 128-weight blocks only when K is a multiple of 128; the single
         * tensor scale follows all n/4 code bytes, so build a one-row I2_S image around it. */
        if (k % KR_I2S_BLOCK != 0)
            return rt_fail(err, errlen, "tensor '%.*s': I2_S row access needs ne[0] %% 128 == 0, ne[0] = %zu",
                             (int)t->name.len, t->name.ptr, k);
        size_t len = kr_i2s_bytes(k);
        uint8_t *img = calloc(1, len);
        if (!img)
            return rt_fail(err, errlen, "out of memory decoding a row of '%.*s'", (int)t->name.len, t->name.ptr);
        memcpy(img, t->data + row * (k / 4), k / 4);
        memcpy(img + k / 4, t->data + t->n_elements / 4, sizeof(float));
        st = kr_tern_from_i2s(&w, 1, k, img, len);
        free(img);
    } else {
        size_t rb = gguf_type_bytes(t->type, k);
        const uint8_t *p = t->data + row * rb;
        st = t->type == GGUF_T_TQ2_0 ? kr_tern_from_tq2(&w, 1, k, p, rb) : kr_tern_from_tq1(&w, 1, k, p, rb);
    }
    if (st == KR_OK)
        st = kr_tern_to_float(&w, out, k);
    kr_tern_free(&w);
    return st == KR_OK ? 0 : tname_fail(t, err, errlen, "decoding a ternary row failed", st);
}

int gguf_tensor_row_f32(const gguf_tensor *t, uint64_t row, float *out, char *err, size_t errlen)
{
    if (!t || !out)
        return rt_fail(err, errlen, "gguf_tensor_row_f32: NULL argument");
    const uint64_t rows = t->n_elements / t->ne[0];
    if (row >= rows)
        return rt_fail(err, errlen, "tensor '%.*s': row %llu out of range (%llu rows)", (int)t->name.len,
                         t->name.ptr, (unsigned long long)row, (unsigned long long)rows);
    const size_t k = (size_t)t->ne[0];
    const size_t rb = gguf_type_bytes(t->type, k);
    const uint8_t *p = t->data + row * rb;
    kr_status st = KR_OK;
    switch (t->type) {
    case GGUF_T_F32: memcpy(out, p, k * sizeof(float)); break;
    case GGUF_T_F16: case GGUF_T_BF16: {
        /* The mapping gives no 2-byte alignment guarantee for odd offsets; go through a copy. */
        uint16_t tmp[256];
        for (size_t i = 0; i < k; i += 256) {
            size_t c = k - i < 256 ? k - i : 256;
            memcpy(tmp, p + i * 2, c * 2);
            if (t->type == GGUF_T_F16)
                kr_f16_to_f32_row(tmp, out + i, c);
            else
                kr_bf16_to_f32_row(tmp, out + i, c);
        }
        break;
    }
    case GGUF_T_Q8_0: st = kr_q8_0_to_f32(p, rb, out, k); break;
    case GGUF_T_Q6_K: st = kr_q6_k_to_f32(p, rb, out, k); break;
    case GGUF_T_I2_S: case GGUF_T_TQ1_0: case GGUF_T_TQ2_0:
        if (!is_matrix(t))
            return rt_fail(err, errlen, "tensor '%.*s': ternary tensors must be 2-D", (int)t->name.len, t->name.ptr);
        return tern_row(t, row, out, err, errlen);
    default:
        return rt_fail(err, errlen, "tensor '%.*s': unknown type %d", (int)t->name.len, t->name.ptr, (int)t->type);
    }
    return st == KR_OK ? 0 : tname_fail(t, err, errlen, "decoding a row failed", st);
}
