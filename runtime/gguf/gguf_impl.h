/* Internals shared by the GGUF reader's files (not part of the public interface). */
#ifndef GGUF_IMPL_H
#define GGUF_IMPL_H

#include <stdarg.h>
#include "runtime/gguf/gguf.h"

/* Every gguf_kv handed out is the first member of one of these, so array accessors that get only
 * the gguf_kv can reach the string offsets (element i of a string array in O(1)). */
typedef struct {
    gguf_kv kv;
    uint64_t *str_off; /* string arrays: offset of element i from kv.data; NULL otherwise */
} gguf_kv_entry;

struct gguf_file {
    const uint8_t *map;
    size_t size;
    uint32_t version;
    size_t alignment;
    size_t data_off;          /* start of the tensor data section */
    size_t n_kv;
    gguf_kv_entry *kv;
    size_t n_tensors;
    gguf_tensor *tensors;
};

/* Size in bytes of one metadata scalar of type t, 0 for strings/arrays/unknown types. */
size_t gguf_vtype_size(gguf_vtype t);
const char *gguf_vtype_name(gguf_vtype t);

#endif
