/*
 * GGUF writer (version 3). Metadata is serialized as it is added; tensor data is either copied at
 * add time or produced by a callback during save, so mkmodel can stream a multi-gigabyte model.
 * The first failing call records its reason; gguf_w_save then refuses with that reason, so a caller
 * may add everything and check once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/gguf/gguf_impl.h"
#include "runtime/common/rt_fail.h"

typedef struct {
    char *name;
    gguf_type type;
    uint32_t n_dims;
    uint64_t ne[4];
    size_t nbytes;
    uint8_t *data;       /* owned copy, or NULL when fill is set */
    gguf_fill_fn fill;
    gguf_stream_fn produce;
    void *ctx;
} wtensor;

struct gguf_sink {
    FILE *fp;
    size_t written, limit;
    int failed;             /* 1: a write failed (errno says why); 2: the producer overran its tensor */
};

int gguf_sink_write(gguf_sink *s, const void *p, size_t n)
{
    if (!s || (!p && n) || s->failed)
        return -1;
    if (n > s->limit - s->written) {
        s->failed = 2;
        return -1;
    }
    if (n && fwrite(p, 1, n, s->fp) != n) {
        s->failed = 1;
        return -1;
    }
    s->written += n;
    return 0;
}

struct gguf_writer {
    uint32_t alignment;
    uint8_t *kv;         /* serialized metadata entries */
    size_t kv_len, kv_cap;
    uint64_t n_kv;
    char **keys;         /* for duplicate detection */
    wtensor *t;
    size_t n_t, cap_t;
    char err[512];
};

static int wfail(gguf_writer *w, const char *fmt, const char *arg)
{
    if (w && !w->err[0])
        snprintf(w->err, sizeof w->err, fmt, arg ? arg : "");
    return -1;
}

static int put(gguf_writer *w, const void *p, size_t n)
{
    if (n > SIZE_MAX / 2 - w->kv_len)
        return wfail(w, "gguf writer: metadata too large%s", NULL);
    if (w->kv_len + n > w->kv_cap) {
        size_t cap = w->kv_cap ? w->kv_cap : 4096;
        while (cap < w->kv_len + n)
            cap *= 2;
        uint8_t *q = realloc(w->kv, cap);
        if (!q)
            return wfail(w, "gguf writer: out of memory for metadata%s", NULL);
        w->kv = q;
        w->kv_cap = cap;
    }
    memcpy(w->kv + w->kv_len, p, n);
    w->kv_len += n;
    return 0;
}

static int put_u32(gguf_writer *w, uint32_t v) { return put(w, &v, 4); }
static int put_u64(gguf_writer *w, uint64_t v) { return put(w, &v, 8); }
static int put_str(gguf_writer *w, const char *s, size_t n) { return (put_u64(w, n) || put(w, s, n)) ? -1 : 0; }

/* Starts an entry: checks the key is new and writes key + type. */
static int begin(gguf_writer *w, const char *key, gguf_vtype t)
{
    if (!w)
        return -1;
    if (w->err[0])
        return -1;
    if (!key || !*key)
        return wfail(w, "gguf writer: empty metadata key%s", NULL);
    for (uint64_t i = 0; i < w->n_kv; i++)
        if (strcmp(w->keys[i], key) == 0)
            return wfail(w, "gguf writer: duplicate metadata key '%s'", key);
    char **k = realloc(w->keys, (size_t)(w->n_kv + 1) * sizeof *k);
    if (!k)
        return wfail(w, "gguf writer: out of memory adding '%s'", key);
    w->keys = k;
    if (!(k[w->n_kv] = strdup(key)))
        return wfail(w, "gguf writer: out of memory adding '%s'", key);
    w->n_kv++;
    return (put_str(w, key, strlen(key)) || put_u32(w, (uint32_t)t)) ? -1 : 0;
}

gguf_writer *gguf_writer_new(uint32_t alignment)
{
    if (alignment == 0)
        alignment = 32;
    if (alignment & (alignment - 1))
        return NULL;
    gguf_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->alignment = alignment;
    if (alignment != 32 && gguf_w_u32(w, "general.alignment", alignment) != 0) {
        gguf_writer_free(w);
        return NULL;
    }
    return w;
}

void gguf_writer_free(gguf_writer *w)
{
    if (!w)
        return;
    for (uint64_t i = 0; i < w->n_kv; i++)
        free(w->keys[i]);
    free(w->keys);
    for (size_t i = 0; i < w->n_t; i++) {
        free(w->t[i].name);
        free(w->t[i].data);
    }
    free(w->t);
    free(w->kv);
    free(w);
}

