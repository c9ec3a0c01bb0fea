/*
 * The runtime backends, in the order users see them. A backend of its own is one line in k_own
 * (its file defines the vt). Every device backend the driver has linked (driver/tdrv_backends.def)
 * is one more entry, run by rt_backend_dev.c: adding a device needs no line here.
 */
#include "runtime/backend/rt_backend_impl.h"
#include "driver/tdrv.h"

#include <stdio.h>
#include <string.h>

extern const rt_backend_vt rt_backend_cpu_vt;
extern const rt_backend_vt rt_backend_dev_vt;

static const rt_backend_vt *const k_own[] = {
    &rt_backend_cpu_vt,
};

#define N_OWN (sizeof k_own / sizeof k_own[0])

int rt_backend_registry_at(unsigned i, rt_backend_desc *desc, const rt_backend_vt **vt)
{
    if (i < N_OWN) {
        *desc = k_own[i]->desc;
        *vt = k_own[i];
        return 0;
    }
    const tdrv_ops *ops = tdrv_backend(i - (unsigned)N_OWN);
    if (!ops)
        return -1;
    desc->name = ops->name;
    desc->description = ops->description;
    desc->caps = RT_CAP_OFFLOADS | (ops->caps & TDRV_CAP_CYCLES ? RT_CAP_CYCLES : 0u) |
                 (ops->caps & TDRV_CAP_CONFIGS && ops->config_name ? RT_CAP_CONFIGS : 0u) |
                 (ops->caps & TDRV_CAP_ANY_CONFIG ? RT_CAP_ANY_CONFIG : 0u) |
                 (ops->caps & TDRV_CAP_TIMING_ONLY ? RT_CAP_TIMING_ONLY : 0u) |
                 (ops->caps & TDRV_CAP_HARDWARE ? RT_CAP_HARDWARE : 0u);
    desc->config_name = ops->config_name;
    *vt = &rt_backend_dev_vt;
    return 0;
}

int rt_backend_registry_find(const char *name, rt_backend_desc *desc, const rt_backend_vt **vt)
{
    for (unsigned i = 0; name && rt_backend_registry_at(i, desc, vt) == 0; i++)
        if (!strcmp(desc->name, name))
            return 0;
    return -1;
}

int rt_backend_desc_at(unsigned i, rt_backend_desc *out)
{
    const rt_backend_vt *vt;
    return out ? rt_backend_registry_at(i, out, &vt) : -1;
}

int rt_backend_desc_find(const char *name, rt_backend_desc *out)
{
    rt_backend_desc d;
    const rt_backend_vt *vt;
    if (rt_backend_registry_find(name, &d, &vt))
        return -1;
    if (out)
        *out = d;
    return 0;
}

void rt_backend_names(char *buf, size_t len)
{
    if (!buf || !len)
        return;
    buf[0] = 0;
    rt_backend_desc d;
    for (unsigned i = 0; rt_backend_desc_at(i, &d) == 0; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, len - l, "%s%s", i ? ", " : "", d.name);
    }
}
