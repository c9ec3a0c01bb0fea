/*
 * Configurations to parameter sets (tsim_cfg.h): the named ones, parameter lists, TOML files through
 * the description's own reader (python3 hw/hwgen.py check), the rules, the keys.
 *
 * TSIM_SRC_DIR and TSIM_BUILD_DIR are set by sim/sim.mk: where hw/hwgen.py is, and where a scratch
 * file may go.
 */
#include "sim/tsim_cfg.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

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

/* The parameters of a .toml configuration file, through the description's own reader. */
bool parse_file(const std::string &path, tritium_params &p, std::string &err)
{
    mkdir(TSIM_BUILD_DIR, 0755);
    mkdir(TSIM_BUILD_DIR "/sim", 0755);
    std::string out = std::string(TSIM_BUILD_DIR) + "/sim/.params." + std::to_string(getpid());
    int rc = tsim_run({"python3", std::string(TSIM_SRC_DIR) + "/hw/hwgen.py", "check", "--file", path}, out);
    std::string text = tsim_read_file(out);
    unlink(out.c_str());
    if (rc != 0) {
        err = path + ": " + (text.empty() ? std::string("python3 hw/hwgen.py could not read it") : text);
        return false;
    }
    return parse_list(text.substr(0, text.find('\n')), p, err);
}

} // namespace

/* Runs argv with stdout and stderr into log (MAKEFLAGS of a calling make are not inherited: that
 * jobserver is not ours). Returns the exit status, -1 if it could not start. */
int tsim_run(const std::vector<std::string> &args, const std::string &log)
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

std::string tsim_read_file(const std::string &path, size_t tail)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string s = ss.str();
    if (tail && s.size() > tail) s = "..." + s.substr(s.size() - tail);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

std::string tsim_cfg_describe(const tritium_params &p)
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
std::string tsim_cfg_key(const tritium_params &p)
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


bool tsim_cfg_is_named(const std::string &key)
{
    for (unsigned i = 0; i < k_nnamed; i++)
        if (key == k_named[i].name) return true;
    return false;
}

extern "C" {

unsigned tsim_cfg_count(void) { return k_nnamed; }
const char *tsim_cfg_name(unsigned i) { return i < k_nnamed ? k_named[i].name : nullptr; }

int tsim_cfg_resolve(const char *spec_c, tritium_params *out, char *key, size_t keylen, char *err, size_t errlen)
{
    tritium_params p = k_named[0].p;
    const std::string spec = spec_c ? spec_c : "";
    std::string e;
    bool found = spec.empty();
    for (unsigned i = 0; !found && i < k_nnamed; i++)
        if (spec == k_named[i].name) p = k_named[i].p, found = true;
    if (!found) {
        std::string why;
        const bool toml = spec.size() > 5 && spec.compare(spec.size() - 5, 5, ".toml") == 0;
        if (toml ? !parse_file(spec, p, why) : spec.find('=') != std::string::npos ? !parse_list(spec, p, why) : true) {
            if (why.empty()) {
                e = "unknown hardware configuration '" + spec + "' (named:";
                for (unsigned i = 0; i < k_nnamed; i++) e += std::string(i ? ", " : " ") + k_named[i].name;
                e += "; or parameters such as rows=32,cols=32,bus=512, or a .toml file)";
            } else {
                e = "configuration '" + spec + "': " + why;
            }
        }
    }
    if (e.empty()) {
        char why[512];
        if (tritium_params_check(&p, why, sizeof why)) e = "configuration '" + spec + "' is not legal: " + why;
    }
    if (!e.empty()) {
        if (err && errlen) std::snprintf(err, errlen, "%s", e.c_str());
        return -1;
    }
    *out = p;
    if (key && keylen) std::snprintf(key, keylen, "%s", tsim_cfg_key(p).c_str());
    return 0;
}

} // extern "C"
