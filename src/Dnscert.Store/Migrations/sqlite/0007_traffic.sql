-- Traffic statistics for the dashboard (docs/traffic.md): one row per stored analysis or live dnstap session with its
-- totals and top-k lists (JSON), one row per statistics bucket, and the detection windows for the timeline. Rows under
-- a capture go with it (retention deletes captures by stored_at).
CREATE TABLE traffic_captures (
    id             TEXT    NOT NULL PRIMARY KEY,
    source         TEXT    NOT NULL,
    tlp            TEXT    NOT NULL,
    stored_at      INTEGER NOT NULL,
    first_seen     INTEGER,
    last_seen      INTEGER,
    bucket_seconds INTEGER NOT NULL,
    summary        TEXT    NOT NULL
);
CREATE INDEX traffic_captures_by_stored ON traffic_captures (stored_at DESC, id DESC);
CREATE TABLE traffic_buckets (
    capture_id TEXT    NOT NULL REFERENCES traffic_captures (id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    messages   INTEGER NOT NULL,
    queries    INTEGER NOT NULL,
    responses  INTEGER NOT NULL,
    counts     TEXT    NOT NULL,
    PRIMARY KEY (capture_id, start)
);
CREATE TABLE traffic_detections (
    capture_id   TEXT    NOT NULL REFERENCES traffic_captures (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    detector     TEXT    NOT NULL,
    threat_type  TEXT    NOT NULL,
    severity     INTEGER NOT NULL,
    subject      TEXT    NOT NULL,
    window_start INTEGER NOT NULL,
    window_end   INTEGER NOT NULL,
    summary      TEXT    NOT NULL,
    PRIMARY KEY (capture_id, position)
);
