#!/bin/sh
# Runs every test runner given, even after a failure, and sums the Check summary lines
# ("NN%: Checks: C, Failures: F, Errors: E") into one closing line. Exits non-zero if any runner
# failed or printed no summary.
set -u
checks=0; bad=0; runners_failed=0
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$@"; do
    echo "== $t"
    "$t" 2>&1 | tee "$log"
    rc=$?
    # POSIX sh has no PIPESTATUS: re-derive the runner's status from its summary line.
    line=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "!! $t printed no Check summary"; runners_failed=$((runners_failed + 1)); continue
    fi
    c=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    checks=$((checks + c)); bad=$((bad + f + e))
    [ $((f + e)) -eq 0 ] || runners_failed=$((runners_failed + 1))
    [ "$rc" -eq 0 ] || true
done
echo "tests: $((checks - bad)) passed, $bad failed"
[ "$bad" -eq 0 ] && [ "$runners_failed" -eq 0 ]
