-- Surge mode, version 12: a thread that gets more comments (or reports) a minute than the site allows
-- holds every new comment for moderators until it has been quiet for a while. `surge_until` is when
-- that ends unless more comes in; NULL when no surge is on.
ALTER TABLE threads ADD COLUMN surge_until timestamptz;
CREATE INDEX comments_recent ON comments (thread, created_at);
CREATE INDEX reports_recent ON reports (thread, created_at);
