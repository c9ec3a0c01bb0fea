/*
 * GGUF reader: maps the file read-only and validates the whole header, metadata and tensor table
 * once at open, so every later access (gguf_kv.data, gguf_tensor.data) is known to lie inside the
 * mapping. Sizes are compared against what is left of the file before anything is allocated, so a
 * corrupt count cannot make us allocate or loop for long. Little-endian hosts only (as ggml).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/gguf/gguf_impl.h"
#include "runtime/common/rt_fail.h"

#define GGUF_MAGIC "GGUF"
#define GGUF_DEFAULT_ALIGNMENT 32u
#define GGUF_MAX_ARRAY_DEPTH 8

int gguf_str_eq(gguf_str s, const char *c)
{
    size_t n = strlen(c);
    return s.len == n && memcmp(s.ptr, c, n) == 0;
}

size_t gguf_vtype_size(gguf_vtype t)
{
    switch (t) {
    case GGUF_V_U8: case GGUF_V_I8: case GGUF_V_BOOL: return 1;
    case GGUF_V_U16: case GGUF_V_I16: return 2;
    case GGUF_V_U32: case GGUF_V_I32: case GGUF_V_F32: return 4;
    case GGUF_V_U64: case GGUF_V_I64: case GGUF_V_F64: return 8;
    default: return 0;
    }
}

const char *gguf_vtype_name(gguf_vtype t)
{
    static const char *const names[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool",
                                        "string", "array", "u64", "i64", "f64"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "unknown";
}

/* A bounds-checked cursor over the mapping; `what` names the item being read for error messages. */
typedef struct {
    const uint8_t *base;
    size_t size, pos;
    const char *path;
    char *err;
    size_t errlen;
} cursor;

static int need(cursor *c, size_t n, const char *what)
{
    if (n > c->size - c->pos)
        return rt_fail(c->err, c->errlen,
                         "%s: truncated file: %s at offset %zu needs %zu bytes, only %zu left (file size %zu)",
                         c->path, what, c->pos, n, c->size - c->pos, c->size);
    return 0;
}

static int rd_u32(cursor *c, uint32_t *v, const char *what)
{
    if (need(c, 4, what))
        return -1;
    memcpy(v, c->base + c->pos, 4);
    c->pos += 4;
    return 0;
}

static int rd_u64(cursor *c, uint64_t *v, const char *what)
{
    if (need(c, 8, what))
        return -1;
    memcpy(v, c->base + c->pos, 8);
    c->pos += 8;
    return 0;
}

static int rd_str(cursor *c, gguf_str *s, const char *what)
{
    uint64_t len;
    size_t at = c->pos;
    if (rd_u64(c, &len, what))
        return -1;
    if (len > c->size - c->pos)
        return rt_fail(c->err, c->errlen,
                         "%s: bad string length: %s at offset %zu claims %llu bytes, only %zu left in the file",
                         c->path, what, at, (unsigned long long)len, c->size - c->pos);
    s->ptr = (const char *)c->base + c->pos;
    s->len = (size_t)len;
    c->pos += (size_t)len;
    return 0;
}

/* Skips (validating) one value of type t; `depth` bounds nested arrays. */
static int skip_value(cursor *c, gguf_vtype t, int depth, const char *key);

static int skip_array(cursor *c, int depth, const char *key, gguf_vtype *arr_type, uint64_t *arr_len,
                      size_t *first)
{
    uint32_t at;
    uint64_t n;
    if (depth > GGUF_MAX_ARRAY_DEPTH)
        return rt_fail(c->err, c->errlen, "%s: key '%s': arrays nested deeper than %d at offset %zu",
                         c->path, key, GGUF_MAX_ARRAY_DEPTH, c->pos);
    if (rd_u32(c, &at, "array element type") || rd_u64(c, &n, "array length"))
        return -1;
    if (at > GGUF_V_F64)
        return rt_fail(c->err, c->errlen, "%s: key '%s': unknown array element type %u at offset %zu",
                         c->path, key, at, c->pos - 12);
    /* Strings take at least their 8-byte length, arrays at least their 12-byte header. */
    size_t min = at == GGUF_V_STR ? 8 : (at == GGUF_V_ARR ? 12 : gguf_vtype_size((gguf_vtype)at));
    if (n > (c->size - c->pos) / min)
        return rt_fail(c->err, c->errlen,
                         "%s: key '%s': array count %llu is absurd: %llu elements of >= %zu bytes cannot fit in the %zu bytes left",
                         c->path, key, (unsigned long long)n, (unsigned long long)n, min, c->size - c->pos);
    if (arr_type)
        *arr_type = (gguf_vtype)at;
    if (arr_len)
        *arr_len = n;
    if (first)
        *first = c->pos;
    if (at != GGUF_V_STR && at != GGUF_V_ARR) {
        c->pos += (size_t)n * min;
        return 0;
    }
    for (uint64_t i = 0; i < n; i++)
        if (skip_value(c, (gguf_vtype)at, depth + 1, key))
            return -1;
    return 0;
}

