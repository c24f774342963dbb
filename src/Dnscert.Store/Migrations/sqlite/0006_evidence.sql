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
    new_count          INTEGER NOT NULL,
    resolved           INTEGER NOT NULL,
    mitigation_seconds INTEGER NOT NULL,
    PRIMARY KEY (month, tld, region, threat_type, source, severity)
);

CREATE TABLE observation_daily_tld (
    day       INTEGER NOT NULL,
    tld       TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    active    INTEGER NOT NULL,
    new_count INTEGER NOT NULL,
    PRIMARY KEY (day, tld, source)
);

INSERT INTO observation_monthly
SELECT day - (CAST(strftime('%d', 1721425.5 + day) AS INTEGER) - 1), tld, region, threat_type, source, severity,
       SUM(new_count), SUM(resolved), SUM(mitigation_seconds)
FROM observation_daily
GROUP BY 1, tld, region, threat_type, source, severity;

INSERT INTO observation_daily_tld
SELECT day, tld, source, SUM(active), SUM(new_count) FROM observation_daily GROUP BY day, tld, source;

-- Scheduler state of each configured abuse feed (docs/feeds.md), keyed by the feed id of feeds.json.
CREATE TABLE feed_status (
    feed_id              TEXT NOT NULL PRIMARY KEY,
    next_due             INTEGER NOT NULL,
    last_attempt         INTEGER,
    last_success         INTEGER,
    etag                 TEXT,
    last_modified        INTEGER,
    consecutive_failures INTEGER NOT NULL CHECK (consecutive_failures >= 0),
    last_error           TEXT,
    last_summary         TEXT
);
