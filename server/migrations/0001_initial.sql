-- Threadline schema, version 1.
-- Every thread-scoped table starts its primary key with `thread`, so the data can be sharded by thread
-- (e.g. Citus distributed tables) without changing a query. `identities` is the one global table: it is
-- small, keyed by identity, and would be a reference table in such a setup.

CREATE TABLE threads (
  thread      text PRIMARY KEY,
  title       text,
  url         text,
  closed      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Guest identities. Only the SHA-256 of the token is stored; the token itself is shown once.
CREATE TABLE identities (
  id          text PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
  thread        text NOT NULL REFERENCES threads (thread),
  id            text NOT NULL,
  parent_id     text,
  author_id     text NOT NULL,
  author_name   text NOT NULL,
  author_url    text,
  author_avatar text,
  author_role   text NOT NULL,
  body          text NOT NULL,
  created_at    timestamptz NOT NULL,
  edited_at     timestamptz,
  score         integer NOT NULL DEFAULT 0,
  reply_count   integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
  status        text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'pending', 'deleted')),
  pinned        boolean NOT NULL DEFAULT false,
  anchor_id     text,
  anchor_quote  text,
  PRIMARY KEY (thread, id),
  FOREIGN KEY (thread, parent_id) REFERENCES comments (thread, id)
);

-- Top-level pages: newest/oldest walk (thread, id); most voted walks (thread, score, id).
CREATE INDEX comments_top_by_id ON comments (thread, id) WHERE parent_id IS NULL;
CREATE INDEX comments_top_by_score ON comments (thread, score, id) WHERE parent_id IS NULL;
-- Replies in conversation order.
CREATE INDEX comments_replies ON comments (thread, parent_id, id) WHERE parent_id IS NOT NULL;

CREATE TABLE votes (
  thread       text NOT NULL,
  comment_id   text NOT NULL,
  identity_id  text NOT NULL,
  value        smallint NOT NULL CHECK (value IN (-1, 1)),
  PRIMARY KEY (thread, comment_id, identity_id),
  FOREIGN KEY (thread, comment_id) REFERENCES comments (thread, id) ON DELETE CASCADE
);

-- A create carrying an Idempotency-Key is stored once; a retry replays the stored comment.
-- `scope` is the identity id, or 'anonymous' for a first post by a new guest.
CREATE TABLE idempotency_keys (
  thread        text NOT NULL,
  scope         text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  comment_id    text NOT NULL,
  identity_id   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread, scope, key)
);
