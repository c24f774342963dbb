-- Placeholder for migration 0004 (the stored outbox of the notifications branch), so that 0005_campaigns applies on
-- this branch: the migrator refuses gaps. Delete this file when the real 0004 is merged.
SELECT 1;
