#!/usr/bin/env bash
# Statistics at scale (docs/statistics.md): bulk-loads synthetic observations (a year, 40 TLDs, 8 threat types,
# 6 severities, a third resolved) straight into the store's observations table, rebuilds the daily aggregate with
# `dnscert stats rebuild`, then times the report/dashboard read (every chart of a threat report) for a year and a
# month, three times each, on SQLite and on PostgreSQL.
#   bench/stats-scale.sh [SQLITE_COUNT] [POSTGRES_COUNT] [POSTGRES_CONNECTION]
# Defaults: 1000000, 10000000, the test server of scripts/test-postgres.sh (schema dnscert_bench, dropped first).
# Needs sqlite3, psql and /usr/bin/time (Debian: time); a POSTGRES_COUNT of 0 skips PostgreSQL.
set -euo pipefail
sqlite_n=${1:-1000000}
pg_n=${2:-10000000}
pg_conn=${3:-"Host=127.0.0.1;Port=54329;Username=postgres;Password=postgres;Database=postgres"}
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/Dnscert.Cli" -c Release -v q -nologo >/dev/null
dll="$root/src/Dnscert.Cli/bin/Release/net10.0/dnscert.dll"
dnscert() { dotnet "$dll" "$@"; }
now_ms() { date +%s%3N; }
# Wall clock and CPU time (user + system) of one command; the machine may be shared, so CPU time is the steadier number.
timed() {
  local label=$1; shift
  local t0 out; t0=$(now_ms); out=$(mktemp)
  /usr/bin/time -o "$out" -f "%U %S" "$@" >/dev/null
  echo "$label: $(( $(now_ms) - t0 )) ms wall, $(awk '{ printf "%d", ($1 + $2) * 1000 }' "$out") ms CPU"
  rm -f "$out"
}

# One generated row per number n: TLD, threat, severity and first day follow from n; spans 0..6 days.
tlds="'fr','de','com','net','org','br','ke','jp','au','us','ca','ng','in','cn','ru','uk','nl','it','es','pl','se','ch','be','at','mx','ar','cl','za','eg','ma','sg','kr','id','nz','ir','sa','ae','tr','ua','info'"
threats="'abuse.phishing','abuse.malware','abuse.botnet-cc','infra.lame-delegation','infra.dnssec-bogus','attack.random-subdomain','attack.dga','infra.open-resolver'"

run_reports() {
  local spec=("$@")
  for i in 1 2 3; do
    timed "year report (all charts), run $i" dotnet "$dll" report threats --from 2025-01-01 --to 2025-12-31 --format json "${spec[@]}"
  done
  for i in 1 2 3; do
    timed "month report (all charts), run $i" dotnet "$dll" report threats --from 2025-06-01 --to 2025-06-30 --format json "${spec[@]}"
  done
}

if [ "$sqlite_n" -gt 0 ]; then
  dir=$(mktemp -d /tmp/dnscert-stats-bench-XXXXXX)
  dnscert stats rebuild --data "$dir" >/dev/null
  echo "SQLite: loading $sqlite_n observations"
  t0=$(now_ms)
  sqlite3 "$dir/dnscert.db" <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $sqlite_n),
t(k, v) AS (SELECT key, value FROM json_each('[${tlds//\'/\"}]')),
h(k, v) AS (SELECT key, value FROM json_each('[${threats//\'/\"}]'))
INSERT INTO observations (id, subject_kind, subject_value, threat_type, severity, tlp, first_seen, last_seen, state, fingerprint, evidence_ids, summary)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
  'domain', 'd' || i || '.' || (SELECT v FROM t WHERE k = i % 40), (SELECT v FROM h WHERE k = (i / 40) % 8), (i / 320) % 6, 'green',
  (1735689600 + (i % 365) * 86400 + (i % 86400)) * 1000000,
  (1735689600 + (i % 365) * 86400 + (i % 86400) + ((i / 7) % 7) * 86400 + 3600) * 1000000,
  CASE WHEN i % 3 = 0 THEN 'resolved' ELSE 'open' END, 'fp' || i, '[]', 'bench'
FROM n;
SQL
  echo "SQLite load: $(( $(now_ms) - t0 )) ms, database $(du -h "$dir/dnscert.db" | cut -f1)"
  timed "SQLite stats rebuild ($sqlite_n observations)" dotnet "$dll" stats rebuild --data "$dir"
  echo "SQLite daily rows: $(sqlite3 "$dir/dnscert.db" 'SELECT COUNT(*) FROM observation_daily')"
  run_reports --data "$dir" | sed 's/^/SQLite /'
  rm -rf "$dir"
fi

if [ "$pg_n" -gt 0 ]; then
  psql_conn="host=127.0.0.1 port=54329 user=postgres dbname=postgres"
  export PGPASSWORD=postgres
  psql -q "$psql_conn" -c "DROP SCHEMA IF EXISTS dnscert_bench CASCADE; CREATE SCHEMA dnscert_bench"
  conn="$pg_conn;Search Path=dnscert_bench"
  dnscert stats rebuild --postgres "$conn" >/dev/null
  echo "PostgreSQL: loading $pg_n observations"
  t0=$(now_ms)
  psql -q "$psql_conn" <<SQL
SET search_path = dnscert_bench; SET synchronous_commit = off;
INSERT INTO observations (id, subject_kind, subject_value, threat_type, severity, tlp, first_seen, last_seen, state, fingerprint, evidence_ids, summary)
SELECT gen_random_uuid(), 'domain', 'd' || i || '.' || (ARRAY[$tlds])[i % 40 + 1], (ARRAY[$threats])[(i / 40) % 8 + 1], (i / 320) % 6, 'green',
  to_timestamp(1735689600 + (i % 365) * 86400 + (i % 86400)),
  to_timestamp(1735689600 + (i % 365) * 86400 + (i % 86400) + ((i / 7) % 7) * 86400 + 3600),
  CASE WHEN i % 3 = 0 THEN 'resolved' ELSE 'open' END, 'fp' || i, '[]', 'bench'
FROM generate_series(0, $pg_n - 1) AS i;
SQL
  echo "PostgreSQL load: $(( $(now_ms) - t0 )) ms"
  timed "PostgreSQL stats rebuild ($pg_n observations)" dotnet "$dll" stats rebuild --postgres "$conn"
  echo "PostgreSQL daily rows: $(psql -tA "$psql_conn" -c 'SELECT COUNT(*) FROM dnscert_bench.observation_daily')"
  run_reports --postgres "$conn" | sed 's/^/PostgreSQL /'
  psql -q "$psql_conn" -c "DROP SCHEMA dnscert_bench CASCADE"
fi
