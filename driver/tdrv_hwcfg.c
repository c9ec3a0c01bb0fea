/* The ranges and rules of hw/tritium.toml over a configuration read from a device. */
#include "driver/tdrv_hwcfg.h"

#include <stdio.h>

const char *tdrv_hwcfg_check(const tdrv_hwcfg *c, char *why, size_t len)
{
    /* The device's parameters, as its CFG registers report them. */
    tritium_params p;
#define TDRV_PARAM(f, NAME, lo, hi, doc) p.f = c->f;
    TRITIUM_PARAMS(TDRV_PARAM)
#undef TDRV_PARAM
    const char *rule = tritium_params_check(&p, why, len);
    if (rule)
        return rule;
    /* What the device derives must agree with the parameters it reports. */
#define P(f) ((uint64_t)c->f)
#define TDRV_DERIVED(f, expr)                                                                                    \
    if (P(f) != (expr)) {                                                                                        \
        if (why && len)                                                                                          \
            snprintf(why, len, "CFG register of " #f " reads %llu, but its parameters give %llu",                 \
                     (unsigned long long)P(f), (unsigned long long)(expr));                                      \
        return #f "_derived";                                                                                    \
    }
    TRITIUM_CFG_DERIVED(TDRV_DERIVED)
#undef TDRV_DERIVED
#undef P
    return NULL;
}
