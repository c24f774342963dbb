#!/usr/bin/env bash
# A consultation at its size limit: publishes a report into a fresh SQLite store, adds COMMENTS comments (default the
# store's limit, 10,000) and 500 stance changes with sqlite3 (no CLI or API writes comments), then times
# `dnscert report show` as JSON (every comment, tally, history) and as HTML (stored page plus consultation) three
# times each with /usr/bin/time. Prints user+sys CPU seconds and the output size. Usage: bash bench/consultation.sh [COMMENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
comments=${1:-10000}
out=bench/.out/consultation
rm -rf "$out"
mkdir -p "$out"
dotnet build src/Dnscert.Cli -c Release -v q -nologo >/dev/null
dnscert=src/Dnscert.Cli/bin/Release/net10.0/dnscert
id=$("$dnscert" report publish threats --from 2026-01-01 --to 2026-03-31 --tlp clear --title "Bench consultation" --data "$out/data" 2>/dev/null)
sqlite3 "$out/data/dnscert.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $comments)
INSERT INTO report_comments (id, report_id, author, organisation, at, text)
SELECT printf('00000000-0000-7000-8000-%012d', i), '$id', 'user' || (i % 300), 'org' || (i % 40), 1780000000000000 + i * 1000000,
       'Comment ' || i || ': ' || substr(replace(hex(zeroblob(200)), '0', 'lorem ipsum '), 1, 600) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO report_stances (report_id, user_name, seq, organisation, stance, at)
SELECT '$id', 'user' || (i % 300), i / 300, 'org' || (i % 40), CASE i % 3 WHEN 0 THEN 'supports' WHEN 1 THEN 'opposes' ELSE 'supports-with-reservations' END, 1780000000000000 + i FROM n;
SQL
echo "report $id: $comments comments, 500 stances; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for format in json html; do
  for run in 1 2 3; do
    /usr/bin/time -f "%U %S %e" -o "$out/time" "$dnscert" report show "$id" --format "$format" --data "$out/data" > "$out/show.$format"
    read -r user sys wall < "$out/time"
    echo "show --format $format run $run: cpu $(echo "$user + $sys" | bc) s (user $user, sys $sys), wall $wall s, $(stat -c %s "$out/show.$format") bytes"
  done
done
