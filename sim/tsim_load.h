/*
 * Internal to sim/: turns a configuration (a name, a parameter list, a TOML file) into a loaded model.
 * A model is a shared object under the build tree, keyed by its configuration; one that is missing or
 * was built from other sources is built first, by the build system, under a lock so two processes
 * never build the same model at once.
 */
#ifndef TSIM_LOAD_H
#define TSIM_LOAD_H

#include <string>

#include "sim/tsim.h"
#include "sim/tsim_model.h"

/* Resolves a->config to its key, builds the model if needed (telling a->progress), loads it and
 * creates one instance. Returns nullptr with the reason in err. */
tsim_model *tsim_load(const tsim_open_args *a, std::string &key, std::string &err);

#endif
