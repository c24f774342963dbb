#!/usr/bin/env bash
# Throughput of many zones: `dnscert check --from FILE` (one process) against Debian's `zonemaster-cli` run once
# per zone, two at a time (both cores), on the same lab zones; prints zones per second of each and the ratio.
#
# Usage (root; installs zonemaster-cli if missing):  bash bench/check-bulk.sh [COPIES]
#   COPIES: how many times the list of the lab's healthy zones is repeated for dnscert (default 50).
#
# As in check-vs-zonemaster.sh, the lab and both checkers run inside a new network namespace with only a
# loopback interface, so nothing either checker looks up can leave the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-50}
if [ -z "${DNSCERT_BENCH_INSIDE:-}" ]; then
  command -v zonemaster-cli >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zonemaster-cli >/dev/null
  # Published ReadyToRun, as a user installs it: start-up JIT is a third of a one-zone run otherwise.
  dotnet publish src/Dnscert.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o bench/.out/dnscert -nologo -v quiet >/dev/null
  exec env DNSCERT_BENCH_INSIDE=1 unshare -n bash "$0" "$copies"
fi

ip link set lo up
dnscert=bench/.out/dnscert/dnscert
lab=$(mktemp -d /tmp/dnscert-bench-lab.XXXXXX)
list=$(mktemp /tmp/dnscert-bench-zones.XXXXXX)
trap '"$dnscert" lab down --dir "$lab" >/dev/null 2>&1 || true; rm -f "$list"' EXIT
"$dnscert" lab up --dir "$lab" >/dev/null 2>&1
healthy=(healthy-unsigned.test healthy-signed-ecdsa.test healthy-signed-ed25519.test healthy-signed-rsasha256.test)
for _ in $(seq "$copies"); do printf '%s\n' "${healthy[@]}"; done > "$list"
n=$(wc -l < "$list")

start=$(date +%s.%N)
"$dnscert" check --from "$list" --hints "$lab/hints.zone" --profile "$lab/check-profile.json" --ipv4 >/dev/null
d=$(echo "$(date +%s.%N) - $start" | bc)

# zonemaster-cli: one process per zone, two at a time; 8 copies of the list are plenty for a stable rate.
head -n $(( ${#healthy[@]} * 8 )) "$list" > "$list.zm"
zn=$(wc -l < "$list.zm")
start=$(date +%s.%N)
xargs -P 2 -I{} sh -c 'zonemaster-cli --hints "$1" --no-ipv6 --raw --level WARNING "$2" >/dev/null 2>&1 || true' _ "$lab/hints.zone" {} < "$list.zm"
z=$(echo "$(date +%s.%N) - $start" | bc)
rm -f "$list.zm"

dr=$(echo "$n / $d" | bc -l); zr=$(echo "$zn / $z" | bc -l)
printf 'dnscert check --from:      %5d zones in %7.2f s = %8.1f zones/s\n' "$n" "$d" "$dr"
printf 'zonemaster-cli, 2 at once: %5d zones in %7.2f s = %8.1f zones/s\n' "$zn" "$z" "$zr"
printf 'ratio: %.1fx (target 30x)\n' "$(echo "$dr / $zr" | bc -l)"
