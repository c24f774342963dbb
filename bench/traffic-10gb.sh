#!/usr/bin/env bash
# Memory bound of `dnscert traffic analyze` (full statistics, every detector) on a ~10 GB synthetic pcap: prints the
# time, packets per second (wall and per CPU second) and the peak resident set size from /usr/bin/time -v.
# Usage: bench/traffic-10gb.sh [WORKDIR] [GIGABYTES]   (defaults: a temporary directory under /tmp, 10)
# The capture is written to WORKDIR and deleted at the end unless KEEP=1. Build first: dotnet build src/Dnscert.Cli -c Release
set -euo pipefail

work=${1:-$(mktemp -d /tmp/dnscert-10gb.XXXXXX)}
gigabytes=${2:-10}
mkdir -p "$work"
repo=$(cd "$(dirname "$0")/.." && pwd)
dnscert="$repo/src/Dnscert.Cli/bin/Release/net10.0/dnscert"
[ -x "$dnscert" ] || { echo "build first: dotnet build src/Dnscert.Cli -c Release" >&2; exit 2; }

# The synthetic mix averages 110 bytes per packet on disk (16-byte record header, Ethernet, IPv4, UDP, DNS with EDNS).
packets=$(( gigabytes * 1000 * 1000 * 1000 / 110 ))
capture="$work/capture-${gigabytes}g.pcap"
[ -f "$capture" ] || "$dnscert" traffic synthesize "$capture" --packets "$packets"
size=$(stat -c %s "$capture")
echo "capture: $capture ($size bytes, $packets packets)"

/usr/bin/time -v "$dnscert" traffic analyze --json "$capture" >"$work/analyze.json" 2>"$work/analyze.time"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/analyze.time")
cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$work/analyze.time")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/analyze.time")
messages=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['messages'])" "$work/analyze.json")
python3 - "$size" "$packets" "$messages" "$wall" "$cpu" "$rss" <<'PY'
import sys
size, packets, messages = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
wall, cpu, rss = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
print(f"analysed {size/1e9:.2f} GB, {packets} packets, {messages} DNS messages")
print(f"time: {wall:.1f} s wall, {cpu:.1f} s CPU; {packets/wall/1e6:.2f} M packets/s wall, {packets/cpu/1e6:.2f} M packets/s per CPU second; {size/wall/1e6:.0f} MB/s")
print(f"peak RSS: {rss/1024:.0f} MiB (target: under 300 MiB)")
PY
[ "${KEEP:-0}" = 1 ] || rm -f "$capture"
