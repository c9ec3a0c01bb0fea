/*
 * Hardware configurations as parameter sets: a named configuration of hw/tritium.toml, a parameter
 * list ("rows=32,cols=32,bus=512", every other parameter at its default) or a TOML file of parameters,
 * checked against the description's rules and given its key (the name, or hw_<tags>). One resolver
 * for both simulators: the Verilator shim keys its models by it, the SystemC model opens any set.
 */
#ifndef TSIM_CFG_H
#define TSIM_CFG_H

#include <stddef.h>

#include "tritium_regs.h"

#ifdef __cplusplus
#include <string>
#include <vector>
extern "C" {
#endif

/* The named configurations, in the description's order; the first one is the default. */
unsigned tsim_cfg_count(void);
const char *tsim_cfg_name(unsigned i);

/* Resolves spec (NULL or "" = the default) into p and its key (keylen >= 64 holds any key). Returns 0,
 * or -1 with the reason in err: an unknown name, a malformed list, an unreadable file, a broken rule. */
int tsim_cfg_resolve(const char *spec, tritium_params *p, char *key, size_t keylen, char *err, size_t errlen);

#ifdef __cplusplus
}

/* Internal to sim/: the key of a parameter set, the list that describes it, whether a key is named;
 * running a program with its output into a log file (exit status, -1 if it could not start); a file's
 * text (its last `tail` bytes when tail > 0) without trailing newlines. */
std::string tsim_cfg_key(const tritium_params &p);
std::string tsim_cfg_describe(const tritium_params &p);
bool tsim_cfg_is_named(const std::string &key);
int tsim_run(const std::vector<std::string> &args, const std::string &log);
std::string tsim_read_file(const std::string &path, size_t tail = 0);
#endif
#endif
