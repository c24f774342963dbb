#!/usr/bin/env bash
# Dashboard and API latency under load while the monitor runs: `dnscert demo` (the lab's zones checked every 10 s,
# plus BULK extra zones in their own set, which the monitor checks too) serves the web on 127.0.0.1; ApacheBench
# sends REQUESTS requests per URL, 50 at a time, to the overview, the zone list, one zone page, the observation
# list and the API's zone and observation lists. Prints the 50th and 99th percentile of each.
#
# Usage (root; installs apache2-utils if missing):  bash bench/web-load.sh [REQUESTS] [BULK]
# On a shared machine run it in a private network namespace, so its lab does not meet another one on 127.53.*:
#   unshare -n bash -c 'ip link set lo up && bash bench/web-load.sh 1000 2000'
# DNSCERT_WEB_LOAD_CONFIG=FILE passes --config FILE to the demo: for example
#   {"Dnscert":{"Monitor":{"ChecksWhileWebBusy":16}}}   turns off "requests first" (16 = MaxConcurrentChecks).
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-2000}
bulk=${2:-2000}
port=18090
base="http://127.0.0.1:$port"
command -v ab >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils >/dev/null
dotnet build src/Dnscert.Cli -c Release -nologo -v quiet >/dev/null
dnscert=$PWD/src/Dnscert.Cli/bin/Release/net10.0/dnscert
work=$(mktemp -d /tmp/dnscert-web-load.XXXXXX)
demo_pid=
cleanup() { [ -n "$demo_pid" ] && kill -TERM "$demo_pid" 2>/dev/null && wait "$demo_pid" 2>/dev/null; "$dnscert" lab down >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

DNSCERT_PASSWORD="bench password 1" "$dnscert" user add bench --role analyst --data "$work" >/dev/null
token=$("$dnscert" user token --role viewer --data "$work" 2>/dev/null)
seq -f "bulk%05g.test" 1 "$bulk" > "$work/bulk.txt"
"$dnscert" zones import "$work/bulk.txt" --set bulk --data "$work" >/dev/null

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
config=()
[ -n "${DNSCERT_WEB_LOAD_CONFIG:-}" ] && config=(--config "$DNSCERT_WEB_LOAD_CONFIG") && echo "demo configuration: $(tr -d '\n ' < "$DNSCERT_WEB_LOAD_CONFIG")"
"$dnscert" demo "${config[@]}" --data "$work" --interval 10 --urls "$base" > "$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 180); do curl -sf -o /dev/null "$base/login" && break; sleep 1; done
curl -sf -o /dev/null "$base/login" || { cat "$work/demo.log"; exit 1; }
sleep 15   # let the monitor get going: runs and observations accumulate while we measure

jar="$work/cookies"
af=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="__af" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "__af=$af" --data-urlencode "name=bench" --data-urlencode "password=bench password 1" "$base/login"
cookie=$(awk '$6=="dnscert.auth"{print $6"="$7}' "$jar")

printf '%-60s %8s %8s %s\n' "url (50 concurrent, $requests requests)" "p50 ms" "p99 ms" "failed"
run() {
  local url=$1; shift
  local out; out=$(ab -q -n "$requests" -c 50 "$@" "$base$url" 2>&1) || true
  local p50 p99 failed
  p50=$(awk '/^  50%/{print $2}' <<<"$out"); p99=$(awk '/^  99%/{print $2}' <<<"$out")
  # ab counts a response whose length differs from the first one as "failed" (Length): a page that changes while
  # the monitor stores runs is not a failure, so those are shown apart from connect, receive and exception failures.
  local kinds; kinds=$(sed -n 's/^ *(Connect: \([0-9]*\), Receive: \([0-9]*\), Length: \([0-9]*\), Exceptions: \([0-9]*\))/\1 \2 \3 \4/p' <<<"$out")
  local connect=0 receive=0 length=0 exceptions=0
  failed=$(awk '/^Failed requests/{print $3}' <<<"$out"); failed=${failed:-0}
  [ -n "$kinds" ] && { read -r connect receive length exceptions <<<"$kinds"; failed=$((connect + receive + exceptions)); }
  non2xx=$(awk '/^Non-2xx responses/{print $3}' <<<"$out")
  local changed=""; [ "$length" -gt 0 ] && changed=" ($length of another length: the page changed meanwhile)"
  printf '%-60s %8s %8s %s\n' "$url" "$p50" "$p99" "${failed}${non2xx:+ (non-2xx $non2xx)}${changed}"
}
run "/" -C "$cookie"
run "/zones" -C "$cookie"
run "/zones?q=bulk0&severity=error" -C "$cookie"
run "/zones/lame-delegation.test" -C "$cookie"
run "/observations?state=open" -C "$cookie"
run "/observations?severity=error" -C "$cookie"
run "/api/v1/zones?limit=50" -H "Authorization: Bearer $token"
run "/api/v1/zones?severity=critical&limit=50" -H "Authorization: Bearer $token"
run "/api/v1/observations?limit=50" -H "Authorization: Bearer $token"
run "/api/v1/observations?severity=warning&limit=50" -H "Authorization: Bearer $token"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU the demo (web, monitor, lab checks) used so far, and the runs the monitor stored meanwhile.
echo "dnscert demo CPU time: $(awk '{printf "%.1f s user + %.1f s system", $14/100, $15/100}' /proc/$demo_pid/stat)"
sqlite3 "$work/dnscert.db" "select 'check runs stored: ' || count(*) from check_runs" 2>/dev/null || true
echo "zones checked by the monitor meanwhile: $(grep -c . "$work/bulk.txt") bulk + lab zones; demo log: $(tail -1 "$work/demo.log")"
