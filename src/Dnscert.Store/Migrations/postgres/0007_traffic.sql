-- Traffic statistics for the dashboard (docs/traffic.md): one row per stored analysis or live dnstap session with its
-- totals and top-k lists (JSON), one row per statistics bucket, and the detection windows for the timeline. Rows under
-- a capture go with it (retention deletes captures by stored_at).
CREATE TABLE traffic_captures (
    id             UUID    NOT NULL PRIMARY KEY,
    source         TEXT    NOT NULL,
    tlp            TEXT    NOT NULL,
    stored_at      TIMESTAMPTZ NOT NULL,
    first_seen     TIMESTAMPTZ,
    last_seen      TIMESTAMPTZ,
    bucket_seconds INTEGER NOT NULL,
    summary        TEXT    NOT NULL
);
CREATE INDEX traffic_captures_by_stored ON traffic_captures (stored_at DESC, id DESC);
CREATE TABLE traffic_buckets (
    capture_id UUID    NOT NULL REFERENCES traffic_captures (id) ON DELETE CASCADE,
    start      TIMESTAMPTZ NOT NULL,
    messages   BIGINT  NOT NULL,
    queries    BIGINT  NOT NULL,
    responses  BIGINT  NOT NULL,
    counts     TEXT    NOT NULL,
    PRIMARY KEY (capture_id, start)
);
CREATE TABLE traffic_detections (
    capture_id   UUID    NOT NULL REFERENCES traffic_captures (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    detector     TEXT    NOT NULL,
    threat_type  TEXT    NOT NULL,
    severity     INTEGER NOT NULL,
    subject      TEXT    NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    window_end   TIMESTAMPTZ NOT NULL,
    summary      TEXT    NOT NULL,
    PRIMARY KEY (capture_id, position)
);
