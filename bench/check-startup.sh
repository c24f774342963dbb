#!/usr/bin/env bash
# CPU time (user+sys) and wall time of one-zone `dnscert check` runs for one or more published builds, run
# alternately so every build sees the same machine load: `check --help` (start-up and command tree only), a
# replayed run (no network: start-up, JIT, evaluation, JSON) and a live run against the lab on loopback.
#
# Usage (root):  bash bench/check-startup.sh RUNS DIR [DIR...]
#   DIR is a `dotnet publish` output folder holding `dnscert`, e.g. one published with
#   -p:PublishReadyToRun=true and one with --self-contained true -p:PublishReadyToRunComposite=true as well.
# Prints the median and the minimum CPU seconds of RUNS runs per build and case, and the median wall seconds.
# The lab runs in a new network namespace with only a loopback interface and a private state folder.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -lt 2 ]; then echo "usage: $0 RUNS DIR [DIR...]" >&2; exit 2; fi
if [ -z "${DNSCERT_BENCH_INSIDE:-}" ]; then
  exec env DNSCERT_BENCH_INSIDE=1 unshare -n bash "$0" "$@"
fi

ip link set lo up
runs=$1; shift
dirs=("$@")
zone=healthy-signed-ecdsa.test
lab=$(mktemp -d /tmp/dnscert-startup-lab.XXXXXX)
first="${dirs[0]}/dnscert"
trap '"$first" lab down --dir "$lab" >/dev/null 2>&1 || true' EXIT
"$first" lab up --dir "$lab" >/dev/null 2>&1
"$first" check "$zone" --hints "$lab/hints.zone" --ipv4 --json --record "$lab/run.json" >/dev/null 2>&1 || true

# One run: prints "cpu wall" in seconds.
one() { local t; t=$(mktemp); /usr/bin/time -f "%U %S %e" -o "$t" "$@" >/dev/null 2>&1 || true; tail -1 "$t" | awk '{printf "%.3f %.3f\n", $1 + $2, $3}'; rm -f "$t"; }

declare -A results
for _ in $(seq "$runs"); do
  for d in "${dirs[@]}"; do
    results["$d|help"]+="$(one "$d/dnscert" check --help)"$'\n'
    results["$d|replay"]+="$(one "$d/dnscert" check "$zone" --json --replay "$lab/run.json")"$'\n'
    results["$d|live"]+="$(one "$d/dnscert" check "$zone" --hints "$lab/hints.zone" --ipv4 --json)"$'\n'
  done
done

printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %-8s %10s %10s %10s\n' build case "cpu med" "cpu min" "wall med"
for d in "${dirs[@]}"; do
  for c in help replay live; do
    data=$(printf '%s' "${results["$d|$c"]}" | sed '/^$/d')
    cpu=$(cut -d' ' -f1 <<<"$data" | sort -n | awk '{a[NR] = $1} END {printf "%.3f %.3f", a[int((NR + 1) / 2)], a[1]}')
    wall=$(cut -d' ' -f2 <<<"$data" | sort -n | awk '{a[NR] = $1} END {printf "%.3f", a[int((NR + 1) / 2)]}')
    printf '%-40s %-8s %9ss %9ss %9ss\n' "$d" "$c" "${cpu% *}" "${cpu#* }" "$wall"
  done
done
