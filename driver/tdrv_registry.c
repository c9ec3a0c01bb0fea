/* The registry of device backends: the table of driver/tdrv_backends.def, lookups by index and name. */
#include "driver/tdrv.h"

#include <string.h>

#define TDRV_BACKEND(sym) extern const tdrv_ops sym;
#define TDRV_BACKEND_LINKED(sym) extern const tdrv_ops sym __attribute__((weak));
#include "driver/tdrv_backends.def"
#undef TDRV_BACKEND
#undef TDRV_BACKEND_LINKED

/* A weak backend that is not linked has address NULL and is skipped. */
static const tdrv_ops *const k_backends[] = {
#define TDRV_BACKEND(sym) &sym,
#define TDRV_BACKEND_LINKED(sym) &sym,
#include "driver/tdrv_backends.def"
#undef TDRV_BACKEND
#undef TDRV_BACKEND_LINKED
};

const tdrv_ops *tdrv_backend(unsigned i)
{
    for (size_t j = 0; j < sizeof k_backends / sizeof k_backends[0]; j++)
        if (k_backends[j] && i-- == 0)
            return k_backends[j];
    return NULL;
}

const tdrv_ops *tdrv_backend_find(const char *name)
{
    for (unsigned i = 0; name && tdrv_backend(i); i++)
        if (!strcmp(tdrv_backend(i)->name, name))
            return tdrv_backend(i);
    return NULL;
}
