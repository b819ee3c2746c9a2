-- Bans, version 10. A ban names an identity (a guest's id or a site user's `site:<sub>`), an address, or
-- both; it ends at `until` (NULL: until lifted) or when a moderator lifts it. Addresses are never stored
-- as they are: `address_key` is a salted SHA-256 of the address (of its /64 for IPv6), the salt made once
-- per database below, so the table cannot be read back into addresses with a list of all IPv4 ones.
CREATE TABLE server_secrets (
  name   text PRIMARY KEY,
  value  text NOT NULL
);
INSERT INTO server_secrets (name, value)
VALUES ('address_salt', md5(random()::text || clock_timestamp()::text) || md5(random()::text));

-- Where a comment came from, in the same keyed form, so a moderator can ban its author's address.
ALTER TABLE comments ADD COLUMN address_key text;

CREATE TABLE bans (
  id           bigserial PRIMARY KEY,
  identity_id  text,
  address_key  text,
  reason       text,
  until        timestamptz,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  lifted_at    timestamptz,
  CHECK (identity_id IS NOT NULL OR address_key IS NOT NULL)
);
CREATE INDEX bans_identity ON bans (identity_id) WHERE lifted_at IS NULL;
CREATE INDEX bans_address ON bans (address_key) WHERE lifted_at IS NULL;
