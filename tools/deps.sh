#!/bin/sh
# Makes sure the Debian packages tritium needs are present.
#   deps.sh install  install them all (root) or print the command (not root)
#   deps.sh ensure   do nothing if everything is there, else as `install`
set -eu
PKGS="build-essential clang pkg-config verilator libsystemc-dev check libsubunit-dev libpcre2-dev yosys nextpnr-ice40 fpga-icestorm iverilog gnuplot-nox"

missing() {
    m=""
    command -v cc >/dev/null 2>&1 || m="$m build-essential"
    command -v clang >/dev/null 2>&1 || m="$m clang"
    command -v pkg-config >/dev/null 2>&1 || m="$m pkg-config"
    command -v verilator >/dev/null 2>&1 || m="$m verilator"
    command -v yosys >/dev/null 2>&1 || m="$m yosys"
    if command -v pkg-config >/dev/null 2>&1; then
        pkg-config --exists check || m="$m check libsubunit-dev"
        pkg-config --exists libpcre2-8 || m="$m libpcre2-dev"
        pkg-config --exists systemc || m="$m libsystemc-dev"
    fi
    echo "$m"
}

install_all() {
    if [ "$(id -u)" = 0 ]; then
        echo "deps: installing: $PKGS"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        # shellcheck disable=SC2086
        apt-get install -y -q $PKGS
    else
        echo "deps: not root; run this, then try again:"
        echo "  sudo apt-get update && sudo apt-get install -y $PKGS"
        exit 1
    fi
}

case "${1:-ensure}" in
    install) install_all ;;
    ensure)
        m=$(missing)
        if [ -n "$m" ]; then echo "deps: missing:$m"; install_all; fi ;;
    *) echo "usage: deps.sh install|ensure" >&2; exit 2 ;;
esac
