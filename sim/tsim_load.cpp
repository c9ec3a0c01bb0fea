/*
 * Configurations to models: resolve, validate (the description's rules), build once, load.
 *
 * TSIM_SRC_DIR, TSIM_BUILD_DIR, TSIM_MAKE_VARS and TSIM_STAMP are set by sim/sim.mk: the source tree
 * whose build system makes models, the build tree that caches them, the variables that make a model
 * match this program (sanitizers), and the digest of the sources a model is made from.
 */
#include "sim/tsim_load.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "tritium_regs.h"

extern char **environ;

namespace {

struct named {
    const char *name;
    tritium_params p;
};

#define TSIM_NAMED(name, doc, ...) {#name, {__VA_ARGS__}},
const named k_named[] = {TRITIUM_CONFIGS(TSIM_NAMED)};
#undef TSIM_NAMED
const unsigned k_nnamed = sizeof k_named / sizeof k_named[0];

bool same(const tritium_params &a, const tritium_params &b)
{
#define TSIM_EQ(f, NAME, lo, hi, doc) a.f == b.f &&
    return TRITIUM_PARAMS(TSIM_EQ) true;
#undef TSIM_EQ
}

std::string lower(std::string s)
{
    for (char &c : s) c = (char)std::tolower((unsigned char)c);
    return s;
}

/* "rows=32,cols=32,bus=512" (or space separated NAME=V, as hwgen prints) over the defaults. */
bool parse_list(const std::string &spec, tritium_params &p, std::string &err)
{
#define TSIM_DEF(f, NAME, lo, hi, doc) p.f = TRITIUM_PARAM_##NAME##_DEFAULT;
    TRITIUM_PARAMS(TSIM_DEF)
#undef TSIM_DEF
    std::string s = spec;
    for (char &c : s)
        if (c == ',' || c == ' ' || c == '\n') c = ',';
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        size_t eq = item.find('=');
        std::string k = lower(item.substr(0, eq)), v = eq == std::string::npos ? "" : item.substr(eq + 1);
        char *end = nullptr;
        unsigned long long n = v.empty() ? 0 : std::strtoull(v.c_str(), &end, 0);
        if (eq == std::string::npos || v.empty() || *end || n > 0xFFFFFFFFull) {
            err = "'" + item + "' is not NAME=VALUE with a whole number";
            return false;
        }
        bool known = false;
#define TSIM_SET(f, NAME, lo, hi, doc)                                                                           \
    if (k == #f || k == lower(#NAME)) p.f = (uint32_t)n, known = true;
        TRITIUM_PARAMS(TSIM_SET)
#undef TSIM_SET
#define TSIM_ALIAS(alias, f) \
    if (k == #alias) p.f = (uint32_t)n, known = true;
        TRITIUM_PARAM_ALIASES(TSIM_ALIAS)
#undef TSIM_ALIAS
        if (!known) {
            err = "unknown parameter '" + k + "' (parameters:";
#define TSIM_NAME(f, NAME, lo, hi, doc) err += " " #f;
            TRITIUM_PARAMS(TSIM_NAME)
#undef TSIM_NAME
#define TSIM_ANAME(alias, f) err += " " #alias;
            TRITIUM_PARAM_ALIASES(TSIM_ANAME)
#undef TSIM_ANAME
            err += ")";
            return false;
        }
    }
    return true;
}

/* Runs argv with stdout and stderr into log (MAKEFLAGS of a calling make are not inherited: that
 * jobserver is not ours). Returns the exit status, -1 if it could not start. */
int run(const std::vector<std::string> &args, const std::string &log)
{
    std::vector<char *> argv;
    for (const std::string &a : args) argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char *> envp;
    for (char **e = environ; *e; e++)
        if (std::strncmp(*e, "MAKEFLAGS=", 10) && std::strncmp(*e, "MFLAGS=", 7) && std::strncmp(*e, "MAKELEVEL=", 10))
            envp.push_back(*e);
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string read_file(const std::string &path, size_t tail = 0)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string s = ss.str();
    if (tail && s.size() > tail) s = "..." + s.substr(s.size() - tail);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

/* The parameters of a .toml configuration file, through the description's own reader. */
bool parse_file(const std::string &path, tritium_params &p, std::string &err)
{
    mkdir(TSIM_BUILD_DIR, 0755);
    mkdir(TSIM_BUILD_DIR "/sim", 0755);
    std::string out = std::string(TSIM_BUILD_DIR) + "/sim/.params." + std::to_string(getpid());
    int rc = run({"python3", std::string(TSIM_SRC_DIR) + "/hw/hwgen.py", "check", "--file", path}, out);
    std::string text = read_file(out);
    unlink(out.c_str());
    if (rc != 0) {
        err = path + ": " + (text.empty() ? std::string("python3 hw/hwgen.py could not read it") : text);
        return false;
    }
    return parse_list(text.substr(0, text.find('\n')), p, err);
}

std::string describe(const tritium_params &p)
{
    std::string s;
#define TSIM_DESC(f, NAME, lo, hi, doc) s += (s.empty() ? "" : ",") + std::string(#f "=") + std::to_string(p.f);
    TRITIUM_PARAMS(TSIM_DESC)
#undef TSIM_DESC
    return s;
}

/* A named configuration's name, or hw_ and the parameters that differ from their defaults by their
 * tags (hw_r32_c32_w512) for any other set. The defaults are part of the stamp, so a key never
 * outlives the meaning it had when its model was built. */
std::string key_of(const tritium_params &p)
{
    for (unsigned i = 0; i < k_nnamed; i++)
        if (same(p, k_named[i].p)) return k_named[i].name;
    std::string k = "hw";
#define TSIM_KEY(f, tag)                                                                                         \
    if (p.f != dflt.f) k += "_" #tag + std::to_string(p.f);
    tritium_params dflt;
#define TSIM_DEF(f, NAME, lo, hi, doc) dflt.f = TRITIUM_PARAM_##NAME##_DEFAULT;
    TRITIUM_PARAMS(TSIM_DEF)
#undef TSIM_DEF
    TRITIUM_PARAM_TAGS(TSIM_KEY)
#undef TSIM_KEY
    return k == "hw" ? "hw_default" : k;
}

std::string gflags(const tritium_params &p)
{
    std::string g;
#define TSIM_G(f, NAME, lo, hi, doc) g += (g.empty() ? "" : " ") + std::string("-G" #NAME "=") + std::to_string(p.f);
    TRITIUM_PARAMS(TSIM_G)
#undef TSIM_G
    return g;
}

bool is_named(const std::string &key)
{
    for (unsigned i = 0; i < k_nnamed; i++)
        if (key == k_named[i].name) return true;
    return false;
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
    bool ok = read_file(dir + "/stamp") == TSIM_STAMP;
    if (!ok) {
        tell(a, "building the Verilator model of configuration " + key + " (" + describe(p) +
                    "): once, then cached in " + dir);
        auto t0 = std::chrono::steady_clock::now();
        std::vector<std::string> args = {"make", "-s", "--no-print-directory", "-C", TSIM_SRC_DIR,
                                         "BUILD=" TSIM_BUILD_DIR};
        std::stringstream vars(TSIM_MAKE_VARS);
        for (std::string v; vars >> v;) args.push_back(v);
        if (!is_named(key)) {
            args.push_back("SIM_KEY=" + key);
            args.push_back("SIM_KEY_ROOT=" + root.substr(root.rfind('/') + 1));
            args.push_back("SIM_KEY_GFLAGS=" + gflags(p));
        }
        args.push_back(dir + "/libtsim_model.so");
        int rc = run(args, log);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ok = rc == 0 && read_file(dir + "/stamp") == TSIM_STAMP;
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
                  " failed (log " + log + "): " + read_file(log, 600);
        }
    }
    flock(lk, LOCK_UN);
    close(lk);
    return ok;
}

} // namespace

unsigned tsim_load_count() { return k_nnamed; }
const char *tsim_load_name(unsigned i) { return i < k_nnamed ? k_named[i].name : nullptr; }

tsim_model *tsim_load(const tsim_open_args *a, std::string &key, std::string &err)
{
    tritium_params p = k_named[0].p;
    const std::string spec = a->config ? a->config : "";
    bool found = spec.empty();
    for (unsigned i = 0; !found && i < k_nnamed; i++)
        if (spec == k_named[i].name) p = k_named[i].p, found = true;
    if (!found) {
        std::string why;
        const bool toml = spec.size() > 5 && spec.compare(spec.size() - 5, 5, ".toml") == 0;
        if (toml ? !parse_file(spec, p, why) : spec.find('=') != std::string::npos ? !parse_list(spec, p, why) : true) {
            if (why.empty()) {
                why = "unknown simulator configuration '" + spec + "' (named:";
                for (unsigned i = 0; i < k_nnamed; i++) why += std::string(i ? ", " : " ") + k_named[i].name;
                why += "; or parameters such as rows=32,cols=32,bus=512, or a .toml file)";
                err = why;
            } else {
                err = "configuration '" + spec + "': " + why;
            }
            return nullptr;
        }
    }
    char why[512];
    const char *rule = tritium_params_check(&p, why, sizeof why);
    if (rule) {
        err = "configuration '" + spec + "' is not legal: " + why;
        return nullptr;
    }
    key = key_of(p);
    const std::string dir =
        std::string(TSIM_BUILD_DIR) + (a->trace_fst ? "/sim-debug/" : a->checked ? "/sim-assert/" : "/sim/") + key;
    if (read_file(dir + "/stamp") != TSIM_STAMP) {
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
