#!/usr/bin/env bash
# Monitoring at scale: N generated zones (default 10,000; every 10th lame on its second server, every 20th with
# a serial that differs) under a private root and TLD `scale.`, served by NSD on 127.54.x.y inside a private
# network namespace. `dnscert serve` monitors them for DURATION seconds with the full check set; the script prints
# zones checked per minute, dnscert's query rate, and dnsperf's query rate against the same child servers in the
# same namespace (the ratio of the two is the politeness/efficiency figure the issue asks for), and the peak
# resident memory of dnscert.
#
# Usage (root; installs nsd and dnsperf if missing):  bash bench/monitor-scale.sh [ZONES] [DURATION]
# Besides the rates it prints dnscert's CPU time per query and per run (user + system), the figure that stays
# comparable between runs when the machine is shared, and the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
zones=${1:-10000}
duration=${2:-60}
if [ -z "${DNSCERT_BENCH_INSIDE:-}" ]; then
  command -v dnsperf >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsperf >/dev/null
  command -v nsd >/dev/null || [ -x /usr/sbin/nsd ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nsd >/dev/null
  # Published as the README installs it: self-contained, composite ReadyToRun (6 % less CPU per query than the
  # framework-dependent ReadyToRun build in a one-minute run, docs/benchmarks.md), in the same intermediate folders as
  # bench/check-vs-zonemaster.sh (a composite build must not share obj/ with a framework-dependent publish).
  # DNSCERT_BENCH_BIN=DIR runs an already published dnscert (for before/after pairs run back to back).
  [ -n "${DNSCERT_BENCH_BIN:-}" ] || dotnet publish src/Dnscert.Cli -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true \
    -p:IntermediateOutputPath=obj/composite/ -p:OutputPath=bin/composite/ -o bench/.out/dnscert-serve -nologo -v quiet >/dev/null
  exec env DNSCERT_BENCH_INSIDE=1 unshare -n bash "$0" "$zones" "$duration"
fi

ip link set lo up
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
dnscert=${DNSCERT_BENCH_BIN:-$PWD/bench/.out/dnscert-serve}/dnscert
work=$(mktemp -d /tmp/dnscert-scale.XXXXXX)
pids=()
# DNSCERT_BENCH_KEEP=DIR keeps the store, the samples and serve's log there for a closer look.
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -z "${DNSCERT_BENCH_KEEP:-}" ] || cp -r "$work" "$DNSCERT_BENCH_KEEP"; rm -rf "$work"; }
trap cleanup EXIT
for a in 127.54.0.1 127.54.1.1 127.54.1.2; do ip addr add "$a/32" dev lo 2>/dev/null || true; done

