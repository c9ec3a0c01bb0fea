/*
 * Configurations to models: resolved and checked by tsim_cfg.h, built once, loaded.
 *
 * TSIM_SRC_DIR, TSIM_BUILD_DIR, TSIM_MAKE_VARS and TSIM_STAMP are set by sim/sim.mk: the source tree
 * whose build system makes models, the build tree that caches them, the variables that make a model
 * match this program (sanitizers), and the digest of the sources a model is made from.
 */
#include "sim/tsim_load.h"
#include "sim/tsim_cfg.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "tritium_regs.h"


namespace {

std::string gflags(const tritium_params &p)
{
    std::string g;
#define TSIM_G(f, NAME, lo, hi, doc) g += (g.empty() ? "" : " ") + std::string("-G" #NAME "=") + std::to_string(p.f);
    TRITIUM_PARAMS(TSIM_G)
#undef TSIM_G
    return g;
}

void tell(const tsim_open_args *a, const std::string &msg)
{
    if (a->progress) a->progress(a->progress_ctx, msg.c_str());
}

/* Builds dir/libtsim_model.so through the build system, unless another process just did. */
bool build(const tsim_open_args *a, const std::string &key, const tritium_params &p, const std::string &dir,
           std::string &err)
{
    const std::string root = dir.substr(0, dir.rfind('/'));
    mkdir(TSIM_BUILD_DIR, 0755);
    mkdir(root.c_str(), 0755);
    const std::string lockp = root + "/" + key + ".lock", log = root + "/" + key + ".log";
    int lk = open(lockp.c_str(), O_RDWR | O_CREAT, 0644);
    if (lk < 0 || flock(lk, LOCK_EX) != 0) {
        err = "cannot lock " + lockp + ": " + std::strerror(errno);
        if (lk >= 0) close(lk);
        return false;
    }
    bool ok = tsim_read_file(dir + "/stamp") == TSIM_STAMP;
    if (!ok) {
        tell(a, "building the Verilator model of configuration " + key + " (" + tsim_cfg_describe(p) +
                    "): once, then cached in " + dir);
        auto t0 = std::chrono::steady_clock::now();
        std::vector<std::string> args = {"make", "-s", "--no-print-directory", "-C", TSIM_SRC_DIR,
                                         "BUILD=" TSIM_BUILD_DIR};
        std::stringstream vars(TSIM_MAKE_VARS);
        for (std::string v; vars >> v;) args.push_back(v);
        if (!tsim_cfg_is_named(key)) {
            args.push_back("SIM_KEY=" + key);
            args.push_back("SIM_KEY_ROOT=" + root.substr(root.rfind('/') + 1));
            args.push_back("SIM_KEY_GFLAGS=" + gflags(p));
        }
        args.push_back(dir + "/libtsim_model.so");
        int rc = tsim_run(args, log);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ok = rc == 0 && tsim_read_file(dir + "/stamp") == TSIM_STAMP;
        if (ok) {
            char msg[160];
            std::snprintf(msg, sizeof msg, "built the model of %s in %.1f s", key.c_str(), s);
            tell(a, msg);
        } else if (rc == 0) {
            /* The build system has the model up to date, but from other sources than this program:
             * the program is the stale one. */
            err = "the model of " + key + " in " + dir + " is current for the sources, but this program was built "
                  "from other sources: rebuild the program";
        } else {
            err = "building the model of " + key + (rc < 0 ? std::string(" could not run make") : "") +
                  " failed (log " + log + "): " + tsim_read_file(log, 600);
        }
    }
    flock(lk, LOCK_UN);
    close(lk);
    return ok;
}

} // namespace

tsim_model *tsim_load(const tsim_open_args *a, std::string &key, std::string &err)
{
    tritium_params p;
    char k[128], why[768];
    if (tsim_cfg_resolve(a->config, &p, k, sizeof k, why, sizeof why)) {
        err = why;
        return nullptr;
    }
    key = k;
    const std::string dir =
        std::string(TSIM_BUILD_DIR) + (a->trace_fst ? "/sim-debug/" : a->checked ? "/sim-assert/" : "/sim/") + key;
    if (tsim_read_file(dir + "/stamp") != TSIM_STAMP) {
        if (a->trace_fst) {
            err = "configuration " + key + " has no traced model built from these sources (use make sim-debug CONFIG=" +
                  key + ")";
            return nullptr;
        }
        if (!build(a, key, p, dir, err)) return nullptr;
    }
    const std::string so = dir + "/libtsim_model.so";
    void *h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!h) {
        err = "loading " + so + ": " + dlerror();
        return nullptr;
    }
    auto make = (tsim_model_new_fn)dlsym(h, "tsim_model_new");
    auto stamp = (tsim_model_stamp_fn)dlsym(h, "tsim_model_stamp");
    if (!make || !stamp || std::strcmp(stamp(), TSIM_STAMP) != 0) {
        err = so + " is not a model of these sources (rebuild it: make " + so + ")";
        return nullptr;
    }
    return make();
}
