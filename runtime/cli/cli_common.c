/* What every tritium command shares: printing library messages, checking --backend and --config. */
#include "runtime/cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_number(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_whole(const char *s, double lo, double hi, double *out)
{
    double v;
    if (cli_number(s, lo, hi, &v) || v != floor(v))
        return -1;
    *out = v;
    return 0;
}

void cli_log_stderr(void *ctx, rt_log_level level, const char *msg)
{
    (void)ctx;
    (void)level;
    fprintf(stderr, "tritium: %s\n", msg);
}

int cli_backend_lookup(const char *cmd, const char *name, rt_backend_desc *out)
{
    if (rt_backend_desc_find(name, out) == 0)
        return 0;
    char names[256];
    rt_backend_names(names, sizeof names);
    fprintf(stderr, "%s: --backend: '%s' is not a backend of this program (choose one of: %s; see tritium info)\n",
            cmd, name ? name : "(none)", names);
    return -1;
}

int cli_config_check(const char *cmd, const rt_backend_desc *d, const char *config)
{
    if (!config)
        return 0;
    if (!(d->caps & RT_CAP_CONFIGS)) {
        fprintf(stderr, "%s: --config: backend %s has no hardware configurations\n", cmd, d->name);
        return -1;
    }
    for (unsigned i = 0; d->config_name(i); i++)
        if (!strcmp(d->config_name(i), config))
            return 0;
    /* A parameter list or a file: the device checks it against the description's rules when it opens. */
    size_t n = strlen(config);
    if ((d->caps & RT_CAP_ANY_CONFIG) && (strchr(config, '=') || (n > 5 && !strcmp(config + n - 5, ".toml"))))
        return 0;
    fprintf(stderr, "%s: --config: '%s' is not a configuration of backend %s (this program has:", cmd, config,
            d->name);
    for (unsigned i = 0; d->config_name(i); i++)
        fprintf(stderr, "%s %s", i ? "," : "", d->config_name(i));
    fprintf(stderr, "%s; see tritium info)\n",
            (d->caps & RT_CAP_ANY_CONFIG) ? "; or parameters: --hw rows=32,cols=32,bus=512, or a .toml file" : "");
    return -1;
}

int cli_backend_default(unsigned caps, rt_backend_desc *out)
{
    for (unsigned i = 0; rt_backend_desc_at(i, out) == 0; i++)
        if ((out->caps & caps) == caps)
            return 0;
    return rt_backend_desc_at(0, out);
}
