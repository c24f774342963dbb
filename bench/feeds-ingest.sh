#!/usr/bin/env bash
# Feed ingestion throughput from a local file: generates a plain feed of LINES lines (domains under real public
# suffixes, some URLs, addresses, duplicates, comments and bad lines), then times `dnscert feeds ingest`
#   1. --dry-run: parse + Public Suffix List + allow-list + de-duplication (the target: >= 200,000 lines/s);
#   2. into a fresh SQLite store (plus the observation and evidence writes).
# Times include process start and loading the PSL. Usage: bash bench/feeds-ingest.sh [LINES]   (default 1,000,000)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
out=bench/.out/feeds
mkdir -p "$out"
dotnet publish src/Dnscert.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o bench/.out/dnscert -nologo -v quiet >/dev/null
python3 - "$lines" "$out/feed.txt" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
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
echo ".allowed-example.com" > "$out/allow.txt"
run() {
  local start end
  start=$(date +%s.%N)
  # CPU time as well as wall time: on a shared machine the wall time mostly measures the other processes.
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "  %e s wall, %U s user + %S s system CPU, %P of a core" \
      bench/.out/dnscert/dnscert feeds ingest "$out/feed.txt" --parser plain --feed bench --threat abuse.phishing --allow "$out/allow.txt" "$@"
  else
    bench/.out/dnscert/dnscert feeds ingest "$out/feed.txt" --parser plain --feed bench --threat abuse.phishing --allow "$out/allow.txt" "$@"
  fi
  end=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'  {s:.2f} s, {int(sys.argv[3])/s:,.0f} lines/s')" "$start" "$end" "$lines"
}
echo "== parse + PSL + allow-list + de-duplication ($lines lines)"
run --dry-run
echo "== with the store write (fresh SQLite)"
rm -rf "$out/data"
run --data "$out/data"
