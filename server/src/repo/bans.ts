/**
 * Bans: a moderator keeps an identity, an address, or both from writing, for a time or until lifted. A
 * banned write is refused with 403 `banned`, saying until when. Addresses are keyed (salted SHA-256; an
 * IPv6 address by its /64, which one subscriber usually holds whole) before they are stored or compared.
 */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Identity } from '../auth/identity';
import type { Queryable } from '../db/database';
import { ApiError, conflict, notFound } from '../middleware/errors';
import { logAction } from './moderation-log';

let salt: Promise<string> | undefined;

/** The database's address salt (made by migration 0010), read once per process. */
function addressSalt(db: Queryable): Promise<string> {
  salt ??= db
    .query<{ value: string }>(`SELECT value FROM server_secrets WHERE name = 'address_salt'`)
    .then((rows) => rows[0]?.value ?? '')
    .catch((error: unknown) => {
      salt = undefined;
      throw error;
    });
  return salt;
}

/** The /64 of an IPv6 address (its first four groups, expanded), or the IPv4 address as it is. */
export function addressPrefix(address: string): string {
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
}

export async function addressKey(db: Queryable, address: string): Promise<string> {
  return createHash('sha256')
    .update(`${await addressSalt(db)}\0${addressPrefix(address)}`)
    .digest('hex');
}

/** Refuses a write by a banned identity or from a banned address. */
export async function assertNotBanned(
  tx: Queryable,
  identity: Identity | null,
  key: string,
  now: Date,
): Promise<void> {
  const rows = await tx.query<{ until: Date | string | null }>(
    `SELECT until FROM bans
      WHERE lifted_at IS NULL AND (until IS NULL OR until > $3)
        AND (identity_id = $1 OR address_key = $2)
      ORDER BY until DESC NULLS FIRST LIMIT 1`,
    [identity?.id ?? null, key, now],
  );
  const ban = rows[0];
  if (!ban) return;
  const until = ban.until === null ? null : new Date(ban.until).toISOString();
  throw new ApiError(
    403,
    'banned',
    until
      ? `A moderator has stopped you from commenting here until ${until}.`
      : 'A moderator has stopped you from commenting here.',
    { until: until ?? 'lifted by a moderator' },
  );
}

export interface Ban {
  id: string;
  identityId: string | null;
  /** Whether the ban covers an address (never the address itself). */
  address: boolean;
  reason: string | null;
  until: string | null;
  createdBy: string;
  createdAt: string;
}

interface BanRow {
  id: string;
  identity_id: string | null;
  address_key: string | null;
  reason: string | null;
  until: Date | string | null;
  created_by: string;
  created_at: Date | string;
  [key: string]: unknown;
}

const toBan = (r: BanRow): Ban => ({
  id: r.id,
  identityId: r.identity_id,
  address: r.address_key !== null,
  reason: r.reason,
  until: r.until === null ? null : new Date(r.until).toISOString(),
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Bans the author of a comment: their identity, the address the comment came from, or both. */
export async function banAuthor(
  tx: Queryable,
  moderator: Identity,
  o: {
    thread: string;
    commentId: string;
    scope: 'identity' | 'address' | 'both';
    hours?: number | undefined;
    reason?: string | undefined;
    now: Date;
  },
): Promise<Ban> {
  const rows = await tx.query<{ author_id: string; address_key: string | null; author_role: string }>(
    'SELECT author_id, address_key, author_role FROM comments WHERE thread = $1 AND id = $2',
    [o.thread, o.commentId],
  );
  const row = rows[0];
  if (!row) throw notFound('comment_not_found', 'There is no such comment in this thread.');
  if (row.author_role === 'moderator')
    throw conflict('moderator_author', 'Moderators cannot be banned here.');
  const identityId = o.scope === 'address' ? null : row.author_id;
  const address = o.scope === 'identity' ? null : row.address_key;
  if (o.scope === 'address' && address === null)
    throw conflict(
      'address_unknown',
      'This comment was written before addresses were kept; ban the identity.',
    );
  const until = o.hours === undefined ? null : new Date(o.now.getTime() + o.hours * 3_600_000);
  const inserted = await tx.query<BanRow>(
    `INSERT INTO bans (identity_id, address_key, reason, until, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id, identity_id, address_key, reason, until, created_by, created_at`,
    [identityId, address, o.reason ?? null, until, moderator.id, o.now],
  );
  const ban = toBan(inserted[0] as BanRow);
  await logAction(tx, moderator, {
    action: 'ban',
    thread: o.thread,
    commentId: o.commentId,
    reason: o.reason ?? null,
    after: { identityId: ban.identityId, address: ban.address, until: ban.until },
  });
  return ban;
}

export async function liftBan(tx: Queryable, moderator: Identity, id: string, now: Date): Promise<Ban> {
  const rows = await tx.query<BanRow>(
    `UPDATE bans SET lifted_at = $2 WHERE id = $1::bigint AND lifted_at IS NULL RETURNING id::text AS id, identity_id, address_key, reason, until, created_by, created_at`,
    [id, now],
  );
  const row = rows[0];
  if (!row) throw notFound('ban_not_found', 'There is no such ban in force.');
  const ban = toBan(row);
  await logAction(tx, moderator, {
    action: 'unban',
    before: { identityId: ban.identityId, address: ban.address, until: ban.until },
  });
  return ban;
}

/** Bans in force, newest first. */
export async function activeBans(db: Queryable, now: Date): Promise<Ban[]> {
  const rows = await db.query<BanRow>(
    `SELECT id::text AS id, identity_id, address_key, reason, until, created_by, created_at FROM bans
      WHERE lifted_at IS NULL AND (until IS NULL OR until > $1) ORDER BY bans.id DESC LIMIT 500`,
    [now],
  );
  return rows.map(toBan);
}
