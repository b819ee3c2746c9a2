-- Surge state in a table of its own, version 13. Kept on the thread's row (0012), switching a surge on
-- meant upgrading the FOR SHARE lock every new comment takes on that row to an update: two posts at
-- once each held the share the other needed, and PostgreSQL aborted one as a deadlock. A row here is
-- locked only by the surge bookkeeping, after the share, so concurrent posts queue instead.
CREATE TABLE thread_surges (
  thread       text PRIMARY KEY REFERENCES threads (thread),
  surge_until  timestamptz NOT NULL
);
INSERT INTO thread_surges (thread, surge_until)
SELECT thread, surge_until FROM threads WHERE surge_until IS NOT NULL;
ALTER TABLE threads DROP COLUMN surge_until;

-- Each post reads its author's recent comments (repeats, first-post): by author, newest first.
CREATE INDEX comments_by_author ON comments (author_id, id);