const char *gguf_w_error(const gguf_writer *w) { return w ? w->err : "no writer"; }

int gguf_w_u32(gguf_writer *w, const char *key, uint32_t v) { return (begin(w, key, GGUF_V_U32) || put_u32(w, v)) ? -1 : 0; }
int gguf_w_i32(gguf_writer *w, const char *key, int32_t v) { return (begin(w, key, GGUF_V_I32) || put(w, &v, 4)) ? -1 : 0; }
int gguf_w_f32(gguf_writer *w, const char *key, float v) { return (begin(w, key, GGUF_V_F32) || put(w, &v, 4)) ? -1 : 0; }
int gguf_w_u64(gguf_writer *w, const char *key, uint64_t v) { return (begin(w, key, GGUF_V_U64) || put_u64(w, v)) ? -1 : 0; }

int gguf_w_bool(gguf_writer *w, const char *key, int v)
{
    uint8_t b = v != 0;
    return (begin(w, key, GGUF_V_BOOL) || put(w, &b, 1)) ? -1 : 0;
}

int gguf_w_str(gguf_writer *w, const char *key, const char *v)
{
    if (!v)
        return wfail(w, "gguf writer: NULL string value for '%s'", key);
    return (begin(w, key, GGUF_V_STR) || put_str(w, v, strlen(v))) ? -1 : 0;
}

static int arr_head(gguf_writer *w, const char *key, gguf_vtype t, const void *v, size_t n)
{
    if (!v && n)
        return wfail(w, "gguf writer: NULL array for '%s'", key);
    return (begin(w, key, GGUF_V_ARR) || put_u32(w, (uint32_t)t) || put_u64(w, n)) ? -1 : 0;
}

int gguf_w_arr_str(gguf_writer *w, const char *key, const gguf_str *v, size_t n)
{
    if (arr_head(w, key, GGUF_V_STR, v, n))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].ptr && v[i].len)
            return wfail(w, "gguf writer: NULL string in array '%s'", key);
        /* The length is authoritative: strings taken from a mapping are not NUL-terminated. */
        if (put_str(w, v[i].ptr, v[i].len))
            return -1;
    }
    return 0;
}

int gguf_w_arr_i32(gguf_writer *w, const char *key, const int32_t *v, size_t n)
{
    return (arr_head(w, key, GGUF_V_I32, v, n) || (n && put(w, v, n * 4))) ? -1 : 0;
}

int gguf_w_arr_f32(gguf_writer *w, const char *key, const float *v, size_t n)
{
    return (arr_head(w, key, GGUF_V_F32, v, n) || (n && put(w, v, n * 4))) ? -1 : 0;
}

/* Bytes of one serialized value of type t at p (already validated by the reader). */
static size_t value_len(const uint8_t *p, gguf_vtype t)
{
    uint64_t n;
    if (t == GGUF_V_STR) {
        memcpy(&n, p, 8);
        return 8 + (size_t)n;
    }
    if (t != GGUF_V_ARR)
        return gguf_vtype_size(t);
    uint32_t at;
    memcpy(&at, p, 4);
    memcpy(&n, p + 4, 8);
    size_t len = 12, es = gguf_vtype_size((gguf_vtype)at);
    if (es)
        return len + (size_t)n * es;
    for (uint64_t i = 0; i < n; i++)
        len += value_len(p + len, (gguf_vtype)at);
    return len;
}

int gguf_w_copy_kv(gguf_writer *w, const gguf_kv *kv)
{
    if (!kv)
        return wfail(w, "gguf writer: NULL metadata entry to copy%s", NULL);
    char key[256];
    if (kv->key.len >= sizeof key)
        return wfail(w, "gguf writer: metadata key too long to copy (%s)", "over 255 bytes");
    memcpy(key, kv->key.ptr, kv->key.len);
    key[kv->key.len] = 0;
    /* Arrays: kv->data is the first element, the 12-byte element type + count precede it. */
    const uint8_t *start = kv->type == GGUF_V_ARR ? kv->data - 12 : kv->data;
    size_t len = value_len(start, kv->type);
    if (kv->type != GGUF_V_ARR && kv->type != GGUF_V_STR && len == 0)
        return wfail(w, "gguf writer: metadata '%s' has an unknown type", key);
    return (begin(w, key, kv->type) || put(w, start, len)) ? -1 : 0;
}

