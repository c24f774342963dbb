#!/usr/bin/env bash
# Campaign creation at the size limit: generates NAMES DGA-like names under the lab TLD .test and the fictional
# registry-run second level co.test (1 % duplicates, 1 % without a registry, 0.5 % invalid), starts a real SMTP server
# (aiosmtpd on 127.72.0.9, loopback only) and times `dnscert campaign create` into a fresh SQLite store: reading and
# checking the list, splitting it, storing the campaign, rendering and e-mailing both shares as CSV. Then times
# `campaign show` (reads every share back) and `campaign list`. Usage: bash bench/campaign-create.sh [NAMES] (default 100,000)
set -euo pipefail
cd "$(dirname "$0")/.."
names=${1:-100000}
out=bench/.out/campaigns
rm -rf "$out"
mkdir -p "$out"
dotnet build src/Dnscert.Cli -c Release -v q -nologo >/dev/null
dnscert=src/Dnscert.Cli/bin/Release/net10.0/dnscert
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.72.0.9", 0)); print(s.getsockname()[1])')
aiosmtpd -n -l "127.72.0.9:$port" -c aiosmtpd.handlers.Mailbox "$out/maildir" &
smtp=$!
trap 'kill $smtp' EXIT
python3 - "$names" "$out/dga.txt" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(48)
letters = "abcdefghijklmnopqrstuvwxyz0123456789"
seen = []
with open(path, "w") as f:
    f.write("# generated DGA-like names\n")
    for i in range(n):
        r = rnd.random()
        if r < 0.01 and seen: f.write(rnd.choice(seen) + "\n"); continue
        if r < 0.02: f.write(f"x{i}.zz\n"); continue
        if r < 0.025: f.write(f"bad name {i}\n"); continue
        name = "".join(rnd.choice(letters) for _ in range(rnd.randint(8, 16))) + (".co.test" if r < 0.3 else ".test")
        seen.append(name)
        f.write(name + "\n")
PY
cat > "$out/cotest.json" <<'JSON'
{ "stakeholders": [ { "id": "registry-cotest", "name": "Registre co.test (fictif)", "type": "tld-registry",
  "constituency": { "domainSuffixes": ["co.test"] }, "contacts": [ { "name": "Sécurité", "email": "securite@co-test.example" } ],
  "languages": ["fr"], "capabilities": {}, "amberConstituents": [] } ] }
JSON
key=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
cat > "$out/dnscert.json" <<JSON
{ "Dnscert": { "Smtp": { "Host": "127.72.0.9", "Port": $port, "UseStartTls": false },
  "Web": { "AcknowledgementKey": "$key" } } }
JSON
"$dnscert" stakeholder import --sample --data "$out/data" >/dev/null
"$dnscert" stakeholder import "$out/cotest.json" --data "$out/data" >/dev/null
echo "names: $(grep -vc '^#' "$out/dga.txt"), file: $(du -h "$out/dga.txt" | cut -f1)"
/usr/bin/time -f "create: %e s wall, %U s user + %S s system CPU, %M KiB max RSS" \
  "$dnscert" campaign create "bench $names" --domains "$out/dga.txt" --config "$out/dnscert.json" --data "$out/data" >"$out/id" 2>"$out/create.err" || { cat "$out/create.err"; exit 1; }
grep -v '^Sent\|^Campaign' "$out/create.err" || true
grep '^Campaign\|^Sent' "$out/create.err"
id=$(cat "$out/id")
/usr/bin/time -f "show: %e s wall, %M KiB max RSS" "$dnscert" campaign show "$id" --data "$out/data" >"$out/show.txt"
/usr/bin/time -f "list: %e s wall, %M KiB max RSS" "$dnscert" campaign list --data "$out/data" >/dev/null
echo "messages received: $(ls "$out/maildir/new" | wc -l), largest $(du -h "$out"/maildir/new/* | sort -h | tail -1 | cut -f1)"
echo "database: $(du -h "$out/data/dnscert.db" | cut -f1)"
