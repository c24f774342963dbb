-- dnscert store, PostgreSQL, version 1. Times are timestamptz; ids are uuid; lists are JSON arrays in text, as
-- in SQLite, so both backends share one data access layer. Zone names use the "C" collation so that keyset
-- pages follow byte order, as SQLite's BINARY does. docs/store.md explains.

CREATE TABLE zone_sets (
    name              TEXT    NOT NULL PRIMARY KEY,
    tags              TEXT    NOT NULL,
    check_interval_us BIGINT  NOT NULL CHECK (check_interval_us > 0)
);

CREATE TABLE zones (
    name     TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    set_name TEXT    NOT NULL REFERENCES zone_sets (name),
    tags     TEXT    NOT NULL,
    added    TIMESTAMPTZ NOT NULL
);
CREATE INDEX zones_by_set ON zones (set_name, name);

CREATE TABLE evidence (
    sha256     TEXT    NOT NULL PRIMARY KEY CHECK (length(sha256) = 64),
    media_type TEXT    NOT NULL,
    content    BYTEA   NOT NULL,
    stored     TIMESTAMPTZ NOT NULL
);

CREATE TABLE check_runs (
    id               UUID    NOT NULL PRIMARY KEY,
    zone             TEXT    COLLATE "C" NOT NULL REFERENCES zones (name) ON DELETE CASCADE,
    started          TIMESTAMPTZ NOT NULL,
    duration_us      BIGINT  NOT NULL,
    highest_severity INTEGER NOT NULL,
    count_debug      INTEGER NOT NULL,
    count_info       INTEGER NOT NULL,
    count_notice     INTEGER NOT NULL,
    count_warning    INTEGER NOT NULL,
    count_error      INTEGER NOT NULL,
    count_critical   INTEGER NOT NULL,
    engine_version   TEXT    NOT NULL,
    messages         TEXT    NOT NULL
);
CREATE INDEX check_runs_by_zone ON check_runs (zone, started DESC, id DESC);

CREATE TABLE check_run_evidence (
    run_id   UUID    NOT NULL REFERENCES check_runs (id) ON DELETE CASCADE,
    sha256   TEXT    NOT NULL REFERENCES evidence (sha256),
    position INTEGER NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE INDEX check_run_evidence_by_blob ON check_run_evidence (sha256);

CREATE TABLE baselines (
    zone           TEXT    COLLATE "C" NOT NULL PRIMARY KEY REFERENCES zones (name) ON DELETE CASCADE,
    name_servers   TEXT    NOT NULL,
    ds_records     TEXT    NOT NULL,
    dnskey_records TEXT    NOT NULL,
    glue_addresses TEXT    NOT NULL,
    soa_serial     BIGINT,
    confirmed_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE observations (
    id            UUID    NOT NULL PRIMARY KEY,
    subject_kind  TEXT    NOT NULL,
    subject_value TEXT    NOT NULL,
    threat_type   TEXT    NOT NULL,
    severity      INTEGER NOT NULL,
    tlp           TEXT    NOT NULL,
    first_seen    TIMESTAMPTZ NOT NULL,
    last_seen     TIMESTAMPTZ NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('open', 'resolved')),
    fingerprint   TEXT    NOT NULL,
    evidence_ids  TEXT    NOT NULL,
    summary       TEXT    NOT NULL
);
CREATE INDEX observations_by_last_seen ON observations (last_seen DESC, id DESC);
CREATE INDEX observations_by_fingerprint ON observations (fingerprint, state, last_seen DESC);
CREATE INDEX observations_by_subject ON observations (subject_kind, subject_value);

CREATE TABLE schedule (
    zone                 TEXT    COLLATE "C" NOT NULL PRIMARY KEY REFERENCES zones (name) ON DELETE CASCADE,
    next_due             TIMESTAMPTZ NOT NULL,
    last_run             TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL CHECK (consecutive_failures >= 0)
);
CREATE INDEX schedule_by_next_due ON schedule (next_due, zone);

CREATE TABLE users (
    name          TEXT NOT NULL PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer'))
);