static int skip_value(cursor *c, gguf_vtype t, int depth, const char *key)
{
    if (t == GGUF_V_STR) {
        gguf_str s;
        return rd_str(c, &s, "string value");
    }
    if (t == GGUF_V_ARR)
        return skip_array(c, depth, key, NULL, NULL, NULL);
    size_t sz = gguf_vtype_size(t);
    if (sz == 0)
        return rt_fail(c->err, c->errlen, "%s: key '%s': unknown value type %u at offset %zu", c->path,
                         key, (unsigned)t, c->pos);
    if (need(c, sz, "metadata value"))
        return -1;
    c->pos += sz;
    return 0;
}

static int cmp_strs(const gguf_str *a, const gguf_str *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int r = memcmp(a->ptr, b->ptr, n);
    return r ? r : (a->len < b->len ? -1 : (a->len > b->len));
}

static int cmp_strs_q(const void *a, const void *b) { return cmp_strs(a, b); }

/* Finds a repeated string in names[0..n) (sorted in place) so duplicates cost O(n log n). */
static const gguf_str *find_dup(gguf_str *names, size_t n)
{
    qsort(names, n, sizeof *names, cmp_strs_q);
    for (size_t i = 1; i < n; i++)
        if (cmp_strs(&names[i - 1], &names[i]) == 0)
            return &names[i];
    return NULL;
}

/* Grows a zero-filled array to hold at least need elements. Arrays grow as entries parse, so a
 * corrupt count in a large file costs nothing until entries really are there. */
static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    memset((char *)q + *cap * elem, 0, (n - *cap) * elem);
    *p = q;
    *cap = n;
    return 0;
}

static int parse_kv(gguf_file *f, cursor *c, size_t want)
{
    char key[96];
    size_t cap = 0;
    for (size_t i = 0; i < want; i++) {
        if (grow((void **)&f->kv, &cap, i + 1, sizeof *f->kv))
            return rt_fail(c->err, c->errlen, "%s: out of memory reading metadata entry %zu", c->path, i);
        f->n_kv = i + 1;
        gguf_kv *kv = &f->kv[i].kv;
        uint32_t t;
        snprintf(key, sizeof key, "#%zu", i);
        if (rd_str(c, &kv->key, "metadata key"))
            return -1;
        snprintf(key, sizeof key, "%.*s", (int)(kv->key.len < 80 ? kv->key.len : 80), kv->key.ptr);
        if (rd_u32(c, &t, "metadata value type"))
            return -1;
        kv->type = (gguf_vtype)t;
        if (t == GGUF_V_ARR) {
            size_t first = 0;
            if (skip_array(c, 1, key, &kv->arr_type, &kv->arr_len, &first))
                return -1;
            kv->data = c->base + first;
            if (kv->arr_type == GGUF_V_STR) {
                /* Offsets of each string, so element i is found without a scan. */
                uint64_t *idx = malloc((size_t)(kv->arr_len ? kv->arr_len : 1) * sizeof *idx);
                if (!idx)
                    return rt_fail(c->err, c->errlen, "%s: out of memory indexing key '%s'", c->path, key);
                f->kv[i].str_off = idx;
                size_t p = first;
                for (uint64_t e = 0; e < kv->arr_len; e++) {
                    uint64_t len;
                    idx[e] = p - first;
                    memcpy(&len, c->base + p, 8);
                    p += 8 + (size_t)len; /* validated by skip_array */
                }
            }
        } else {
            kv->data = c->base + c->pos;
            if (skip_value(c, kv->type, 1, key))
                return -1;
        }
    }
    return 0;
}

