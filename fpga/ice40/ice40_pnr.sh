#!/bin/sh
# usage: ice40_pnr.sh NETLIST OUT [pnr]
# nextpnr-ice40 on a yosys iCE40 netlist (synth_ice40's JSON) for the largest iCE40 part, the hx8k in
# its ct256 package. Writes OUT, one JSON object: the logic cells, I/O and RAM4K after packing,
# "logic_fits" (cells and RAM4K fit; a bare tritium_top has too many ports for any package, the
# timing top does not) and "fits" (all three fit), with "why" when they do not. With "pnr", a design
# that fits is placed and routed with $FPGA_PNR_FREQ MHz (48 if unset) as the target and OUT adds
# "fmax_mhz", the slowest clock's Fmax from nextpnr's report; a design slower than the target is
# still placed, routed and reported. Beside OUT (OUT without .json = STEM): STEM.pack.log, and with
# "pnr" STEM.pnr.log, STEM.report.json (nextpnr's report), STEM.asc and the bitstream STEM.bin (icepack).
set -eu
net=$1
out=$2
mode=${3:-pack}
freq=${FPGA_PNR_FREQ:-48}
max_lc=7680
max_io=256
max_ram=32
stem=${out%.json}

nextpnr-ice40 --hx8k --package ct256 --json "$net" --pack-only -l "$stem.pack.log" -q >/dev/null 2>&1 || true
count() { sed -n "s/.*$1: *\([0-9]*\)\/.*/\1/p" "$stem.pack.log" | head -1; }
lc=$(count ICESTORM_LC)
io=$(count SB_IO)
ram=$(count ICESTORM_RAM)
if [ -z "$lc" ]; then
  echo "ice40_pnr: nextpnr-ice40 did not pack $net (see $stem.pack.log)" >&2
  exit 1
fi
io=${io:-0}
ram=${ram:-0}
counts="\"lc\": $lc, \"io\": $io, \"ram4k\": $ram"
logic=false
if [ "$lc" -le $max_lc ] && [ "$ram" -le $max_ram ]; then logic=true; fi
if [ $logic = false ] || [ "$io" -gt $max_io ]; then
  printf '{"fits": false, "logic_fits": %s, %s, "why": "needs %s of %s logic cells, %s of %s I/O, %s of %s RAM4K"}\n' \
    $logic "$counts" "$lc" $max_lc "$io" $max_io "$ram" $max_ram > "$out.tmp"
  mv "$out.tmp" "$out"
  exit 0
fi
if [ "$mode" != pnr ]; then
  printf '{"fits": true, "logic_fits": true, %s}\n' "$counts" > "$out.tmp"
  mv "$out.tmp" "$out"
  exit 0
fi
if nextpnr-ice40 --hx8k --package ct256 --json "$net" --freq "$freq" --timing-allow-fail --asc "$stem.asc" \
     --report "$stem.report.json" -l "$stem.pnr.log" -q >/dev/null 2>&1; then
  icepack "$stem.asc" "$stem.bin"
  fmax=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print("%.2f" % min(v["achieved"] for v in r["fmax"].values()))' \
    "$stem.report.json")
  printf '{"fits": true, "logic_fits": true, %s, "fmax_mhz": %s, "target_mhz": %s}\n' "$counts" "$fmax" "$freq" > "$out.tmp"
else
  why=$(grep -m1 -iE 'error|unable' "$stem.pnr.log" | tr -d '"\\' | cut -c1-200)
  printf '{"fits": false, "logic_fits": true, %s, "why": "place and route failed: %s"}\n' "$counts" "$why" > "$out.tmp"
fi
mv "$out.tmp" "$out"