static int add_tensor(gguf_writer *w, const char *name, gguf_type type, uint32_t n_dims, const uint64_t *ne,
                      size_t nbytes, wtensor *out)
{
    if (!w || w->err[0])
        return -1;
    if (!name || !*name || !ne)
        return wfail(w, "gguf writer: tensor with no name or no dimensions%s", NULL);
    if (n_dims == 0 || n_dims > 4)
        return wfail(w, "gguf writer: tensor '%s': n_dims must be 1..4", name);
    if (!gguf_type_name(type))
        return wfail(w, "gguf writer: tensor '%s': unknown type", name);
    for (size_t i = 0; i < w->n_t; i++)
        if (strcmp(w->t[i].name, name) == 0)
            return wfail(w, "gguf writer: duplicate tensor name '%s'", name);
    memset(out, 0, sizeof *out);
    uint64_t n = 1;
    for (uint32_t d = 0; d < 4; d++) {
        out->ne[d] = d < n_dims ? ne[d] : 1;
        if (out->ne[d] == 0 || out->ne[d] > (uint64_t)INT64_MAX / n)
            return wfail(w, "gguf writer: tensor '%s': a dimension is zero or the element count overflows", name);
        n *= out->ne[d];
    }
    if (gguf_type_bytes(type, n) != nbytes || nbytes == 0)
        return wfail(w, "gguf writer: tensor '%s': byte size does not match its type and dimensions", name);
    out->type = type;
    out->n_dims = n_dims;
    out->nbytes = nbytes;
    if (!(out->name = strdup(name)))
        return wfail(w, "gguf writer: out of memory adding tensor '%s'", name);
    return 0;
}

static int push_tensor(gguf_writer *w, wtensor *t)
{
    if (w->n_t == w->cap_t) {
        size_t cap = w->cap_t ? w->cap_t * 2 : 64;
        wtensor *q = realloc(w->t, cap * sizeof *q);
        if (!q) {
            free(t->name);
            free(t->data);
            return wfail(w, "gguf writer: out of memory for the tensor table%s", NULL);
        }
        w->t = q;
        w->cap_t = cap;
    }
    w->t[w->n_t++] = *t;
    return 0;
}

int gguf_w_tensor(gguf_writer *w, const char *name, gguf_type type, uint32_t n_dims, const uint64_t *ne,
                  const void *data, size_t nbytes)
{
    wtensor t;
    if (add_tensor(w, name, type, n_dims, ne, nbytes, &t))
        return -1;
    if (!data || !(t.data = malloc(nbytes))) {
        free(t.name);
        return wfail(w, data ? "gguf writer: out of memory copying tensor '%s'" : "gguf writer: tensor '%s' has no data", name);
    }
    memcpy(t.data, data, nbytes);
    return push_tensor(w, &t);
}

int gguf_w_tensor_cb(gguf_writer *w, const char *name, gguf_type type, uint32_t n_dims, const uint64_t *ne,
                     size_t nbytes, gguf_fill_fn fill, void *ctx)
{
    wtensor t;
    if (!fill)
        return wfail(w, "gguf writer: tensor '%s' has no fill function", name);
    if (add_tensor(w, name, type, n_dims, ne, nbytes, &t))
        return -1;
    t.fill = fill;
    t.ctx = ctx;
    return push_tensor(w, &t);
}

int gguf_w_tensor_stream(gguf_writer *w, const char *name, gguf_type type, uint32_t n_dims, const uint64_t *ne,
                         size_t nbytes, gguf_stream_fn produce, void *ctx)
{
    wtensor t;
    if (!produce)
        return wfail(w, "gguf writer: tensor '%s' has no producer", name);
    if (add_tensor(w, name, type, n_dims, ne, nbytes, &t))
        return -1;
    t.produce = produce;
    t.ctx = ctx;
    return push_tensor(w, &t);
}

static int write_streamed(const wtensor *t, FILE *fp, const char *path, char *err, size_t errlen)
{
    gguf_sink sink = {fp, 0, t->nbytes, 0};
    char why[256] = "";
    int rc = t->produce(t->ctx, &sink, why, sizeof why);
    if (sink.failed == 2)
        return rt_fail(err, errlen, "%s: tensor '%s': producer wrote more than the tensor's %zu bytes", path,
                         t->name, t->nbytes);
    if (sink.failed == 1)
        return rt_fail(err, errlen, "%s: write failed in tensor '%s': %s", path, t->name, strerror(errno));
    if (rc != 0)
        return rt_fail(err, errlen, "%s: producing tensor '%s' failed: %s", path, t->name,
                         why[0] ? why : "no reason given");
    if (sink.failed || sink.written != t->nbytes)
        return rt_fail(err, errlen, "%s: tensor '%s': producer wrote %zu bytes%s, the tensor has %zu", path,
                         t->name, sink.written, sink.failed ? " and then failed" : "", t->nbytes);
    return 0;
}

