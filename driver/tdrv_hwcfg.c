/* The ranges and rules of hw/tritium.toml over a configuration read from a device. */
#include "driver/tdrv_hwcfg.h"

#include <stdio.h>

const char *tdrv_hwcfg_check(const tdrv_hwcfg *c, char *why, size_t len)
{
#define P(f) ((uint64_t)c->f)
#define TDRV_RANGE(f, NAME, lo, hi, doc)                                                                        \
    if (P(f) < (lo) || P(f) > (hi)) {                                                                            \
        if (why && len)                                                                                          \
            snprintf(why, len, "CFG_" #NAME " reads %llu, outside %u..%u (" doc ")", (unsigned long long)P(f), \
                     (unsigned)(lo), (unsigned)(hi));                                                          \
        return #f "_range";                                                                                      \
    }
    TRITIUM_PARAMS(TDRV_RANGE)
#undef TDRV_RANGE
#define TDRV_RULE(name, expr, text, reason)                                                                     \
    if (!(expr)) {                                                                                               \
        if (why && len)                                                                                          \
            snprintf(why, len, "rule " #name ": %s does not hold (%s)", text, reason);                         \
        return #name;                                                                                            \
    }
    TRITIUM_RULES(TDRV_RULE)
#undef TDRV_RULE
    /* What the device derives must agree with the parameters it reports. */
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