static int parse_alignment(gguf_file *f, cursor *c)
{
    f->alignment = GGUF_DEFAULT_ALIGNMENT;
    const gguf_kv *kv = gguf_find_kv(f, "general.alignment");
    if (!kv)
        return 0;
    if (kv->type != GGUF_V_U32)
        return rt_fail(c->err, c->errlen, "%s: general.alignment has type %s, expected u32", c->path,
                         gguf_vtype_name(kv->type));
    uint32_t a;
    memcpy(&a, kv->data, 4);
    if (a == 0 || (a & (a - 1)) != 0)
        return rt_fail(c->err, c->errlen, "%s: general.alignment = %u is not a power of two", c->path, a);
    f->alignment = a;
    return 0;
}

static int parse_tensor_info(gguf_file *f, cursor *c, size_t i, uint64_t *offset)
{
    gguf_tensor *t = &f->tensors[i];
    char name[96];
    uint32_t nd, type;
    if (rd_str(c, &t->name, "tensor name"))
        return -1;
    snprintf(name, sizeof name, "%.*s", (int)(t->name.len < 80 ? t->name.len : 80), t->name.ptr);
    if (rd_u32(c, &nd, "tensor n_dims"))
        return -1;
    if (nd > 4)
        return rt_fail(c->err, c->errlen, "%s: tensor '%s': n_dims = %u, at most 4 are supported", c->path,
                         name, nd);
    t->n_dims = nd;
    uint64_t n = 1;
    for (uint32_t d = 0; d < 4; d++) {
        uint64_t ne = 1;
        if (d < nd && rd_u64(c, &ne, "tensor dimension"))
            return -1;
        if (ne == 0)
            return rt_fail(c->err, c->errlen, "%s: tensor '%s': dimension %u is zero", c->path, name, d);
        if (ne > (uint64_t)INT64_MAX / n)
            return rt_fail(c->err, c->errlen,
                             "%s: tensor '%s': dimensions overflow: element count exceeds 2^63 at dimension %u",
                             c->path, name, d);
        n *= ne;
        t->ne[d] = ne;
    }
    t->n_elements = n;
    if (rd_u32(c, &type, "tensor type") || rd_u64(c, offset, "tensor offset"))
        return -1;
    t->type = (gguf_type)type;
    if (!gguf_type_name(t->type))
        return rt_fail(c->err, c->errlen,
                         "%s: tensor '%s': unknown tensor type %u (supported: F32, F16, BF16, Q8_0, Q6_K, TQ1_0, TQ2_0, I2_S)",
                         c->path, name, type);
    return 0;
}

/* Resolves a tensor's data range once the data section start is known. */
static int place_tensor(gguf_file *f, cursor *c, gguf_tensor *t, uint64_t offset)
{
    char name[96];
    snprintf(name, sizeof name, "%.*s", (int)(t->name.len < 80 ? t->name.len : 80), t->name.ptr);
    if (offset % f->alignment != 0)
        return rt_fail(c->err, c->errlen,
                         "%s: tensor '%s': misaligned tensor offset %llu (general.alignment = %zu)", c->path, name,
                         (unsigned long long)offset, f->alignment);
    size_t bytes = gguf_type_bytes(t->type, t->n_elements);
    int rows_ok = t->type == GGUF_T_I2_S ? bytes != 0 : gguf_type_bytes(t->type, t->ne[0]) != 0;
    if (!rows_ok || bytes == 0)
        return rt_fail(c->err, c->errlen,
                         "%s: tensor '%s': inconsistent dimensions: %s needs whole blocks, got ne[0] = %llu (%llu elements)",
                         c->path, name, gguf_type_name(t->type), (unsigned long long)t->ne[0],
                         (unsigned long long)t->n_elements);
    size_t avail = f->size - f->data_off;
    if (offset > avail)
        return rt_fail(c->err, c->errlen,
                         "%s: tensor '%s': data past end of file: starts at file offset %zu + %llu, file size %zu",
                         c->path, name, f->data_off, (unsigned long long)offset, f->size);
    avail -= (size_t)offset;
    size_t min = bytes;
    if (t->type == GGUF_T_I2_S) {
        /* bitnet.cpp accounts n/4 + 32 bytes for I2_S but only n/4 codes + one f32 scale are data;
         * the padding may be cut short by the end of the file. */
        min = (size_t)(t->n_elements / 4 + 4);
        if (bytes > avail)
            bytes = avail;
    }
    if (min > avail || bytes > avail)
        return rt_fail(c->err, c->errlen,
                         "%s: tensor '%s': data past end of file: %zu bytes at file offset %zu end at %zu, file size %zu",
                         c->path, name, min, f->data_off + (size_t)offset, f->data_off + (size_t)offset + min,
                         f->size);
    t->nbytes = bytes;
    t->data = f->map + f->data_off + offset;
    return 0;
}

