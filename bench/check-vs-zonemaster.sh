#!/usr/bin/env bash
# Side-by-side: `dnscert check` against Debian's `zonemaster-cli` on the same lab zones, median wall time per
# zone and the ratio, on plain loopback and with the lab's latency relay at 30 ms round trip.
#
# Usage (root; installs zonemaster-cli if missing):  bash bench/check-vs-zonemaster.sh [RUNS]
#
# Everything (the lab, both checkers) runs inside a new network namespace that has only a loopback
# interface: zonemaster-cli looks up ASN data and other names on its own, and none of that may leave the
# machine. Lab state goes to a private folder, so a lab already running elsewhere is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
if [ -z "${DNSCERT_BENCH_INSIDE:-}" ]; then
  command -v zonemaster-cli >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zonemaster-cli >/dev/null
  # Published as the README installs it: self-contained, ReadyToRun in one composite image with the runtime, so the
  # generic code over dnscert's types is compiled ahead of time too (plain ReadyToRun left ~2,000 methods to the JIT
  # in every one-zone run; docs/benchmarks.md).
  # Its own intermediate and output folders: the composite build rewrites every assembly under obj/.../R2R, and a
  # later framework-dependent ReadyToRun publish (the other bench scripts) would reuse those files and abort at start.
  dotnet publish src/Dnscert.Cli -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -p:IntermediateOutputPath=obj/composite/ -p:OutputPath=bin/composite/ -o bench/.out/dnscert-check -nologo -v quiet >/dev/null
  exec env DNSCERT_BENCH_INSIDE=1 unshare -n bash "$0" "$runs"
fi

ip link set lo up
dnscert=bench/.out/dnscert-check/dnscert
lab=$(mktemp -d /tmp/dnscert-bench-lab.XXXXXX)
trap '"$dnscert" lab down --dir "$lab" >/dev/null 2>&1 || true' EXIT
zones=(healthy-unsigned.test healthy-signed-ecdsa.test healthy-signed-rsasha256.test lame-delegation.test soa-serial-differs.test ns-not-answering.test)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }

measure() {
  local label=$1
  printf '\n%s\n%-32s %12s %12s %8s\n' "$label" zone dnscert zonemaster ratio
  local total_d=0 total_z=0
  for z in "${zones[@]}"; do
    local d zm
    d=$(for _ in $(seq "$runs"); do seconds "$dnscert" check "$z" --hints "$lab/hints.zone" --ipv4 --json; done | median)
    zm=$(for _ in $(seq "$runs"); do seconds zonemaster-cli --hints "$lab/hints.zone" --no-ipv6 --raw --level WARNING "$z"; done | median)
    printf '%-32s %11.3fs %11.3fs %7.1fx\n' "$z" "$d" "$zm" "$(echo "$zm / $d" | bc -l)"
    total_d=$(echo "$total_d + $d" | bc); total_z=$(echo "$total_z + $zm" | bc)
  done
  printf '%-32s %11.3fs %11.3fs %7.1fx\n' "median sum" "$total_d" "$total_z" "$(echo "$total_z / $total_d" | bc -l)"
}

"$dnscert" lab up --dir "$lab" >/dev/null 2>&1
measure "plain loopback (median of $runs runs per zone)"
"$dnscert" lab up --dir "$lab" --rtt 30ms >/dev/null 2>&1
measure "30 ms round trip through the lab relay (median of $runs runs per zone)"
