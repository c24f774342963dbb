-- Placeholder on branch traffic2: version 0006 belongs to another branch (see the brief of this session); the migrator
-- refuses gaps, so 0007_traffic needs it here. Delete this file when the real 0006 is merged.
SELECT 1;
