-- Live events, version 2. Every committed write (comment created, edited, deleted; vote total changed)
-- stores one row here in the SAME transaction, then NOTIFY threadline_events '<thread>:<id>'. PostgreSQL
-- delivers a NOTIFY only at commit, so a rolled-back write is never announced. Each server process
-- LISTENs, reads the rows by id and streams them to its Server-Sent Events subscribers; a reconnecting
-- browser's Last-Event-ID replays what it missed from here.
--
-- `id` is global and increasing; within a thread, writers take a per-thread advisory lock just before
-- inserting, so a thread's events commit in id order (a reader that has seen id N has seen every
-- earlier event of that thread). Old rows are pruned by the server (24 h by default).

CREATE TABLE events (
  thread      text NOT NULL,
  id          bigserial NOT NULL,
  type        text NOT NULL CHECK (type IN ('comment-created', 'comment-edited', 'comment-deleted', 'vote-changed')),
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread, id)
);

-- Pruning by age.
CREATE INDEX events_created_at ON events (created_at);
