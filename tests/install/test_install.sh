#!/bin/sh
# make install into temporary prefixes: a program built with only `pkg-config --cflags --libs tritium`
# against the installed copy links and runs; DESTDIR stages under the prefix; the installed programs
# run. Usage: test_install.sh BUILD "CC" "extra CFLAGS/LDFLAGS (sanitizers)". Prints a Check-style
# summary line, as every runner of `make test` does.
set -u
build=$1 cc=$2 san=${3:-}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
checks=0 fail=0
ok() { checks=$((checks + 1)); echo "ok: $1"; }
no() { checks=$((checks + 1)); fail=$((fail + 1)); echo "FAIL: $1"; }

prefix=$tmp/prefix
if make --no-print-directory -s BUILD="$build" PREFIX="$prefix" install >"$tmp/install.log" 2>&1; then
    ok "make install PREFIX=$prefix"
else
    cat "$tmp/install.log"; no "make install PREFIX=$prefix"
fi

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
if flags=$(pkg-config --cflags --libs tritium 2>&1); then
    ok "pkg-config --cflags --libs tritium: $flags"
else
    no "pkg-config: $flags"
fi
# Only what pkg-config says: no -I. or build/ paths of this tree.
if (cd "$tmp" && $cc -std=c11 -Wall -Wextra -Werror $san -o app "$OLDPWD/tests/install/app.c" $flags) >"$tmp/cc.log" 2>&1; then
    ok "app.c builds against the installed headers and libraries"
else
    cat "$tmp/cc.log"; no "app.c does not build against the installed copy"
fi
if [ -x "$tmp/app" ] && "$tmp/app"; then ok "the app runs and its matmul is exact"; else no "the app failed"; fi
if "$prefix/bin/tritium" info --backend cpu >"$tmp/info.log" 2>&1 && grep -q 'opened cpu' "$tmp/info.log"; then
    ok "installed tritium info runs"
else
    cat "$tmp/info.log"; no "installed tritium info"
fi
if "$prefix/bin/tritium-mkmodel" --help >/dev/null 2>&1; then ok "installed tritium-mkmodel runs"; else no "tritium-mkmodel"; fi
if "$prefix/bin/tritium-convert" --help >/dev/null 2>&1; then ok "installed tritium-convert runs"; else no "tritium-convert"; fi
if ls "$prefix/include/tritium/runtime/model/" | grep -q '_internal.h'; then
    no "a private header was installed"
else
    ok "no private header installed"
fi

stage=$tmp/stage
if make --no-print-directory -s BUILD="$build" PREFIX=/usr/local DESTDIR="$stage" install >"$tmp/stage.log" 2>&1 &&
   [ -f "$stage/usr/local/lib/libtritium.a" ] && [ -f "$stage/usr/local/include/tritium/runtime/backend/rt_backend.h" ] &&
   grep -q '^prefix=/usr/local$' "$stage/usr/local/lib/pkgconfig/tritium.pc"; then
    ok "DESTDIR=$stage stages /usr/local, and tritium.pc names /usr/local"
else
    cat "$tmp/stage.log"; no "DESTDIR staging"
fi
echo "$(( (checks - fail) * 100 / checks ))%: Checks: $checks, Failures: $fail, Errors: 0"
[ "$fail" -eq 0 ]
