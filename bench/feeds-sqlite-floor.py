#!/usr/bin/env python3
"""What SQLite itself costs for the rows a feed ingest stores, without dnscert's code around it.

Inserts the rows `dnscert feeds ingest` writes for the benchmark feed of bench/feeds-ingest.sh (one observation per
distinct line, one evidence blob per line plus a quarter more, as the real run's ~600,000 blobs for 481,531
observations) into the store's own SQLite schema (src/Dnscert.Store/Migrations/sqlite/0001_initial.sql plus the
severity index of 0008), with the writer's settings (16 KiB pages, WAL, synchronous=NORMAL, 256 MiB cache, 64 MiB auto-checkpoint),
in batches of 20,000 in fingerprint order, through executemany (binding costs well under a microsecond a row).
Prints the process CPU time of the inserts alone, so it is a floor for the storage shape, not for dnscert.

Variants (first argument): full (the shape before migration 0011: one evidence row per line), noev (no evidence rows),
noidx (without the last-seen and severity indexes), noev-noidx, inline (the shape of migration 0011: each line inside
its observation's evidence_text column, no evidence rows), inline-onetx (inline, the whole ingest in one transaction),
inline-bulk (inline-onetx without the secondary indexes while inserting, each built again before the commit).
Usage: [FLOOR_PAGE_SIZE=4096] python3 bench/feeds-sqlite-floor.py VARIANT [FEED]   (FEED default: bench/.out/feeds/feed.txt)
"""
import hashlib
import os
import sqlite3
import sys
import tempfile
import time
import uuid

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
variant = sys.argv[1] if len(sys.argv) > 1 else "full"
feed = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "bench/.out/feeds/feed.txt")
directory = tempfile.mkdtemp(prefix="dnscert-floor-")
con = sqlite3.connect(os.path.join(directory, "floor.db"), isolation_level=None)
# The page size a new store gets (SqliteDialect.PageSize); FLOOR_PAGE_SIZE=4096 measures SQLite's default instead.
page_size = int(os.environ.get("FLOOR_PAGE_SIZE", "16384"))
for pragma in (f"page_size={page_size}", "journal_mode=wal", "synchronous=normal", "cache_size=-262144", f"wal_autocheckpoint={(64 << 20) // page_size}"):
    con.execute("PRAGMA " + pragma)
schema = open(os.path.join(root, "src/Dnscert.Store/Migrations/sqlite/0001_initial.sql")).read()
con.executescript(schema.split("CREATE TABLE schedule")[0])
inline = variant.startswith("inline")
if inline:
    con.execute("ALTER TABLE observations ADD COLUMN evidence_text TEXT")
if "noidx" not in variant:
    con.execute("CREATE INDEX observations_by_severity ON observations (severity, last_seen DESC, id DESC)")
else:
    con.execute("DROP INDEX observations_by_last_seen")

with open(feed) as f:
    lines = [line.strip() for line in f][:1000000]
distinct = sorted(set(lines))[:481531]
now = 1790000000000000
observations, evidence = [], []
for i, value in enumerate(distinct):
    digest = hashlib.sha256(value.encode()).hexdigest()
    evidence.append((digest, "text/plain", value.encode(), now))
    fingerprint = "feed|abuse.phishing|Domain|" + value
    ids = "[]" if "noev" in variant else '["' + digest + '"]'
    row = (str(uuid.UUID(int=i)), "domain", value, "abuse.phishing", 3, "amber", now, now, "open",
           fingerprint, ids, value + " (TLD com); reported by feeds: bench")
    observations.append(row + ('["' + value + '"]',) if inline else row)
evidence += [(hashlib.sha256((v + "x").encode()).hexdigest(), "text/plain", v.encode(), now) for v in distinct[:120000]]

start = time.process_time()
per_batch = 20000
# inline-onetx: the whole ingest in one transaction; inline-bulk: also without the secondary indexes while the rows
# go in, each index built again (sorted) before the commit, from its stored definition.
whole = variant in ("inline-onetx", "inline-bulk")
if whole:
    con.execute("BEGIN IMMEDIATE")
if variant == "inline-bulk":
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observations' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        con.execute("DROP INDEX " + name)
for at in range(0, len(observations), per_batch):
    if not whole:
        con.execute("BEGIN IMMEDIATE")
    if "noev" not in variant and not inline:
        share = sorted(evidence[at * len(evidence) // len(observations):(at + per_batch) * len(evidence) // len(observations)])
        con.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", share)
    con.executemany("INSERT INTO observations VALUES (" + ", ".join("?" * len(observations[0])) + ")", observations[at:at + per_batch])
    if not whole:
        con.execute("COMMIT")
if variant == "inline-bulk":
    for _, sql in indexes:
        con.execute(sql)
if whole:
    con.execute("COMMIT")
con.close()
cpu = time.process_time() - start
print(f"{variant}: {len(observations):,} observations, {0 if 'noev' in variant or inline else len(evidence):,} evidence rows: "
      f"{cpu:.2f} s CPU (process time of the inserts and commits), load average {open('/proc/loadavg').read().split()[0]}")
for name in os.listdir(directory):
    os.remove(os.path.join(directory, name))
os.rmdir(directory)
