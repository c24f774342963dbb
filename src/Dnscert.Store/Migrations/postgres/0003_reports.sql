-- Daily aggregate of observations (docs/statistics.md): one row per UTC day (day number since 0001-01-01), TLD,
-- region, threat type, source and severity. The observation writer keeps it up to date in the same transaction;
-- `dnscert stats rebuild` recomputes it from the observations.
CREATE TABLE observation_daily (
    day                INTEGER NOT NULL,
    tld                TEXT    NOT NULL,
    region             TEXT    NOT NULL,
    threat_type        TEXT    NOT NULL,
    source             TEXT    NOT NULL,
    severity           INTEGER NOT NULL,
    active             BIGINT NOT NULL,
    new_count          BIGINT NOT NULL,
    resolved           BIGINT NOT NULL,
    mitigation_seconds BIGINT NOT NULL,
    PRIMARY KEY (day, tld, region, threat_type, source, severity)
);
