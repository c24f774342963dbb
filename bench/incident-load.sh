#!/usr/bin/env bash
# Incident lists under the TLP filter: `dnscert serve` on a fresh SQLite store with no zones (nothing leaves
# loopback) and the sample stakeholder directory; INCIDENTS incidents are opened through the API (a third each to
# the test registry at TLP:AMBER, to a registrar at AMBER+STRICT, and at TLP:RED), then ApacheBench sends REQUESTS
# requests per URL, 20 at a time, as the instance's team and as a user of the test registry. Prints p50 and p99.
#
# Usage (root; installs apache2-utils if missing):  bash bench/incident-load.sh [INCIDENTS] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
incidents=${1:-3000}
requests=${2:-1000}
base="http://127.63.0.1:18163"
command -v ab >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils >/dev/null
dotnet build src/Dnscert.Cli -c Release -nologo -v quiet >/dev/null
dnscert=$PWD/src/Dnscert.Cli/bin/Release/net10.0/dnscert
work=$(mktemp -d /tmp/dnscert-incident-load.XXXXXX)
serve_pid=
cleanup() { [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$dnscert" stakeholder import --sample --data "$work" >/dev/null
staff=$("$dnscert" user token --role analyst --data "$work" 2>/dev/null)
registry=$("$dnscert" user token --role viewer --org registry-test --data "$work" 2>/dev/null)
"$dnscert" serve --data "$work" --urls "$base" > "$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/login" && break; sleep 1; done

start=$(date +%s.%N)
for i in $(seq 1 "$incidents"); do
  case $((i % 3)) in
    0) body="{\"title\":\"bench $i\",\"threat_type\":\"infra.lame-delegation\",\"subject_kind\":\"zone\",\"subject\":\"z$i.test\",\"tlp\":\"amber\"}" ;;
    1) body="{\"title\":\"bench $i\",\"threat_type\":\"infra.lame-delegation\",\"subject_kind\":\"zone\",\"subject\":\"z$i.test\",\"tlp\":\"amber-strict\",\"recipients\":[\"registrar-alpha\"]}" ;;
    2) body="{\"title\":\"bench $i\",\"threat_type\":\"infra.lame-delegation\",\"subject_kind\":\"zone\",\"subject\":\"z$i.test\",\"tlp\":\"red\"}" ;;
  esac
  curl -sf -o /dev/null -H "Authorization: Bearer $staff" -H 'Content-Type: application/json' -d "$body" "$base/api/v1/incidents"
done
end=$(date +%s.%N)
echo "opened $incidents incidents through the API (one request at a time) in $(echo "$end - $start" | bc) s"

printf '%-58s %8s %8s %s\n' "url (20 concurrent, $requests requests)" "p50 ms" "p99 ms" "failed"
run() {
  local label=$1 url=$2; shift 2
  local out; out=$(ab -q -n "$requests" -c 20 "$@" "$base$url" 2>&1) || true
  local p50 p99 failed non2xx
  p50=$(awk '/^  50%/{print $2}' <<<"$out"); p99=$(awk '/^  99%/{print $2}' <<<"$out")
  failed=$(awk '/^Failed requests/{print $3}' <<<"$out"); non2xx=$(awk '/^Non-2xx responses/{print $3}' <<<"$out")
  printf '%-58s %8s %8s %s\n' "$label $url" "$p50" "$p99" "${failed:-0}${non2xx:+ (non-2xx $non2xx)}"
}
run "team" "/api/v1/incidents?limit=50" -H "Authorization: Bearer $staff"
run "registry" "/api/v1/incidents?limit=50" -H "Authorization: Bearer $registry"
run "team" "/api/v1/incidents?subject=z300.test" -H "Authorization: Bearer $staff"
run "registry" "/api/v1/observations?limit=50" -H "Authorization: Bearer $registry"
