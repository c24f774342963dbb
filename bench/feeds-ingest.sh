#!/usr/bin/env bash
# Feed ingestion throughput from a local file: generates a plain feed of LINES lines (domains under real public
# suffixes, some URLs, addresses, duplicates, comments and bad lines), then times `dnscert feeds ingest`
#   1. --dry-run: parse + Public Suffix List + allow-list + de-duplication;
#   2. into a fresh SQLite store (plus the observation, evidence and rollup writes; one bulk load), then the same feed
#      again into that store (every indicator already open: all updates), then another generated feed of as many
#      lines (seed 43: mostly new indicators among the stored ones, so batches with the indexes kept up to date);
#   3. into a fresh PostgreSQL schema, when PG (a connection string, default: scripts/test-postgres.sh's cluster)
#      answers; skipped otherwise.
# Each run prints wall time, CPU time (user + system, which is what counts on a shared machine) and lines per second
# of each, and the load average before it. Times include process start, JIT and loading the PSL.
# Usage: bash bench/feeds-ingest.sh [LINES] [PG]   (default 1,000,000 lines; PG=off skips PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
pg=${2:-Host=127.0.0.1;Port=54329;Username=postgres;Password=postgres;Database=postgres}
out=bench/.out/feeds
mkdir -p "$out"
dotnet publish src/Dnscert.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o bench/.out/dnscert -nologo -v quiet >/dev/null
generate() {
python3 - "$lines" "$1" "$2" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(int(sys.argv[3]))
suffixes = ["com", "net", "org", "co.uk", "de", "fr", "com.au", "blogspot.com", "github.io", "xn--p1ai", "jp", "kawasaki.jp"]
letters = "abcdefghijklmnopqrstuvwxyz0123456789"
def label(): return "".join(rnd.choice(letters) for _ in range(rnd.randint(4, 14)))
pool = [f"{label()}.{rnd.choice(suffixes)}" for _ in range(n // 3)]
with open(path, "w") as f:
    f.write("# generated test feed\n")
    for i in range(n - 1):
        r = rnd.random()
        d = rnd.choice(pool)
        if r < 0.70: f.write(f"www{i % 7}.{d}\n" if r < 0.3 else d + "\n")
        elif r < 0.85: f.write(f"http://{d}/login/{i}.php\n")
        elif r < 0.95: f.write(f"198.51.{i % 256}.{(i // 256) % 256}\n")
        elif r < 0.99: f.write(f"# comment {i}\n")
        else: f.write("bad_-name.\n" if i % 2 else "localhost\n")
PY
}
generate "$out/feed.txt" 42
generate "$out/feed2.txt" 43
echo ".allowed-example.com" > "$out/allow.txt"
# run FEED_FILE FEED_NAME [ARGS...]
run() {
  local feed=$1 name=$2
  shift 2
  echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local start end times
  times=$(mktemp)
  start=$(date +%s.%N)
  # CPU time as well as wall time: on a shared machine the wall time mostly measures the other processes.
  /usr/bin/time -o "$times" -f "%e %U %S" \
    bench/.out/dnscert/dnscert feeds ingest "$feed" --parser plain --feed "$name" --threat abuse.phishing --allow "$out/allow.txt" "$@"
  end=$(date +%s.%N)
  python3 - "$lines" $(cat "$times") <<'PY'
import sys
n, wall, user, system = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
cpu = user + system
print(f"  {wall:.2f} s wall, {user:.2f} s user + {system:.2f} s system = {cpu:.2f} s CPU ({cpu / wall:.0%} of a core)")
print(f"  {n / wall:,.0f} lines/s wall clock, {n / cpu:,.0f} lines per CPU-second")
PY
  rm -f "$times"
}
echo "== parse + PSL + allow-list + de-duplication ($lines lines)"
run "$out/feed.txt" bench --dry-run
echo "== with the store write (fresh SQLite)"
rm -rf "$out/data"
run "$out/feed.txt" bench --data "$out/data"
echo "== the same run again into that store (every indicator already open: all updates)"
run "$out/feed.txt" bench --data "$out/data"
echo "== another feed of $lines lines into that store (new indicators among the stored ones: batches, indexes kept)"
run "$out/feed2.txt" bench2 --data "$out/data"
if [ "$pg" != off ] && command -v psql >/dev/null && psql "$(python3 -c 'import sys; print(" ".join(p.replace("Host=","host=").replace("Port=","port=").replace("Username=","user=").replace("Password=","password=").replace("Database=","dbname=") for p in sys.argv[1].split(";") if p))' "$pg")" -qc 'SELECT 1' >/dev/null 2>&1; then
  libpq=$(python3 -c 'import sys; print(" ".join(p.replace("Host=","host=").replace("Port=","port=").replace("Username=","user=").replace("Password=","password=").replace("Database=","dbname=") for p in sys.argv[1].split(";") if p))' "$pg")
  psql "$libpq" -qc 'DROP SCHEMA IF EXISTS dnscert_bench_feeds CASCADE' -c 'CREATE SCHEMA dnscert_bench_feeds' >/dev/null
  # The server's CPU time too: user + system of every process of the postgres user, exited backends included
  # (the postmaster's children times). Other clients of the same cluster count as well; on a shared cluster this
  # is an upper bound.
  pg_cpu() { for p in $(pgrep -u postgres 2>/dev/null); do cat "/proc/$p/stat" 2>/dev/null; done | awk '{t+=$14+$15+$16+$17} END{printf "%d\n", t}'; }
  tick=$(getconf CLK_TCK)
  for label in "with the store write (fresh PostgreSQL schema dnscert_bench_feeds)" "the same run again into that schema (all updates)"; do
    echo "== $label"
    before=$(pg_cpu)
    run "$out/feed.txt" bench --postgres "$pg;Search Path=dnscert_bench_feeds"
    after=$(pg_cpu)
    python3 -c "import sys; print(f'  PostgreSQL server processes: {(int(sys.argv[2]) - int(sys.argv[1])) / int(sys.argv[3]):.2f} s CPU')" "$before" "$after" "$tick"
  done
  psql "$libpq" -qc 'DROP SCHEMA dnscert_bench_feeds CASCADE' >/dev/null
else
  echo "== PostgreSQL: skipped (no server answers at '$pg'; bash scripts/test-postgres.sh starts one)"
fi
