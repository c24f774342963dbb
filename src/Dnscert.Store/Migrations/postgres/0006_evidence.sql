-- Rollups of the daily aggregate (docs/statistics.md), kept in the same write transaction as observation_daily so a
-- year report sums a few thousand rows instead of the whole daily aggregate:
-- observation_monthly: new, resolved and time to mitigate per month (day number of its first day) and key;
-- observation_daily_tld: active and new per day, TLD and source (time series and DAAR-style medians).
CREATE TABLE observation_monthly (
    month              INTEGER NOT NULL,
    tld                TEXT    NOT NULL,
    region             TEXT    NOT NULL,
    threat_type        TEXT    NOT NULL,
    source             TEXT    NOT NULL,
    severity           INTEGER NOT NULL,
    new_count          BIGINT  NOT NULL,
    resolved           BIGINT  NOT NULL,
    mitigation_seconds BIGINT  NOT NULL,
    PRIMARY KEY (month, tld, region, threat_type, source, severity)
);

CREATE TABLE observation_daily_tld (
    day       INTEGER NOT NULL,
    tld       TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    active    BIGINT  NOT NULL,
    new_count BIGINT  NOT NULL,
    PRIMARY KEY (day, tld, source)
);

INSERT INTO observation_monthly
SELECT day - (CAST(EXTRACT(DAY FROM DATE '0001-01-01' + day) AS INTEGER) - 1), tld, region, threat_type, source, severity,
       SUM(new_count), SUM(resolved), SUM(mitigation_seconds)
FROM observation_daily
GROUP BY 1, tld, region, threat_type, source, severity;

INSERT INTO observation_daily_tld
SELECT day, tld, source, SUM(active), SUM(new_count) FROM observation_daily GROUP BY day, tld, source;

-- Scheduler state of each configured abuse feed (docs/feeds.md), keyed by the feed id of feeds.json.
CREATE TABLE feed_status (
    feed_id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    next_due             TIMESTAMPTZ NOT NULL,
    last_attempt         TIMESTAMPTZ,
    last_success         TIMESTAMPTZ,
    etag                 TEXT,
    last_modified        TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL CHECK (consecutive_failures >= 0),
    last_error           TEXT,
    last_summary         TEXT
);
