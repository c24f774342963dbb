-- Campaigns (docs/campaigns.md): one coordinated action across many registries. A campaign's parties are its
-- recipient organisations for TLP; events are append-only. Lists of names are JSON arrays in text.
CREATE TABLE campaigns (
    id             TEXT    NOT NULL PRIMARY KEY,
    name           TEXT    NOT NULL,
    tlp            TEXT    NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
    created_by     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    input_count    INTEGER NOT NULL CHECK (input_count >= 0),
    acknowledge_by INTEGER NOT NULL,
    complete_by    INTEGER NOT NULL,
    unrouted       TEXT    NOT NULL,
    rejected       TEXT    NOT NULL,
    duplicates     TEXT    NOT NULL
);
CREATE INDEX campaigns_by_created ON campaigns (created_at DESC, id DESC);

CREATE TABLE campaign_parties (
    campaign_id      TEXT    NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    stakeholder_id   TEXT    NOT NULL,
    domain_count     INTEGER NOT NULL CHECK (domain_count >= 0),
    domains          TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'notified', 'acknowledged', 'completed')),
    notified_at      INTEGER,
    acknowledged_at  INTEGER,
    completed_at     INTEGER,
    last_reminder_at INTEGER,
    reminders        INTEGER NOT NULL CHECK (reminders >= 0),
    PRIMARY KEY (campaign_id, stakeholder_id)
);
CREATE INDEX campaign_parties_by_stakeholder ON campaign_parties (stakeholder_id);
CREATE INDEX campaign_parties_open ON campaign_parties (state) WHERE state <> 'completed';

CREATE TABLE campaign_events (
    campaign_id    TEXT    NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL CHECK (seq >= 0),
    at             INTEGER NOT NULL,
    actor          TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('created', 'sent', 'reminder', 'acknowledged', 'completed')),
    stakeholder_id TEXT,
    text           TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, seq)
);
