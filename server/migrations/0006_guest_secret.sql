-- A new guest's first post may carry a random secret (`guestSecret`); only its SHA-256 is kept here.
-- Replaying that post with its Idempotency-Key re-issues the guest's token only to a request that shows
-- the same secret, so knowing a key, a body and a name is not enough to take over a guest.
ALTER TABLE idempotency_keys ADD COLUMN secret_hash text;
