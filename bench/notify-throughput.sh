#!/usr/bin/env bash
# Notifications through the real `dnscert serve`: a fresh SQLite store with no zones (nothing leaves loopback), the
# sample stakeholder directory, a real aiosmtpd on 127.71.0.1 as the relay and rules that notify every new incident
# of severity error at once. First INCIDENTS incidents (TLP:AMBER, routed to the test registry) are opened through the
# API of a `serve` without SMTP (notifications off); then `serve` is restarted with SMTP and the script times how long
# until every e-mail has arrived at aiosmtpd: the backlog through notifier → stored outbox → SMTP, in incidents/second,
# and how many incidents reached "notified".
#
# Usage:  bash bench/notify-throughput.sh [INCIDENTS]      (needs python3-aiosmtpd and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
incidents=${1:-300}
base="http://127.71.0.2:18171"
smtp_port=18125
dotnet build src/Dnscert.Cli -c Release -nologo -v quiet >/dev/null
dnscert=$PWD/src/Dnscert.Cli/bin/Release/net10.0/dnscert
work=$(mktemp -d /tmp/dnscert-notify-bench.XXXXXX)
serve_pid=; smtp_pid=
cleanup() {
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null && wait "$smtp_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

aiosmtpd -n -l "127.71.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/maildir" &
smtp_pid=$!
cat > "$work/config.json" <<JSON
{ "Dnscert": {
  "Notifications": { "AutomaticMinimumSeverity": "error", "Interval": "00:00:01" },
  "Outbox": { "PollInterval": "00:00:01" },
  "Smtp": { "Host": "127.71.0.1", "Port": $smtp_port, "UseStartTls": false, "FromAddress": "cert@dnscert.test" } } }
JSON
"$dnscert" stakeholder import --sample --data "$work" >/dev/null
staff=$("$dnscert" user token --role analyst --data "$work" 2>/dev/null)
"$dnscert" serve --data "$work" --urls "$base" > "$work/serve-open.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/login" && break; sleep 1; done
for i in $(seq 1 "$incidents"); do
  curl -sf -o /dev/null -H "Authorization: Bearer $staff" -H 'Content-Type: application/json' \
    -d "{\"title\":\"bench $i\",\"threat_type\":\"infra.lame-delegation\",\"subject_kind\":\"zone\",\"subject\":\"z$i.test\",\"severity\":\"error\",\"tlp\":\"amber\"}" \
    "$base/api/v1/incidents"
done
kill -TERM "$serve_pid"; wait "$serve_pid" || true; serve_pid=
echo "opened $incidents new incidents through the API of a serve without SMTP"

start=$(date +%s.%N)
"$dnscert" serve --config "$work/config.json" --data "$work" --urls "$base" > "$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 1200); do
  [ "$(ls "$work/maildir/new" 2>/dev/null | wc -l)" -ge "$incidents" ] && break
  sleep 0.25
done
done_at=$(date +%s.%N)
mails=$(ls "$work/maildir/new" 2>/dev/null | wc -l)
notified=$(python3 - "$base" "$staff" <<'PY'
import json, sys, urllib.request, urllib.parse
base, token, count, after = sys.argv[1], sys.argv[2], 0, None
while True:
    url = f"{base}/api/v1/incidents?state=notified&limit=500" + (f"&after={urllib.parse.quote(after)}" if after else "")
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})))
    count += len(page["items"]); after = page.get("next")
    if not after: break
print(count)
PY
)
echo "$mails e-mails at aiosmtpd $(echo "$done_at - $start" | bc) s after serve started with SMTP ($(echo "scale=1; $mails / ($done_at - $start)" | bc) incidents/s including start-up); $notified incidents notified"
grep -m1 "^Notifications" "$work/serve.log" || true
