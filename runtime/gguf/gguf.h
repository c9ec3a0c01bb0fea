/*
 * GGUF reader (versions 2 and 3, memory-mapped) and writer.
 * Every offset, size, count and string length is checked against the file; a corrupt file gives a
 * message naming what is wrong, never a crash.
 */
#ifndef GGUF_H
#define GGUF_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_ternary.h"

/* ggml tensor types tritium reads (numbers as in the files; I2_S is 36 in Microsoft's fork). */
typedef enum {
    GGUF_T_F32 = 0, GGUF_T_F16 = 1, GGUF_T_Q8_0 = 8, GGUF_T_Q6_K = 14, GGUF_T_BF16 = 30,
    GGUF_T_TQ1_0 = 34, GGUF_T_TQ2_0 = 35, GGUF_T_I2_S = 36,
} gguf_type;

/* Metadata value types. */
typedef enum {
    GGUF_V_U8 = 0, GGUF_V_I8 = 1, GGUF_V_U16 = 2, GGUF_V_I16 = 3, GGUF_V_U32 = 4, GGUF_V_I32 = 5,
    GGUF_V_F32 = 6, GGUF_V_BOOL = 7, GGUF_V_STR = 8, GGUF_V_ARR = 9, GGUF_V_U64 = 10,
    GGUF_V_I64 = 11, GGUF_V_F64 = 12,
} gguf_vtype;

typedef struct { const char *ptr; size_t len; } gguf_str;

/* 1 when s holds exactly the NUL-terminated string c. */
int gguf_str_eq(gguf_str s, const char *c); /* points into the mapping, not NUL-terminated */

typedef struct {
    gguf_str key;
    gguf_vtype type;
    gguf_vtype arr_type;  /* for GGUF_V_ARR */
    uint64_t arr_len;     /* for GGUF_V_ARR */
    const uint8_t *data;  /* raw value (for arrays: first element) inside the mapping */
} gguf_kv;

typedef struct {
    gguf_str name;
    uint32_t n_dims;
    uint64_t ne[4];       /* ne[0] fastest (K for a weight matrix), unused dims = 1 */
    gguf_type type;
    uint64_t n_elements;
    size_t nbytes;
    const uint8_t *data;  /* inside the mapping, bounds-checked at open */
} gguf_tensor;

typedef struct gguf_file gguf_file;

gguf_file *gguf_open(const char *path, char *err, size_t errlen);
void gguf_close(gguf_file *f);
uint32_t gguf_version(const gguf_file *f);
size_t gguf_alignment(const gguf_file *f);

size_t gguf_kv_count(const gguf_file *f);
const gguf_kv *gguf_kv_at(const gguf_file *f, size_t i);
const gguf_kv *gguf_find_kv(const gguf_file *f, const char *key);
/* Typed getters: 0 on success, -1 if absent or of an incompatible type (integers convert when in range). */
int gguf_get_u32(const gguf_file *f, const char *key, uint32_t *out);
int gguf_get_f32(const gguf_file *f, const char *key, float *out);
int gguf_get_bool(const gguf_file *f, const char *key, int *out);
int gguf_get_str(const gguf_file *f, const char *key, gguf_str *out);
/* Array element access (bounds-checked): strings, and numeric elements converted. */
int gguf_arr_str(const gguf_kv *kv, uint64_t i, gguf_str *out);
int gguf_arr_i64(const gguf_kv *kv, uint64_t i, int64_t *out);
int gguf_arr_f32(const gguf_kv *kv, uint64_t i, float *out);

size_t gguf_tensor_count(const gguf_file *f);
const gguf_tensor *gguf_tensor_at(const gguf_file *f, size_t i);
const gguf_tensor *gguf_find_tensor(const gguf_file *f, const char *name);

/* Like gguf_find_tensor, but a missing tensor or (when ne is not NULL) a shape other than
 * n_dims / ne[0..n_dims) is an error explained in err, naming the tensor and both shapes. */
const gguf_tensor *gguf_require_tensor(const gguf_file *f, const char *name, uint32_t n_dims,
                                       const uint64_t *ne, char *err, size_t errlen);

