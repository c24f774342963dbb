-- Coordination: users belong to organisations, the stakeholder directory, incidents with recipients, named
-- people (TLP:RED), linked observations and an append-only timeline. docs/coordination.md explains.

ALTER TABLE users ADD COLUMN organisation TEXT;

CREATE TABLE stakeholders (
    id       TEXT NOT NULL PRIMARY KEY,
    name     TEXT NOT NULL,
    document TEXT NOT NULL
);

CREATE TABLE stakeholder_constituents (
    organisation TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    constituent  TEXT NOT NULL,
    PRIMARY KEY (organisation, constituent)
);
CREATE INDEX stakeholder_constituents_by_constituent ON stakeholder_constituents (constituent);

CREATE TABLE incidents (
    id            UUID    NOT NULL PRIMARY KEY,
    title         TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('new', 'triaged', 'notified', 'acknowledged', 'mitigated', 'closed', 'rejected')),
    severity      INTEGER NOT NULL,
    tlp           TEXT    NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
    threat_type   TEXT    NOT NULL,
    subject_kind  TEXT    NOT NULL,
    subject_value TEXT    NOT NULL,
    opened_at     TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    group_key     TEXT
);
CREATE INDEX incidents_by_updated ON incidents (updated_at DESC, id DESC);
CREATE INDEX incidents_by_group ON incidents (group_key, updated_at DESC);

CREATE TABLE incident_recipients (
    incident_id  UUID NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    organisation TEXT NOT NULL,
    PRIMARY KEY (incident_id, organisation)
);
CREATE INDEX incident_recipients_by_organisation ON incident_recipients (organisation);

CREATE TABLE incident_people (
    incident_id UUID NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    user_name   TEXT NOT NULL,
    PRIMARY KEY (incident_id, user_name)
);
CREATE INDEX incident_people_by_user ON incident_people (user_name);

CREATE TABLE incident_observations (
    incident_id    UUID NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    observation_id UUID NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (incident_id, observation_id)
);
CREATE INDEX incident_observations_by_observation ON incident_observations (observation_id);

CREATE TABLE incident_timeline (
    incident_id UUID    NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq >= 0),
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, seq)
);
