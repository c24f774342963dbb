-- Version 8 (docs/store.md, docs/monitor.md): every zone carries a TLP marking, which its check runs, their
-- evidence and its baseline inherit, and the highest severity and start of its latest run, kept in the run's write
-- transaction, so the dashboard filters zones by latest severity in SQL through an index instead of reading every
-- zone's runs. Observations get an index for the severity filter in newest-first order.
ALTER TABLE zones ADD COLUMN tlp TEXT NOT NULL DEFAULT 'amber' CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red'));
ALTER TABLE zones ADD COLUMN latest_severity INTEGER;
ALTER TABLE zones ADD COLUMN latest_started TIMESTAMPTZ;

UPDATE zones SET
    latest_severity = (SELECT c.highest_severity FROM check_runs c WHERE c.zone = zones.name ORDER BY c.started DESC, c.id DESC LIMIT 1),
    latest_started = (SELECT c.started FROM check_runs c WHERE c.zone = zones.name ORDER BY c.started DESC, c.id DESC LIMIT 1);

CREATE INDEX zones_by_latest_severity ON zones (latest_severity, name);
CREATE INDEX observations_by_severity ON observations (severity, last_seen DESC, id DESC);