/* Name of a tensor type ("I2_S"), NULL if unknown. */
const char *gguf_type_name(gguf_type t);
/* general.file_type of a model whose ternary layers are of type t (llama.cpp's file types: 36/37 =
 * mostly TQ1_0/TQ2_0, as llama.h; 40 = mostly I2_S, as bitnet.cpp's fork), 0 if t is not ternary. */
uint32_t gguf_file_type(gguf_type t);
/* Bytes of n elements of type t, 0 if t is unknown or n is not a whole number of blocks. */
size_t gguf_type_bytes(gguf_type t, uint64_t n);

/* Dequantizes row `row` (ne[0] elements) of a F32/F16/BF16/Q8_0/Q6_K/ternary tensor into out. */
int gguf_tensor_row_f32(const gguf_tensor *t, uint64_t row, float *out, char *err, size_t errlen);
/* Decodes an I2_S / TQ1_0 / TQ2_0 tensor (ne[0] = K, ne[1] = M) into the canonical form. */
int gguf_tensor_to_tern(const gguf_tensor *t, kr_tern *out, char *err, size_t errlen);

/* ---- writer ---- */
typedef struct gguf_writer gguf_writer;
gguf_writer *gguf_writer_new(uint32_t alignment);
void gguf_writer_free(gguf_writer *w);
int gguf_w_u32(gguf_writer *w, const char *key, uint32_t v);
int gguf_w_i32(gguf_writer *w, const char *key, int32_t v);
int gguf_w_f32(gguf_writer *w, const char *key, float v);
int gguf_w_bool(gguf_writer *w, const char *key, int v);
int gguf_w_str(gguf_writer *w, const char *key, const char *v);
/* Arrays: strings (v[i].len bytes each, so strings read from a file copy as they are; wrap a C string
 * as {s, strlen(s)}), i32 and f32. */
int gguf_w_arr_str(gguf_writer *w, const char *key, const gguf_str *v, size_t n);
int gguf_w_arr_i32(gguf_writer *w, const char *key, const int32_t *v, size_t n);
int gguf_w_arr_f32(gguf_writer *w, const char *key, const float *v, size_t n);
/* Copies a metadata entry from another file unchanged (for vocabularies). */
int gguf_w_copy_kv(gguf_writer *w, const gguf_kv *kv);
/* Adds a tensor; data of gguf_type_bytes(type, ne0*ne1*...) bytes is copied. */
int gguf_w_tensor(gguf_writer *w, const char *name, gguf_type type, uint32_t n_dims,
                  const uint64_t *ne, const void *data, size_t nbytes);
/* Adds a tensor whose nbytes bytes are produced by fill() while the file is saved, so a large model
 * is written without holding all of it in memory. fill returns 0, or -1 with the reason in err. */
typedef int (*gguf_fill_fn)(void *ctx, uint8_t *dst, size_t nbytes, char *err, size_t errlen);
int gguf_w_tensor_cb(gguf_writer *w, const char *name, gguf_type type, uint32_t n_dims,
                     const uint64_t *ne, size_t nbytes, gguf_fill_fn fill, void *ctx);
/* Adds a tensor whose bytes a producer writes into the file in pieces of any size while the file is
 * saved (gguf_sink_write), so not even one tensor needs to be in memory whole. The producer must
 * write exactly nbytes; it returns 0, or -1 with the reason in err. */
typedef struct gguf_sink gguf_sink;
typedef int (*gguf_stream_fn)(void *ctx, gguf_sink *sink, char *err, size_t errlen);
int gguf_sink_write(gguf_sink *sink, const void *p, size_t n);
int gguf_w_tensor_stream(gguf_writer *w, const char *name, gguf_type type, uint32_t n_dims,
                         const uint64_t *ne, size_t nbytes, gguf_stream_fn produce, void *ctx);
/* Scalars not covered above. */
int gguf_w_u64(gguf_writer *w, const char *key, uint64_t v);
/* The first error any gguf_w_* call hit ("" if none); gguf_w_save fails with it too. */
const char *gguf_w_error(const gguf_writer *w);
/* Writes a version-3 file; 0 or -1 with the reason in err. */
int gguf_w_save(gguf_writer *w, const char *path, char *err, size_t errlen);

#endif
