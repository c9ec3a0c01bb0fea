#!/bin/sh
# tritium perplexity on the tiny random model and a text made here: the cpu, sim and tlm backends give
# the same perplexity to the last digit, a run compared with its own base diverges by exactly 0, sim
# against the cpu base too, and bad input is refused with a message. Usage: test_ppl_cli.sh BUILD_DIR
set -u
B=$1
T=$B/tritium
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
checks=0; fail=0
ok() { checks=$((checks + 1)); }
no() { checks=$((checks + 1)); fail=$((fail + 1)); echo "FAIL: $*"; }
"$B/tritium-mkmodel" --preset tiny --vocab bytes -o "$tmp/m.gguf" >/dev/null || { no "mkmodel"; }
i=0; while [ $i -lt 40 ]; do
    echo "The ternary accelerator adds and subtracts; line $i of a text that is long enough to score." >> "$tmp/t.txt"
    i=$((i + 1))
done
ppl() { "$T" perplexity -m "$tmp/m.gguf" -f "$tmp/t.txt" -c 64 --chunks 3 -t 1 --quiet "$@"; }
field() { sed -n "s/.*\"$1\": \\([^,}]*\\).*/\\1/p"; }

cpu=$(ppl --backend cpu --json --kl-base "$tmp/base") || no "cpu run"
case "$cpu" in *"perplexity: "*) ok ;; *) no "cpu: no perplexity line: $cpu" ;; esac
p_cpu=$(echo "$cpu" | tail -n 1 | field perplexity)
n=$(echo "$cpu" | tail -n 1 | field tokens_scored)
[ "$n" = "93" ] && ok || no "3 windows of 64 score 3 x 31 = 93 tokens, not '$n'"
[ -s "$tmp/base" ] && ok || no "--kl-base did not write the base"
for be in sim tlm; do
    out=$(ppl --backend $be --verify --json --kl-base "$tmp/base") || no "$be run"
    j=$(echo "$out" | tail -n 1)
    [ "$(echo "$j" | field perplexity)" = "$p_cpu" ] && ok || no "$be perplexity $(echo "$j" | field perplexity), cpu $p_cpu"
    [ "$(echo "$j" | field kld_max)" = "0" ] && ok || no "$be diverges from the cpu base: $(echo "$j" | field kld_max)"
    [ "$(echo "$j" | field top1_agreement)" = "1" ] && ok || no "$be top-1 agreement $(echo "$j" | field top1_agreement)"
    [ "$(echo "$j" | field mismatches)" = "0" ] && ok || no "$be verify mismatches"
done
out=$(ppl --backend cpu --head-int8 --kl-base "$tmp/base") || no "head-int8 run"
case "$out" in *"KL divergence from the base: mean "*) ok ;; *) no "head-int8: no KL line: $out" ;; esac
# refusals
err=$(ppl --backend cpu -c 64 --chunks 2 --kl-base "$tmp/base" 2>&1) && no "a base of 3 windows accepted for 2" || \
    case "$err" in *"was made with"*) ok ;; *) no "dims message: $err" ;; esac
err=$("$T" perplexity -m "$tmp/m.gguf" -f "$tmp/none.txt" 2>&1) && no "a missing text accepted" || \
    case "$err" in *"cannot open"*) ok ;; *) no "missing text message: $err" ;; esac
echo "short" > "$tmp/short.txt"
err=$("$T" perplexity -m "$tmp/m.gguf" -f "$tmp/short.txt" -c 64 --quiet 2>&1) && no "a text shorter than a window accepted" || \
    case "$err" in *"fewer than one window"*) ok ;; *) no "short text message: $err" ;; esac
err=$("$T" perplexity -m "$tmp/m.gguf" -f "$tmp/t.txt" -c 100000 --quiet 2>&1) && no "a window past the context accepted" || \
    case "$err" in *"exceeds the model's context"*) ok ;; *) no "context message: $err" ;; esac
echo "ppl cli: cpu perplexity $p_cpu over $n tokens; sim and tlm equal, KL 0 from the cpu base"
echo "$(( (checks - fail) * 100 / checks ))%: Checks: $checks, Failures: $fail, Errors: 0"
[ "$fail" -eq 0 ]
