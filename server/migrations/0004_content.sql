-- A comment's body parsed into Threadline's comment AST (src/markdown/ast.ts), stored when the body is
-- written (create, edit; `[]` once deleted) so a read never parses markdown. The widget renders it and
-- ships no parser. NULL for rows written before this migration: the server parses their body when it
-- reads them, so no backfill runs here (and none blocks start-up on a big table).
ALTER TABLE comments ADD COLUMN content jsonb;
