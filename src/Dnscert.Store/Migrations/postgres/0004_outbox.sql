-- The notification outbox (docs/notifications.md): rendered messages waiting for delivery, with their delivery
-- state, so a restart loses nothing. related_ids is a JSON array of the incident (or campaign) ids a message is
-- about; webhook_secret is the shared secret of a webhook message (null for e-mail); campaign_id names the campaign a
-- campaign message is about; attachments is a flat JSON array of (file name, media type, content) triples.
CREATE TABLE outbox (
    id              UUID    NOT NULL PRIMARY KEY,
    stakeholder     TEXT    NOT NULL,
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'webhook')),
    address         TEXT    NOT NULL,
    language        TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    related_ids     TEXT    NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_at      TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    last_error      TEXT,
    webhook_secret  TEXT,
    campaign_id     UUID   ,
    attachments     TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE outbox_related (
    message_id UUID NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    related_id UUID NOT NULL,
    PRIMARY KEY (related_id, message_id)
);
