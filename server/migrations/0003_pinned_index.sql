-- Every first page of a thread asks for its pinned top-level comments: a small partial index answers
-- that without walking all of the thread's top-level comments.
CREATE INDEX comments_pinned ON comments (thread, id) WHERE parent_id IS NULL AND pinned;
