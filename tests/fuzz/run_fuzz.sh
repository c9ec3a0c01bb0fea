#!/bin/sh
# Runs each libFuzzer harness for a time on its corpus (the build's seeds plus what earlier runs kept)
# (the targets' own stdout and stderr closed: the CLI's messages would drown the log) and prints what it did: executions, coverage, corpus size; a crash, leak, sanitizer report or
# timeout fails it, with the input kept in BUILD/crash/NAME/. Usage: run_fuzz.sh BUILD SECONDS NAME...
# Prints a Check-style summary line, as every runner of make test does.
set -u
build=$1 secs=$2
shift 2
checks=0 fail=0
for n in "$@"; do
    checks=$((checks + 1))
    bin=$build/fuzz/fuzz_$n corpus=$build/corpus/$n crash=$build/crash/$n
    mkdir -p "$corpus" "$crash"
    case $n in gguf) maxlen=400000 ;; *) maxlen=8192 ;; esac
    log=$build/fuzz/$n.log
    "$bin" -max_total_time="$secs" -max_len=$maxlen -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 -close_fd_mask=3 \
        -artifact_prefix="$crash/" "$corpus" "$build/fuzz/seeds/$n" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*ft: \([0-9]*\).*corp: \([0-9]*\).*/\1 edges, \2 features, corpus \3/p')
    if [ "$rc" -eq 0 ]; then
        echo "fuzz $n: ${secs} s, ${execs:-?} executions, ${cov:-no stats}"
    else
        fail=$((fail + 1))
        grep -E 'ERROR|SUMMARY|==[0-9]+==|Test unit written|runtime error' "$log" | head -n 20
        echo "FAIL: fuzz $n (exit $rc, log $log, inputs in $crash/)"
    fi
done
echo "$(( (checks - fail) * 100 / checks ))%: Checks: $checks, Failures: $fail, Errors: 0"
[ "$fail" -eq 0 ]
