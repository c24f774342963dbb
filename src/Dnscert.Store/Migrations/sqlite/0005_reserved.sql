-- Placeholder on branch evidence: versions 0004 and 0005 belong to other branches (issue 6); delete this file when they merge.
SELECT 1;