static size_t pad_to(size_t x, size_t a) { return (a - x % a) % a; }

static int wr(FILE *fp, const void *p, size_t n, const char *path, char *err, size_t errlen)
{
    if (n && fwrite(p, 1, n, fp) != n)
        return rt_fail(err, errlen, "%s: write failed: %s", path, strerror(errno));
    return 0;
}

static int write_all(gguf_writer *w, FILE *fp, const char *path, char *err, size_t errlen)
{
    static const uint8_t zeros[64];
    uint32_t ver = 3;
    uint64_t nt = w->n_t, nkv = w->n_kv;
    if (wr(fp, "GGUF", 4, path, err, errlen) || wr(fp, &ver, 4, path, err, errlen) ||
        wr(fp, &nt, 8, path, err, errlen) || wr(fp, &nkv, 8, path, err, errlen) ||
        wr(fp, w->kv, w->kv_len, path, err, errlen))
        return -1;
    size_t pos = 24 + w->kv_len;
    uint64_t off = 0;
    for (size_t i = 0; i < w->n_t; i++) {
        const wtensor *t = &w->t[i];
        uint64_t len = strlen(t->name);
        uint32_t type = (uint32_t)t->type;
        if (wr(fp, &len, 8, path, err, errlen) || wr(fp, t->name, len, path, err, errlen) ||
            wr(fp, &t->n_dims, 4, path, err, errlen) || wr(fp, t->ne, 8 * (size_t)t->n_dims, path, err, errlen) ||
            wr(fp, &type, 4, path, err, errlen) || wr(fp, &off, 8, path, err, errlen))
            return -1;
        pos += 8 + len + 4 + 8 * t->n_dims + 4 + 8;
        off += t->nbytes + pad_to(t->nbytes, w->alignment);
    }
    /* A file without tensors (a vocabulary) ends after its metadata, as llama.cpp's vocab files do. */
    for (size_t p = w->n_t ? pad_to(pos, w->alignment) : 0; p; p -= p > 64 ? 64 : p)
        if (wr(fp, zeros, p > 64 ? 64 : p, path, err, errlen))
            return -1;
    for (size_t i = 0; i < w->n_t; i++) {
        const wtensor *t = &w->t[i];
        if (t->produce) {
            if (write_streamed(t, fp, path, err, errlen))
                return -1;
        } else if (t->fill) {
            uint8_t *buf = malloc(t->nbytes);
            if (!buf)
                return rt_fail(err, errlen, "%s: out of memory producing tensor '%s' (%zu bytes)", path, t->name,
                                 t->nbytes);
            char why[256] = "";
            int rc = t->fill(t->ctx, buf, t->nbytes, why, sizeof why);
            if (rc)
                rt_fail(err, errlen, "%s: producing tensor '%s' failed: %s", path, t->name, why);
            else
                rc = wr(fp, buf, t->nbytes, path, err, errlen);
            free(buf);
            if (rc)
                return -1;
        } else if (wr(fp, t->data, t->nbytes, path, err, errlen)) {
            return -1;
        }
        for (size_t p = pad_to(t->nbytes, w->alignment); p; p -= p > 64 ? 64 : p)
            if (wr(fp, zeros, p > 64 ? 64 : p, path, err, errlen))
                return -1;
    }
    return 0;
}

int gguf_w_save(gguf_writer *w, const char *path, char *err, size_t errlen)
{
    if (!w || !path)
        return rt_fail(err, errlen, "gguf_w_save: NULL writer or path");
    if (w->err[0])
        return rt_fail(err, errlen, "%s: not written: %s", path, w->err);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return rt_fail(err, errlen, "%s: cannot create: %s", path, strerror(errno));
    int rc = write_all(w, fp, path, err, errlen);
    if (fclose(fp) != 0 && rc == 0)
        rc = rt_fail(err, errlen, "%s: write failed on close: %s", path, strerror(errno));
    if (rc)
        unlink(path); /* never leave a half-written model that looks complete */
    return rc;
}
