#!/bin/sh
# What each speed option costs in accuracy on a trained model: tritium perplexity of the held-out text
# for every option, each compared with the base run (cpu backend, 2-bit weights, F16 head, f32 KV cache)
# by KL divergence and top-1 agreement; the same model in the other GGUF encodings tritium reads
# (tritium-convert: TQ2_0 / TQ1_0 ternary layers with binary16 scales, a Q8_0 / Q6_K embedding and
# head) too. The device rows run DEV_CHUNKS windows (the simulators are slow) against a base of the
# same windows. Prints one Markdown table.
# Usage: accuracy.sh BUILD MODEL TEXT WORKDIR [CTX] [DEV_CHUNKS]
set -eu
B=$1 M=$2 X=$3 W=$4 CTX=${5:-256} DEV=${6:-4}
T=$B/tritium
mkdir -p "$W"
rm -f "$W/base" "$W/base.dev"
for f in tq2_0:--ternary tq1_0:--ternary q8_0:--embd q6_k:--embd; do
    "$B/tritium-convert" "$M" "${f#*:}" "${f%%:*}" -o "$W/${f%%:*}.gguf" > /dev/null
done
field() { sed -n "s/.*\"$1\": \\([^,}]*\\).*/\\1/p"; }

# run LABEL MODEL BASE CHUNKS ARGS...: one row
run() {
    label=$1 model=$2 base=$3 chunks=$4
    shift 4
    if [ "$chunks" = all ]; then lim=""; else lim="--chunks $chunks"; fi
    # shellcheck disable=SC2086
    j=$("$T" perplexity -m "$model" -f "$X" -c "$CTX" $lim --quiet --json --kl-base "$base" "$@" | tail -n 1)
    p=$(echo "$j" | field perplexity) e=$(echo "$j" | field perplexity_err)
    n=$(echo "$j" | field tokens_scored) s=$(echo "$j" | field seconds)
    km=$(echo "$j" | field kld_mean) kx=$(echo "$j" | field kld_max) t1=$(echo "$j" | field top1_agreement)
    mm=$(echo "$j" | field mismatches) off=$(echo "$j" | field offloaded)
    printf '| %s | %s | %s ± %s | %s | %s | %s | %s | %s / %s | %s |\n' "$label" "$n" "$p" "$e" "${km:-base}" \
        "${kx:--}" "${t1:--}" "$*" "${off:-0}" "${mm:-0}" "$s"
}

echo "| option | tokens scored | perplexity | mean KL | max KL | top-1 | arguments | offloaded / mismatches | s |"
echo "|---|---|---|---|---|---|---|---|---|"
run "base: cpu, 2-bit weights" "$M" "$W/base" all --backend cpu --cpu-weights 2bit
run "cpu, base-3 weights" "$M" "$W/base" all --backend cpu --cpu-weights base3
run "int8 head" "$M" "$W/base" all --backend cpu --cpu-weights 2bit --head-int8
run "f16 KV cache" "$M" "$W/base" all --backend cpu --cpu-weights 2bit --kv f16
run "int8 head + f16 KV cache" "$M" "$W/base" all --backend cpu --cpu-weights 2bit --head-int8 --kv f16
run "TQ2_0 file (binary16 scales)" "$W/tq2_0.gguf" "$W/base" all --backend cpu --cpu-weights 2bit
run "TQ1_0 file (binary16 scales)" "$W/tq1_0.gguf" "$W/base" all --backend cpu --cpu-weights 2bit
run "Q8_0 embedding and head" "$W/q8_0.gguf" "$W/base" all --backend cpu --cpu-weights 2bit
run "Q6_K embedding and head" "$W/q6_k.gguf" "$W/base" all --backend cpu --cpu-weights 2bit
run "Q6_K head, int8 head copy, f16 KV cache" "$W/q6_k.gguf" "$W/base" all --backend cpu --cpu-weights 2bit --head-int8 --kv f16
run "base of the device rows: cpu, $DEV windows" "$M" "$W/base.dev" "$DEV" --backend cpu --cpu-weights 2bit
run "sim (cycle-accurate RTL), 2-bit stream" "$M" "$W/base.dev" "$DEV" --backend sim --weights 2bit --verify
run "sim (cycle-accurate RTL), base-3 stream" "$M" "$W/base.dev" "$DEV" --backend sim --weights base3 --verify
run "tlm (SystemC), base-3 stream" "$M" "$W/base.dev" "$DEV" --backend tlm --weights base3 --verify
