-- Look-alike names, version 11. A guest may not take a name that reads like a signed-in user's or a
-- moderator's: besides `name_key` (case, spaces and invisible characters ignored) each reserved name
-- keeps its two confusable forms (moderation/fold.ts: folded, and the UTS #39 skeleton). Rows from
-- before this version get them when their owner next writes.
ALTER TABLE reserved_names ADD COLUMN fold_key text;
ALTER TABLE reserved_names ADD COLUMN skeleton_key text;
CREATE INDEX reserved_names_fold ON reserved_names (fold_key);
CREATE INDEX reserved_names_skeleton ON reserved_names (skeleton_key);