python3 bench/scale-zones.py "$work" "$zones" >/dev/null
for c in top c1 c2; do nsd -d -c "$work/$c.conf" >/dev/null 2>&1 & pids+=($!); done
for _ in $(seq 120); do dig +short +norec @127.54.1.1 "z$(printf "%0${#zones}d" "$zones").scale." SOA 2>/dev/null | grep -q . && break; sleep 0.5; done

"$dnscert" zones import "$work/list.txt" --set scale --data "$work/db" >/dev/null
# DNSCERT_BENCH_CHECKS / DNSCERT_BENCH_PER_SERVER change the monitor's concurrency (for measuring its effect on CPU).
# 64 concurrent checks: since a run hands its slot on when its checks end (eighth session), more checks in flight only
# keep more answers alive for the collector. Quiet machine, 2026-11-29 17:00 UTC: 16 checks 13,790 q/s (latency-bound,
# 9,621 zones/min), 32 27,534, 64 40,409, 128 39,130, 256 32,625 (docs/benchmarks.md, "Quiet-machine re-run after the
# eighth session's merge").
checks=${DNSCERT_BENCH_CHECKS:-64}
per_server=${DNSCERT_BENCH_PER_SERVER:-256}
cat > "$work/config.json" <<JSON
{ "Dnscert": { "Monitor": { "DefaultInterval": "01:00:00", "MaxConcurrentChecks": $checks, "PerServerConcurrency": $per_server, "PollInterval": "00:00:00.200" },
               "Checks": { "TotalConcurrency": 512, "PerServerConcurrency": 64 } } }
JSON
# DNSCERT_BENCH_PERF=FILE records a CPU profile of the serve process (perf, with the runtime's perf map for JIT frames).
profile=()
if [ -n "${DNSCERT_BENCH_PERF:-}" ]; then export DOTNET_PerfMapEnabled=1; profile=(perf record -F 999 -g -o "$DNSCERT_BENCH_PERF" --); fi
# DNSCERT_BENCH_CSW=1 counts serve's context switches and CPU migrations (perf stat, all threads) and prints them per query.
[ -z "${DNSCERT_BENCH_CSW:-}" ] || profile=(perf stat -e context-switches,cpu-migrations -x, -o "$work/csw" -- "${profile[@]}")
# Second-half sampler: serve's CPU ticks (user + system) at DURATION/2 and just before it exits, so the script can also
# print the CPU per query of the runs that started in the second half, where start-up (JIT) is mostly behind it.
(
  sleep $((duration / 2))
  for p in $(pgrep -f -- "--config $work/config.json" || true); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = dnscert ] || continue
    echo "$(date +%s%N) $(cut -d' ' -f14,15 "/proc/$p/stat")" > "$work/mid"
    while sample="$(date +%s%N) $(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null)" && [ -n "${sample#* }" ]; do
      echo "$sample" > "$work/last"
      # Per-thread CPU ticks and context switches of the live threads (name, user, system, voluntary, involuntary).
      # Appended every sample; the report keeps each thread's last values, so threads that ended still count.
      for t in /proc/$p/task/*; do
        echo "${t##*/} $(tr ' ' '_' < "$t/comm" 2>/dev/null) $(sed 's/.*) //' "$t/stat" 2>/dev/null | cut -d' ' -f12,13) $(awk '/^(non)?voluntary_ctxt/ {printf "%s ", $2}' "$t/status" 2>/dev/null)"
      done >> "$work/threads" 2>/dev/null
      sleep 0.5
    done
  done
) &
sampler=$!
# Machine sampler: the whole machine's CPU counters (/proc/stat) and serve's own ticks once a second, so the script can
# print the idle share of both cores during the busy window and the query rate and serve's CPU second by second
# (is the rate limited by CPU, or do cores idle in the ramp, the tail or behind a concurrency limit?).
(
  while :; do
    p=""
    for q in $(pgrep -f -- "--config $work/config.json" || true); do [ "$(cat "/proc/$q/comm" 2>/dev/null)" = dnscert ] && p=$q; done
    echo "$(date +%s%N) $(head -1 /proc/stat | cut -d' ' -f3-) $( [ -n "$p" ] && cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null || echo '0 0')" >> "$work/stat"
    sleep 1
  done
) &
machine=$!
/usr/bin/time -f "%M %U %S" -o "$work/rss" timeout -s INT "$duration" "${profile[@]}" "$dnscert" serve --config "$work/config.json" --data "$work/db" --hints "$work/hints.zone" 2>"$work/serve.log" || true
wait "$sampler" 2>/dev/null || true
kill "$machine" 2>/dev/null || true
python3 - "$work/db/dnscert.db" "$duration" "$zones" "$(tail -1 "$work/rss")" "$(cat "$work/mid" 2>/dev/null)" "$(cat "$work/last" 2>/dev/null)" "$work/stat" <<'PY'
import collections, json, os, sqlite3, sys
db, duration, zones = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
_, user, system = sys.argv[4].split()
c = sqlite3.connect(db)
runs = c.execute("select count(*), count(distinct zone) from check_runs").fetchone()
queries = sum(json.loads(m)["queries"] for (m,) in c.execute("select messages from check_runs"))
opened = c.execute("select count(*) from observations where state = 'open'").fetchone()[0]
# The busy window: from the first run's start to the last run's end. When every zone is done before DURATION ends,
# the monitor idles until zones fall due again, so the rate over DURATION understates what it can do.
first, last = c.execute("select min(started), max(started + duration_us) from check_runs").fetchone()
busy = max((last - first) / 1e6, 1e-3)
w0, w1 = first, last
print(f"dnscert serve: {runs[0]} runs of {runs[1]} of {zones} zones in {duration:.0f} s = {runs[0] * 60 / duration:.0f} zones/min (target 10,000), {queries / duration:.0f} queries/s, {opened} open observations")
print(f"busy window: {busy:.1f} s (first run start to last run end) = {runs[0] * 60 / busy:.0f} zones/min, {queries / busy:.0f} queries/s ({queries / runs[0]:.1f} queries per run)")
cpu = float(user) + float(system)
# CPU time is what the load average does not distort: the figure to compare between runs on a shared machine.
print(f"dnscert CPU time: {float(user):.1f} s user + {float(system):.1f} s system = {cpu:.1f} s; {cpu / queries * 1e6:.0f} us per query, {cpu / runs[0] * 1e3:.1f} ms per run; {queries / cpu:.0f} queries per CPU second")
mid, last = sys.argv[5].split(), sys.argv[6].split()
if len(mid) == 3 and len(last) == 3:
    # Runs that started after the mid sample and ended before the last one; CPU ticks are 1/100 s (USER_HZ).
    t0, t1 = int(mid[0]) // 1000, int(last[0]) // 1000
    ticks = (int(last[1]) + int(last[2]) - int(mid[1]) - int(mid[2])) / os.sysconf("SC_CLK_TCK")
    late = [json.loads(m)["queries"] for (m,) in c.execute("select messages from check_runs where started >= ? and started + duration_us <= ?", (t0, t1))]
    if late and ticks > 0:
        print(f"second half: {len(late)} runs, {sum(late)} queries, {ticks:.1f} s CPU = {ticks / sum(late) * 1e6:.0f} us per query (start-up JIT mostly behind)")
    else:
        print("second half: no complete runs (every zone was done before the middle of the run)")
