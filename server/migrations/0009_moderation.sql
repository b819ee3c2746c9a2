-- Moderation, version 9: held comments, reports, per-thread policy and the moderators' audit log.
--
-- A comment is visible to every reader when it is 'published' (or a 'deleted' tombstone kept for its
-- replies). 'pending' waits for a moderator (a policy held it, a defence did, or reports hid it);
-- 'rejected' and 'spam' were refused by one. Those three show only to their author and to moderators.
-- `status_reason` says why (a moderator's reason for a rejection; what held it otherwise).
ALTER TABLE comments DROP CONSTRAINT IF EXISTS comments_status_check;
ALTER TABLE comments ADD CONSTRAINT comments_status_check
  CHECK (status IN ('published', 'pending', 'rejected', 'spam', 'deleted'));
ALTER TABLE comments ADD COLUMN status_reason text;
-- `reply_count` counts the replies every reader sees (published and tombstones); `held_reply_count` the
-- rest, so a comment with only held replies reads as having none, yet is not removed from under them.
ALTER TABLE comments ADD COLUMN held_reply_count integer NOT NULL DEFAULT 0 CHECK (held_reply_count >= 0);
ALTER TABLE comments ADD COLUMN report_count integer NOT NULL DEFAULT 0 CHECK (report_count >= 0);
ALTER TABLE comments ADD COLUMN edited_by_moderator boolean NOT NULL DEFAULT false;
-- The moderators' queue walks these newest first.
CREATE INDEX comments_held ON comments (status, id) WHERE status IN ('pending', 'rejected', 'spam');
CREATE INDEX comments_reported ON comments (id) WHERE report_count > 0;

-- NULL: the site's default policy (THREADLINE_POLICY).
ALTER TABLE threads ADD COLUMN policy text
  CHECK (policy IS NULL OR policy IN ('open', 'first-post', 'premoderate', 'signed-in'));

-- One report per identity per comment.
CREATE TABLE reports (
  thread       text NOT NULL,
  comment_id   text NOT NULL,
  identity_id  text NOT NULL,
  reason       text NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'illegal')),
  detail       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread, comment_id, identity_id),
  FOREIGN KEY (thread, comment_id) REFERENCES comments (thread, id) ON DELETE CASCADE
);

-- Earlier versions of a comment a moderator (or its author) replaced; moderators can read them.
CREATE TABLE comment_versions (
  thread      text NOT NULL,
  comment_id  text NOT NULL,
  version     integer NOT NULL,
  body        text NOT NULL,
  written_at  timestamptz NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  replaced_by text NOT NULL,
  PRIMARY KEY (thread, comment_id, version),
  FOREIGN KEY (thread, comment_id) REFERENCES comments (thread, id) ON DELETE CASCADE
);

-- Every moderation action: who, when, what, and the state before and after.
CREATE TABLE moderation_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    text NOT NULL,
  actor_name  text NOT NULL,
  action      text NOT NULL,
  thread      text,
  comment_id  text,
  reason      text,
  before      jsonb,
  after       jsonb
);
CREATE INDEX moderation_log_thread ON moderation_log (thread, id);
