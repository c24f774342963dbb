#!/usr/bin/env bash
# Times `dnscert-traffic analyze` (full statistics and every catalogued detector; the same code and output as
# `dnscert traffic analyze`) against `tshark -T fields -e dns.qry.name -e dns.flags.rcode` on the same synthetic pcap,
# and reports peak RSS.
# Usage: bench/traffic-vs-tshark.sh [PACKETS] [WORKDIR]   (defaults: 1000000, a temporary directory)
# dnscert-traffic is published first as the README installs it: a native (ahead-of-time compiled) executable
# (src/Dnscert.TrafficTool, bench/.out/dnscert-traffic, with its own obj/ and bin/ folders so it never shares them with
# another publish of the same projects), so it runs what a user runs; it needs clang and zlib1g-dev. Publishing takes a
# minute or two.
# DNSCERT=path/to/dnscert measures `dnscert traffic analyze` of another build instead (for example the composite
# ReadyToRun install, bench/.out/dnscert-serve/dnscert, the plain Release build, or an older commit's);
# DNSCERT_TRAFFIC=path/to/dnscert-traffic measures another dnscert-traffic without publishing.
set -euo pipefail

packets=${1:-1000000}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${DNSCERT:-}" ]; then
  run=("$DNSCERT" traffic)
else
  if [ -z "${DNSCERT_TRAFFIC:-}" ]; then
    command -v clang >/dev/null || { echo "publishing dnscert-traffic (native AOT) needs clang and zlib1g-dev: apt-get install clang zlib1g-dev" >&2; exit 2; }
    # As the README installs it: for x86-64-v3 (AVX2, BMI2, MOVBE: x86 CPUs since 2013-2015) when this CPU has it,
    # otherwise for any x86-64 CPU (the name hash's 128-bit product then runs in software: about 6 % more CPU).
    isa=()
    if grep -qw avx2 /proc/cpuinfo && grep -qw bmi2 /proc/cpuinfo && grep -qw movbe /proc/cpuinfo; then isa=(-p:IlcInstructionSet=x86-64-v3); fi
    echo "publishing dnscert-traffic (native AOT${isa:+, x86-64-v3})"
    (cd "$repo" && dotnet publish src/Dnscert.TrafficTool -c Release -r linux-x64 "${isa[@]}" \
      -p:IntermediateOutputPath=obj/aot/ -p:OutputPath=bin/aot/ -o bench/.out/dnscert-traffic -nologo -v quiet >/dev/null)
  fi
  run=("${DNSCERT_TRAFFIC:-$repo/bench/.out/dnscert-traffic/dnscert-traffic}")
fi
[ -x "${run[0]}" ] || { echo "no executable at ${run[0]}" >&2; exit 2; }
echo "measured: ${run[*]} analyze; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
command -v tshark >/dev/null || { echo "tshark is not installed (apt-get install tshark)" >&2; exit 2; }

capture="$work/bench-$packets.pcap"
[ -f "$capture" ] || "${run[@]}" synthesize "$capture" --packets "$packets"
echo "capture: $capture ($(stat -c %s "$capture") bytes, $packets packets)"

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" >"$work/$label.out" 2>"$work/$label.time"
  local seconds cpu rss
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/$label.time")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$work/$label.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$label.time")
  echo "$label $seconds $cpu $rss"
}

# One untimed run so the file is in the page cache for both tools. CPU time (user + system, all threads) is
# the main measure: on a shared machine wall time mostly measures the neighbours. Both include start-up.
"${run[@]}" analyze --json "$capture" >/dev/null 2>&1
read -r _ dnscert_s dnscert_cpu dnscert_rss < <(measure dnscert "${run[@]}" analyze --json "$capture")
read -r _ tshark_s tshark_cpu tshark_rss < <(measure tshark tshark -n -r "$capture" -T fields -e dns.qry.name -e dns.flags.rcode)

messages=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['messages'])" "$work/dnscert.out")
tshark_rows=$(wc -l <"$work/tshark.out")
python3 - "$packets" "$dnscert_s" "$dnscert_cpu" "$dnscert_rss" "$tshark_s" "$tshark_cpu" "$tshark_rss" "$messages" "$tshark_rows" <<'PY'
import sys
packets = int(sys.argv[1]); ds, dc, drss = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
ts, tc, trss = float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]); messages, rows = int(sys.argv[8]), int(sys.argv[9])
print(f"dnscert: {dc:.2f} s CPU ({ds:.2f} s wall), {packets/dc/1e6:.2f} M packets/s per CPU second, peak RSS {drss/1024:.0f} MiB, {messages} DNS messages")
print(f"tshark:  {tc:.2f} s CPU ({ts:.2f} s wall), {packets/tc/1e6:.3f} M packets/s per CPU second, peak RSS {trss/1024:.0f} MiB, {rows} rows")
print(f"ratio:   dnscert is {tc/dc:.1f}x faster than tshark in CPU time ({ts/ds:.1f}x in wall time)")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