# Idle share of the machine in the busy window, and the rate second by second (queries counted at the end of their
# run, so a bucket shows when work was finished, not sent): cores that idle here are rate left on the table.
hz = os.sysconf("SC_CLK_TCK")
rows = []
for line in open(sys.argv[7]):
    f = line.split()
    if len(f) >= 12:
        rows.append((int(f[0]) // 1000, [int(x) for x in f[1:-2]], int(f[-2]) + int(f[-1])))
inside = [r for r in rows if w0 <= r[0] <= w1]
if len(inside) >= 2:
    a, b = inside[0], inside[-1]
    delta = [y - x for x, y in zip(a[1], b[1])]
    total = sum(delta[:8])
    idle = delta[3] + delta[4]
    wall = (b[0] - a[0]) / 1e6
    serve = (b[2] - a[2]) / hz
    print(f"busy window, whole machine: {idle / total * 100:.1f} % idle (idle + iowait), {(delta[0] + delta[1]) / total * 100:.1f} % user, {delta[2] / total * 100:.1f} % system, {(delta[5] + delta[6]) / total * 100:.1f} % irq; serve used {serve / wall:.2f} of {os.cpu_count()} cores")
    ends = collections.Counter()
    inflight = collections.Counter()
    for s_, d_, m_ in c.execute("select started, duration_us, messages from check_runs"):
        ends[int((s_ + d_ - w0) // 5_000_000)] += json.loads(m_)["queries"]
        # Checks in flight: each run adds its share of every 5 s bucket it overlaps (the run's own span, without the
        # store write and observation update that follow it).
        for k in range(int((s_ - w0) // 5_000_000), int((s_ + d_ - w0) // 5_000_000) + 1):
            lo, hi = w0 + k * 5_000_000, w0 + (k + 1) * 5_000_000
            inflight[k] += max(0, min(hi, s_ + d_) - max(lo, s_)) / 5_000_000
    series = []
    for k in range(int((w1 - w0) // 5_000_000) + 1):
        lo, hi = w0 + k * 5_000_000, w0 + (k + 1) * 5_000_000
        # The last bucket ends with the busy window, usually before its 5 s are up: its rates are over its real length
        # (until the eighth session they were divided by 5 s, which showed e.g. 2.3 s at 23,000 queries/s as 10,600).
        span = (min(hi, w1) - lo) / 1e6
        if span <= 0:
            continue
        pts = [r for r in rows if lo <= r[0] <= hi]
        cpu = idle_ = ""
        if len(pts) >= 2:
            d = [y - x for x, y in zip(pts[0][1], pts[-1][1])]
            idle_ = f" {(d[3] + d[4]) / max(sum(d[:8]), 1) * 100:.0f}%idle"
            cpu = f" serve {(pts[-1][2] - pts[0][2]) / hz / max((pts[-1][0] - pts[0][0]) / 1e6, 1e-3):.2f}"
        series.append(f"{k * 5}-{k * 5 + span:.3g}s {ends[k] / span:.0f} q/s {inflight[k] * 5 / span:.0f} runs{cpu}{idle_}")
    # Slot time outside the run itself: from the end of the fact collection and checks to the schedule's last_run,
    # which the monitor takes once the run (JSON, hashes, evidence) is committed.
    lag = sorted(l - (s_ + d_) for s_, d_, l in c.execute("select r.started, r.duration_us, s.last_run from check_runs r join schedule s on s.zone = r.zone where s.last_run is not null"))
    if lag:
        print(f"from a run's end to its stored run: mean {sum(lag) / len(lag) / 1e3:.0f} ms, median {lag[len(lag) // 2] / 1e3:.0f} ms, p90 {lag[len(lag) * 9 // 10] / 1e3:.0f} ms; mean run {sum(d_ for (d_,) in c.execute('select duration_us from check_runs')) / len(lag) / 1e3:.0f} ms")
    print("by 5 s of the busy window (queries/s of runs ended, checks in flight, serve cores, machine idle): " + "; ".join(series))
open("/tmp/dnscert-scale-qps", "w").write(str(queries / busy))
csw = os.path.join(os.path.dirname(os.path.dirname(db)), "csw")
if os.path.exists(csw):
    counts = {l.split(",")[2]: int(l.split(",")[0]) for l in open(csw) if l.count(",") >= 2 and l.split(",")[0].isdigit()}
    print("context switches: " + ", ".join(f"{n} {k} = {n / queries:.2f} per query" for k, n in counts.items()))
threads = os.path.join(os.path.dirname(os.path.dirname(db)), "threads")
if os.path.exists(threads):
    # Threads seen from the middle of the run on (their last sample), grouped by name: where serve's CPU time and context switches are.
    last = {}
    for line in open(threads):
        f = line.split()
        if len(f) >= 6 and all(x.isdigit() for x in f[2:6]):
            last[f[0]] = (f[1], [int(x) for x in f[2:6]])
    groups = {}
    for name, values in last.values():
        g = groups.setdefault(name.rstrip("_0123456789#"), [0, 0, 0, 0, 0])
        g[0] += 1
        for i in range(4):
            g[i + 1] += values[i]
    hz = os.sysconf("SC_CLK_TCK")
    for name, (n, u, s, v, nv) in sorted(groups.items(), key=lambda kv: -(kv[1][1] + kv[1][2])):
        if u + s > 0:
            print(f"  threads {name.replace('_', ' ')} x{n}: {u / hz:.1f} s user + {s / hz:.1f} s system, {v + nv} context switches ({nv} involuntary)")
PY
echo "dnscert peak resident memory: $(( $(tail -1 "$work/rss" | cut -d' ' -f1) / 1024 )) MB"
echo "load average after dnscert: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%U %S" -o "$work/dnsperf.cpu" dnsperf -s 127.54.1.1 -d "$work/perf.txt" -l 10 -c 64 -Q 500000 > "$work/dnsperf.out" 2>&1 || true
perf=$(awk '/Queries per second/ {print $4}' "$work/dnsperf.out")
echo "dnsperf against one child server: ${perf} queries/s ($(awk '{printf "%.1f s user + %.1f s system", $1, $2}' "$work/dnsperf.cpu") in 10 s)"
python3 -c "import sys; d=float(open('/tmp/dnscert-scale-qps').read()); p=float('$perf' or 0); print(f'ratio dnscert (busy window) / dnsperf: {d/p*100:.1f}% (target 25%)' if p else 'dnsperf gave no rate')"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
