-- Names signed-in users and moderators write under, in the compared form `nameKey` makes
-- (src/adapters/validate.ts: NFKC, lower case, no white space or invisible characters). A guest may not
-- take one. Filled as site users write, so a site user is protected from their next comment on; global,
-- like identities.
CREATE TABLE reserved_names (
  name_key     text PRIMARY KEY,
  identity_id  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