static int check_duplicates(const gguf_file *f, const char *path, char *err, size_t errlen)
{
    size_t n = f->n_kv > f->n_tensors ? f->n_kv : f->n_tensors;
    gguf_str *names = malloc((n ? n : 1) * sizeof *names);
    if (!names)
        return rt_fail(err, errlen, "%s: out of memory checking names", path);
    int rc = 0;
    for (size_t i = 0; i < f->n_kv; i++)
        names[i] = f->kv[i].kv.key;
    const gguf_str *d = find_dup(names, f->n_kv);
    if (d)
        rc = rt_fail(err, errlen, "%s: duplicate metadata key '%.*s'", path, (int)(d->len < 80 ? d->len : 80),
                       d->ptr);
    for (size_t i = 0; !rc && i < f->n_tensors; i++)
        names[i] = f->tensors[i].name;
    if (!rc && (d = find_dup(names, f->n_tensors)) != NULL)
        rc = rt_fail(err, errlen, "%s: duplicate tensor name '%.*s'", path, (int)(d->len < 80 ? d->len : 80),
                       d->ptr);
    free(names);
    return rc;
}

static int parse(gguf_file *f, const char *path, char *err, size_t errlen)
{
    cursor c = {f->map, f->size, 0, path, err, errlen};
    uint32_t ver;
    uint64_t n_t, n_kv;
    if (need(&c, 4, "magic"))
        return -1;
    if (memcmp(f->map, GGUF_MAGIC, 4) != 0)
        return rt_fail(err, errlen, "%s: wrong magic: first bytes are %02x %02x %02x %02x, a GGUF file starts with 'GGUF'",
                         path, f->map[0], f->map[1], f->map[2], f->map[3]);
    c.pos = 4;
    if (rd_u32(&c, &ver, "version"))
        return -1;
    if (ver != 2 && ver != 3)
        return rt_fail(err, errlen, "%s: unsupported GGUF version %u (versions 2 and 3 are read)", path, ver);
    f->version = ver;
    if (rd_u64(&c, &n_t, "tensor count") || rd_u64(&c, &n_kv, "metadata count"))
        return -1;
    /* A key is at least 8 + 4 bytes, a tensor entry at least 8 + 4 + 4 + 8. */
    if (n_kv > (c.size - c.pos) / 12)
        return rt_fail(err, errlen, "%s: truncated metadata: %llu metadata entries cannot fit in %zu bytes", path,
                         (unsigned long long)n_kv, c.size - c.pos);
    if (n_t > (c.size - c.pos) / 24)
        return rt_fail(err, errlen, "%s: truncated tensor table: %llu tensors cannot fit in %zu bytes", path,
                         (unsigned long long)n_t, c.size - c.pos);
    uint64_t *offs = NULL;
    size_t cap_t = 0, cap_o = 0;
    int rc = parse_kv(f, &c, (size_t)n_kv);
    if (!rc)
        rc = parse_alignment(f, &c);
    for (size_t i = 0; !rc && i < (size_t)n_t; i++) {
        if (grow((void **)&f->tensors, &cap_t, i + 1, sizeof *f->tensors) ||
            grow((void **)&offs, &cap_o, i + 1, sizeof *offs)) {
            rc = rt_fail(err, errlen, "%s: out of memory reading tensor entry %zu", path, i);
            break;
        }
        f->n_tensors = i + 1;
        rc = parse_tensor_info(f, &c, i, &offs[i]);
    }
    if (!rc) {
        size_t a = f->alignment, start = c.pos + (a - c.pos % a) % a;
        if (f->n_tensors && start > f->size)
            rc = rt_fail(err, errlen, "%s: truncated file: data section would start at %zu, file size %zu", path,
                           start, f->size);
        f->data_off = start > f->size ? f->size : start;
    }
    for (size_t i = 0; !rc && i < f->n_tensors; i++)
        rc = place_tensor(f, &c, &f->tensors[i], offs[i]);
    free(offs);
    if (!rc)
        rc = check_duplicates(f, path, err, errlen);
    return rc;
}

