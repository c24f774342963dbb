-- Published reports and their consultations (docs/reports.md). A report is rendered once: its content columns can
-- never be updated (the trigger below), only its consultation closed. Comments are append-only; stances are a history,
-- each user's latest counting in the tally.
CREATE TABLE published_reports (
    id             TEXT    NOT NULL PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('threats', 'health', 'gaps')),
    title          TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    period_from    TEXT    NOT NULL,
    period_to      TEXT    NOT NULL,
    language       TEXT    NOT NULL CHECK (language IN ('en', 'fr', 'es')),
    tlp            TEXT    NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict')),
    published_by   TEXT    NOT NULL,
    published_at   INTEGER NOT NULL,
    sha256         TEXT    NOT NULL CHECK (length(sha256) = 64),
    html           TEXT    NOT NULL,
    json           TEXT    NOT NULL,
    comments_until INTEGER,
    closed_at      INTEGER,
    closed_by      TEXT
);
CREATE INDEX published_reports_by_time ON published_reports (published_at DESC, id DESC);

CREATE TRIGGER published_reports_immutable BEFORE UPDATE OF id, kind, title, period_from, period_to, language, tlp, published_by, published_at, sha256, html, json, comments_until
ON published_reports
BEGIN
    SELECT RAISE(ABORT, 'a published report cannot be changed');
END;

CREATE TABLE report_comments (
    id           TEXT    NOT NULL PRIMARY KEY,
    report_id    TEXT    NOT NULL REFERENCES published_reports (id),
    author       TEXT    NOT NULL,
    organisation TEXT,
    at           INTEGER NOT NULL,
    text         TEXT    NOT NULL
);
CREATE INDEX report_comments_by_report ON report_comments (report_id, at, id);

CREATE TABLE report_stances (
    report_id    TEXT    NOT NULL REFERENCES published_reports (id),
    user_name    TEXT    NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 0),
    organisation TEXT    NOT NULL,
    stance       TEXT    NOT NULL CHECK (stance IN ('supports', 'supports-with-reservations', 'opposes')),
    at           INTEGER NOT NULL,
    PRIMARY KEY (report_id, user_name, seq)
);
