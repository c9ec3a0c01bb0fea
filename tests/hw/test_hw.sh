#!/bin/sh
# The hardware description's promises: the generated tables in the docs are current; every rule's
# breaking example is refused at elaboration by Verilator and by yosys with a message naming the rule;
# hwgen's own check refuses it and accepts every named configuration. Usage: test_hw.sh BUILD.
# Prints a Check-style summary line, as every runner of `make test` does.
set -u
build=$1
gen=$build/gen
srcs="$gen/tritium_reg_pkg.sv rtl/tritium_pe.sv rtl/tritium_delay.sv rtl/tritium_array.sv rtl/tritium_csr.sv rtl/tritium_core.sv rtl/tritium_top.sv"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
checks=0 fail=0
ok() { checks=$((checks + 1)); }
no() { checks=$((checks + 1)); fail=$((fail + 1)); echo "FAIL: $1"; }

if python3 hw/hwgen.py docs docs/hardware.md --check; then ok; else no "docs/hardware.md tables are stale (make hwdocs)"; fi

python3 hw/hwgen.py examples > "$tmp/examples" || no "hwgen examples"
while IFS='|' read -r rule gflags yset; do
    # shellcheck disable=SC2086
    if verilator --lint-only -Wall -I"$gen" -Werror-USERERROR rtl/lint/tritium.vlt $srcs --top-module tritium_top \
         $gflags >"$tmp/v.log" 2>&1; then
        no "verilator elaborated the example of rule $rule ($gflags)"
    elif grep -q "rule $rule broken" "$tmp/v.log"; then ok
    else cat "$tmp/v.log"; no "verilator refused $rule's example without naming the rule"; fi
    if yosys -q -p "read_verilog -defer -sv -I$gen $srcs; chparam $yset tritium_top; hierarchy -top tritium_top" \
         >"$tmp/y.log" 2>&1; then
        no "yosys elaborated the example of rule $rule"
    elif grep -q "rule $rule broken" "$tmp/y.log"; then ok
    else cat "$tmp/y.log"; no "yosys refused $rule's example without naming the rule"; fi
    set -- $(echo "$gflags" | sed 's/-G//g')
    if python3 hw/hwgen.py check "$(echo "$*" | tr ' ' ',')" 2>"$tmp/c.log" >/dev/null; then
        no "hwgen check accepted $rule's example"
    elif grep -q "rule $rule broken" "$tmp/c.log"; then ok
    else cat "$tmp/c.log"; no "hwgen check refused $rule's example without naming it"; fi
done < "$tmp/examples"
echo "hw: $(wc -l < "$tmp/examples") rules, each refused by Verilator, yosys and hwgen"

# The fitted FPGA resource model (hw/area.toml): the C macros hwgen generates from it (the sweep's area
# column) and the Python model agree on every named configuration, and docs/fpga.md shows its table.
if [ -f hw/area.toml ]; then
    {
        echo '#include <stdio.h>'
        echo '#include "tritium_regs.h"'
        echo '#include "tritium_area.h"'
        echo 'struct hw { unsigned rows, cols, data_w, addr_w, act_bytes, wgt_bytes, acc_words, rd_bursts, wr_bursts, wformats; };'
        echo 'int main(void) {'
        printf '%s\n' '#define X(name, doc, ...) { struct hw h = {__VA_ARGS__}; \'
        sed -n 's/^target = "\(.*\)"$/\1/p' hw/area.toml > "$tmp/t"
        sed -n 's/^resource = "\(.*\)"$/\1/p' hw/area.toml > "$tmp/r"
        paste -d' ' "$tmp/t" "$tmp/r" | while read -r t r; do
            T=$(echo "$t" | tr a-z A-Z) R=$(echo "$r" | tr a-z A-Z)
            # printf, not echo: dash's echo would turn the backslashes into control characters
            printf '%s\n' "printf(\"%s $t $r %.0f\\n\", #name, TRITIUM_AREA_${T}_${R}(P)); \\"
        done
        echo '}'
        echo '#define P(f) ((unsigned long long)h.f)'
        echo 'TRITIUM_CONFIGS(X)'
        echo 'return 0; }'
    } > "$tmp/area.c"
    python3 fpga/area_fit.py predict hw/area.toml > "$tmp/area_py"
    if cc -std=c11 -Wall -Werror -I"$gen" -o "$tmp/area" "$tmp/area.c" && "$tmp/area" > "$tmp/area_c" &&
       cmp -s "$tmp/area_c" "$tmp/area_py" && [ -s "$tmp/area_c" ]; then ok
    else diff "$tmp/area_c" "$tmp/area_py"; no "the C and Python resource models disagree"; fi
    if python3 fpga/area_fit.py check-docs hw/area.toml docs/fpga.md; then ok; else no "docs/fpga.md model table stale"; fi
    echo "hw: the resource model of hw/area.toml, $(wc -l < "$tmp/area_py") predictions, C and Python equal"
fi
echo "$(( (checks - fail) * 100 / checks ))%: Checks: $checks, Failures: $fail, Errors: 0"
[ "$fail" -eq 0 ]