gguf_file *gguf_open(const char *path, char *err, size_t errlen)
{
    if (!path) {
        rt_fail(err, errlen, "gguf_open: no path given");
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rt_fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rt_fail(err, errlen, "%s: not a regular file", path);
        close(fd);
        return NULL;
    }
    if (st.st_size < 4) {
        rt_fail(err, errlen, "%s: truncated file: %lld bytes, too short for the GGUF magic", path,
                  (long long)st.st_size);
        close(fd);
        return NULL;
    }
    gguf_file *f = calloc(1, sizeof *f);
    if (!f) {
        rt_fail(err, errlen, "%s: out of memory", path);
        close(fd);
        return NULL;
    }
    f->size = (size_t)st.st_size;
    void *m = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        rt_fail(err, errlen, "%s: mmap of %zu bytes failed: %s", path, f->size, strerror(errno));
        free(f);
        return NULL;
    }
    f->map = m;
    if (parse(f, path, err, errlen) != 0) {
        gguf_close(f);
        return NULL;
    }
    return f;
}

void gguf_close(gguf_file *f)
{
    if (!f)
        return;
    if (f->kv)
        for (size_t i = 0; i < f->n_kv; i++)
            free(f->kv[i].str_off);
    free(f->kv);
    free(f->tensors);
    if (f->map)
        munmap((void *)f->map, f->size);
    free(f);
}

uint32_t gguf_version(const gguf_file *f) { return f ? f->version : 0; }
size_t gguf_alignment(const gguf_file *f) { return f ? f->alignment : 0; }
size_t gguf_kv_count(const gguf_file *f) { return f ? f->n_kv : 0; }
size_t gguf_tensor_count(const gguf_file *f) { return f ? f->n_tensors : 0; }

const gguf_kv *gguf_kv_at(const gguf_file *f, size_t i)
{
    return f && i < f->n_kv ? &f->kv[i].kv : NULL;
}

const gguf_tensor *gguf_tensor_at(const gguf_file *f, size_t i)
{
    return f && i < f->n_tensors ? &f->tensors[i] : NULL;
}

const gguf_kv *gguf_find_kv(const gguf_file *f, const char *key)
{
    if (!f || !key)
        return NULL;
    for (size_t i = 0; i < f->n_kv; i++)
        if (gguf_str_eq(f->kv[i].kv.key, key))
            return &f->kv[i].kv;
    return NULL;
}

const gguf_tensor *gguf_find_tensor(const gguf_file *f, const char *name)
{
    if (!f || !name)
        return NULL;
    for (size_t i = 0; i < f->n_tensors; i++)
        if (gguf_str_eq(f->tensors[i].name, name))
            return &f->tensors[i];
    return NULL;
}

const gguf_tensor *gguf_require_tensor(const gguf_file *f, const char *name, uint32_t n_dims, const uint64_t *ne,
                                       char *err, size_t errlen)
{
    if (!f || !name) {
        rt_fail(err, errlen, "gguf_require_tensor: NULL file or name");
        return NULL;
    }
    const gguf_tensor *t = gguf_find_tensor(f, name);
    if (!t) {
        rt_fail(err, errlen, "missing tensor '%s': the model file has no tensor of that name", name);
        return NULL;
    }
    if (!ne)
        return t;
    int ok = n_dims <= 4;
    for (uint32_t d = 0; ok && d < 4; d++)
        ok = t->ne[d] == (d < n_dims ? ne[d] : 1);
    if (!ok) {
        rt_fail(err, errlen,
                  "tensor '%s': inconsistent dimensions: file has [%llu, %llu, %llu, %llu], expected [%llu, %llu, %llu, %llu]",
                  name, (unsigned long long)t->ne[0], (unsigned long long)t->ne[1], (unsigned long long)t->ne[2],
                  (unsigned long long)t->ne[3], (unsigned long long)(n_dims > 0 ? ne[0] : 1),
                  (unsigned long long)(n_dims > 1 ? ne[1] : 1), (unsigned long long)(n_dims > 2 ? ne[2] : 1),
                  (unsigned long long)(n_dims > 3 ? ne[3] : 1));
        return NULL;
    }
    return t;
}
