-- Version 11 (docs/store.md, docs/feeds.md): a feed's raw lines are kept inside the observation that cites them, as
-- a JSON array of strings in evidence_text, instead of one evidence row per line keyed by a random SHA-256 (a second
-- B-tree written all over per line: half of SQLite's cost of a feed ingest). Evidence ids stay the SHA-256 of each
-- line, so the API, the exports and the visibility rule see the same ids; a look-up by id that the evidence table does
-- not answer hashes the lines of the observations citing it. Only text/plain blobs of at most 2,048 bytes cited by
-- feed observations move; everything else stays in the evidence table.
ALTER TABLE observations ADD COLUMN evidence_text TEXT;

UPDATE observations SET evidence_text = (
    SELECT json_group_array(CAST(e.content AS TEXT))
    FROM json_each(observations.evidence_ids) j JOIN evidence e ON e.sha256 = j.value
    WHERE e.media_type = 'text/plain' AND length(e.content) <= 2048)
WHERE fingerprint LIKE 'feed|%' AND EXISTS (
    SELECT 1 FROM json_each(observations.evidence_ids) j JOIN evidence e ON e.sha256 = j.value
    WHERE e.media_type = 'text/plain' AND length(e.content) <= 2048);

-- The moved lines leave the evidence table unless a check run or an observation without inline lines cites them.
DELETE FROM evidence
WHERE media_type = 'text/plain' AND length(content) <= 2048
  AND sha256 IN (SELECT j.value FROM observations o, json_each(o.evidence_ids) j WHERE o.evidence_text IS NOT NULL)
  AND sha256 NOT IN (SELECT sha256 FROM check_run_evidence)
  AND sha256 NOT IN (SELECT j.value FROM observations o, json_each(o.evidence_ids) j WHERE o.evidence_text IS NULL);
