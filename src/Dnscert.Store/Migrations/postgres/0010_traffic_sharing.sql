-- Version 10 (docs/traffic.md): stored traffic is shared like an incident. `traffic analyze|listen --store --tlp` marks
-- a capture; its recipient organisations (--to) read it at AMBER (with their AMBER constituents) and AMBER+STRICT, and
-- its named people (--person) are the only readers of TLP:RED. The TLP column exists since version 7.
CREATE TABLE traffic_capture_recipients (
    capture_id   UUID NOT NULL REFERENCES traffic_captures (id) ON DELETE CASCADE,
    organisation TEXT NOT NULL,
    PRIMARY KEY (capture_id, organisation)
);
CREATE TABLE traffic_capture_people (
    capture_id UUID NOT NULL REFERENCES traffic_captures (id) ON DELETE CASCADE,
    user_name  TEXT NOT NULL,
    PRIMARY KEY (capture_id, user_name)
);
