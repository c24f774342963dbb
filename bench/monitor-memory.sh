#!/usr/bin/env bash
# Resident memory of `dnscert serve` while it monitors a large constituency: N generated zones (default 100,000; the
# lab of bench/monitor-scale.sh, written by bench/scale-zones.py) on three NSD servers in a private network namespace.
# The zones are put in the store directly with sqlite3 (one set, all due now), as `dnscert zones import` would, but
# in seconds; then `dnscert serve` runs for DURATION seconds with the full check set while its resident memory is
# sampled every 5 s. Prints the peak (VmHWM), the samples over time, and how many zones were checked meanwhile.
#
# Usage (root; installs nsd if missing):  bash bench/monitor-memory.sh [ZONES] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
zones=${1:-100000}
duration=${2:-600}
if [ -z "${DNSCERT_BENCH_INSIDE:-}" ]; then
  command -v nsd >/dev/null || [ -x /usr/sbin/nsd ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nsd >/dev/null
  dotnet publish src/Dnscert.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o bench/.out/dnscert -nologo -v quiet >/dev/null
  exec env DNSCERT_BENCH_INSIDE=1 unshare -n bash "$0" "$zones" "$duration"
fi

ip link set lo up
dnscert=$PWD/bench/.out/dnscert/dnscert
work=$(mktemp -d /tmp/dnscert-memory.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for a in 127.54.0.1 127.54.1.1 127.54.1.2; do ip addr add "$a/32" dev lo 2>/dev/null || true; done

python3 bench/scale-zones.py "$work" "$zones"
start=$(date +%s)
for c in top c1 c2; do nsd -d -c "$work/$c.conf" >/dev/null 2>&1 & pids+=($!); done
last=$(tail -1 "$work/list.txt")
for _ in $(seq 1200); do dig +short +norec +time=1 +tries=1 @127.54.1.2 "$(sed -n 1p "$work/list.txt")." SOA 2>/dev/null | grep -q . \
  && dig +short +norec +time=1 +tries=1 @127.54.1.1 "$last." SOA 2>/dev/null | grep -q . && break; sleep 1; done
echo "NSD serves all $zones zones after $(( $(date +%s) - start )) s"

# The schema and the set through dnscert itself, then every zone inserted in one transaction.
"$dnscert" zones add "$(sed -n 1p "$work/list.txt")" --set scale --data "$work/db" >/dev/null
python3 - "$work/db/dnscert.db" "$work/list.txt" <<'PY'
import sqlite3, sys, time
db, names = sys.argv[1], [l.strip() for l in open(sys.argv[2]) if l.strip()]
now = int(time.time() * 1e6)
c = sqlite3.connect(db)
with c:
    c.executemany("INSERT OR IGNORE INTO zones (name, set_name, tags, added, tlp) VALUES (?, 'scale', '[]', ?, 'amber')", [(n, now) for n in names])
    c.executemany("INSERT OR IGNORE INTO schedule (zone, next_due, last_run, consecutive_failures) VALUES (?, ?, NULL, 0)", [(n, now) for n in names])
print(f"store holds {c.execute('select count(*) from zones').fetchone()[0]} zones, all due now")
PY

cat > "$work/config.json" <<JSON
{ "Dnscert": { "Monitor": { "DefaultInterval": "01:00:00", "MaxConcurrentChecks": 256, "PerServerConcurrency": 256, "PollInterval": "00:00:00.200" },
               "Checks": { "TotalConcurrency": 512, "PerServerConcurrency": 64 } } }
JSON
timeout -s INT "$duration" "$dnscert" serve --config "$work/config.json" --data "$work/db" --hints "$work/hints.zone" 2>"$work/serve.log" &
serve=$!
pids+=($serve)
sleep 1
pid=$(pgrep -P "$serve" -f "dnscert" || echo "$serve")
echo "seconds rss_mb" > "$work/rss.txt"
t=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/{print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || true)
  hwm=$(awk '/^VmHWM/{print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && echo "$t $rss" >> "$work/rss.txt" && echo "$hwm" > "$work/hwm"
  sleep 5; t=$((t + 5))
done
wait "$serve" 2>/dev/null || true
python3 - "$work/db/dnscert.db" "$work/rss.txt" "$duration" "$zones" "$(cat "$work/hwm")" <<'PY'
import sqlite3, sys
db, rss, duration, zones, hwm = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
c = sqlite3.connect(db)
runs, distinct = c.execute("select count(*), count(distinct zone) from check_runs").fetchone()
samples = [tuple(map(int, l.split())) for l in open(rss).read().splitlines()[1:]]
print(f"dnscert serve over {zones} monitored zones for {duration:.0f} s: {runs} runs of {distinct} distinct zones")
print(f"peak resident memory (VmHWM): {hwm} MB (target < 600 MB)")
step = max(1, len(samples) // 12)
print("resident memory over time (s: MB): " + ", ".join(f"{s}: {m}" for s, m in samples[::step]))
if samples:
    print(f"max sampled {max(m for _, m in samples)} MB, last {samples[-1][1]} MB")
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
