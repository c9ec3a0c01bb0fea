/*
 * What a backend implements behind runtime/backend/rt_backend.h (private to runtime/backend/).
 * rt_backend.c owns everything common: argument checks, the kernels_ref copy of the weights,
 * --verify, CPU fallback, statistics, messages. rt_backend_registry.c lists the backends.
 */
#ifndef RT_BACKEND_IMPL_H
#define RT_BACKEND_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "runtime/backend/rt_backend.h"

/* Result of a backend's matmul: the device failed (error code, timeout) and the CPU may answer. */
#define RT_RUN_OK 0
#define RT_RUN_ERROR (-1)
#define RT_RUN_DEVICE_FAILED (-2)

typedef struct {
    /* The registry entry: for a backend of its own; a device backend's entry comes from the driver. */
    rt_backend_desc desc;
    int needs_canonical; /* matmul reads the canonical kr_tern (otherwise it gets NULL without --verify) */
    /* d: the registry entry being opened (a device backend learns its driver backend's name from it). */
    void *(*open)(const rt_backend_desc *d, const rt_backend_opts *opts, char *err, size_t errlen);
    void (*close)(void *impl);
    /* Backend copy of w (device layout etc.), made before prepare returns: w may not outlive it
     * unless needs_canonical. NULL return with err on failure. */
    void *(*prepare)(void *impl, const kr_tern *w, char *err, size_t errlen);
    void (*release)(void *impl, void *prepared);
    /* Adds this call's device figures (cycles, counters, ideal) into st; RT_RUN_*. w is the canonical
     * matrix or NULL (see needs_canonical); its dimensions are checked by the caller. */
    int (*matmul)(void *impl, void *prepared, const kr_tern *w, const int8_t *q, size_t n, size_t ldq,
                  int32_t *y, size_t ldy, rt_stats *st, char *err, size_t errlen);
    /* Optional: the whole result computed on the CPU from the backend's own copy of the weights, for
     * a call the device could not answer when no canonical copy is kept (no --verify). 0 or -1. */
    int (*fallback)(void *impl, void *prepared, const int8_t *q, size_t n, size_t ldq, int32_t *y, size_t ldy,
                    char *err, size_t errlen);
    void (*describe)(void *impl, char *buf, size_t len);
    void (*hwinfo)(void *impl, rt_hwinfo *hw);
} rt_backend_vt;

/* The registry's lookups with the implementation: 0, or -1 when there is no such entry. */
int rt_backend_registry_at(unsigned i, rt_backend_desc *desc, const rt_backend_vt **vt);
int rt_backend_registry_find(const char *name, rt_backend_desc *desc, const rt_backend_vt **vt);

/* The backend's copy of a prepared weight (what vt->prepare returned). */
void *rt_weights_prepared(rt_weights *w);

/* The backend's private state, for backend-specific accessors (rt_backend_sim.h). */
void *rt_backend_impl(rt_backend *b, const rt_backend_vt *vt);

#endif
