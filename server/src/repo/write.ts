/**
 * Write operations. Each runs inside the caller's transaction (`tx`), so any refusal or failure part-way
 * rolls back every statement of the request.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type Comment,
  NAME_TAKEN,
  nameKey,
  type Policy,
  RESERVED_NAMES,
  type Viewer,
  type VoteResult,
  type VoteValue,
} from '@threadline/contract';
import { hashToken, newGuestToken } from '../auth/guest';
import type { Identity } from '../auth/identity';
import type { ModerationConfig } from '../config';
import type { Queryable } from '../db/database';
import { newId } from '../ids';
import { publicComment, recordEvent } from '../live/events';
import { ApiError, conflict, forbidden, notFound, unauthorized } from '../middleware/errors';
import { confusableWith, nameKeys } from '../moderation/fold';
import { noteActivity } from '../moderation/surge';
import type { CreateCommentBody } from '../validation';
import { assertNotBanned } from './bans';
import { logAction } from './moderation-log';
import { findComment, threadRules } from './read';
import { type CommentRow, contentJson, isVisible, toComment, type Viewing } from './rows';

export interface WriteContext {
  tx: Queryable;
  identity: Identity | null;
  now: Date;
  editWindowSeconds: number;
  autoCreateThreads: boolean;
  moderation: ModerationConfig;
  /** The caller's address, keyed (see bans.ts): what an address ban matches and a comment keeps. */
  addressKey: string;
}

/** Moderators are never held back by a ban; everyone else is checked before a write. */
async function assertMayWrite(ctx: WriteContext, identity: Identity | null): Promise<void> {
  if (identity?.role !== 'moderator') await assertNotBanned(ctx.tx, identity, ctx.addressKey, ctx.now);
}

/** How the writer sees their own comment: as its author, and as a moderator when they are one. */
const viewingOf = (identity: Identity): Viewing => ({
  id: identity.id,
  moderator: identity.role === 'moderator',
});

/** What screening (moderation/screening.ts) made of a new comment, short of refusing it. */
export interface Screened {
  verdict: 'publish' | 'hold' | 'spam' | 'refuse';
  reason?: string;
}

/** A new guest's token, shown once in the response that created it. */
export interface IssuedIdentity {
  token: string;
  viewer: Viewer;
}

export interface Created {
  comment: Comment;
  identity?: IssuedIdentity;
  replayed: boolean;
}

const viewerOf = (identity: Identity): Viewer => ({
  id: identity.id,
  name: identity.name,
  role: identity.role,
});

/**
 * Refuses a name a guest chooses when a signed-in user or moderator writes under it (or it is the
 * tombstones' name): compared case-, space- and invisible-character-insensitively, and by look-alikes
 * (`Ρaul` in Greek, `PauI` with a capital i, `ＰＡＵＬ`) through their confusable forms.
 */
export async function assertNameFree(tx: Queryable, name: string, field = 'authorName'): Promise<void> {
  const [fold, skeleton] = nameKeys(name);
  const taken =
    confusableWith(name, RESERVED_NAMES) !== undefined ||
    (
      await tx.query(
        'SELECT 1 FROM reserved_names WHERE name_key = $1 OR fold_key = $2 OR skeleton_key = $3',
        [nameKey(name), fold, skeleton],
      )
    ).length > 0;
  if (taken) {
    throw new ApiError(422, NAME_TAKEN.reason, `The request is not valid: ${field} ${NAME_TAKEN.rule}.`, {
      [field]: NAME_TAKEN.rule,
    });
  }
}

/** Remembers the name a site user writes under, so no guest can take it later. */
async function reserveName(tx: Queryable, identity: Identity): Promise<void> {
  if (identity.kind !== 'site') return;
  const [fold, skeleton] = nameKeys(identity.name);
  await tx.query(
    `INSERT INTO reserved_names (name_key, identity_id, fold_key, skeleton_key) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name_key) DO UPDATE SET fold_key = EXCLUDED.fold_key, skeleton_key = EXCLUDED.skeleton_key`,
    [nameKey(identity.name), identity.id, fold, skeleton],
  );
}

export async function createGuest(
  tx: Queryable,
  name: string,
): Promise<{ identity: Identity; issued: IssuedIdentity }> {
  const identity: Identity = { kind: 'guest', id: `g_${newId()}`, name, role: 'guest' };
  const token = newGuestToken();
  await tx.query('INSERT INTO identities (id, token_hash, name) VALUES ($1, $2, $3)', [
    identity.id,
    hashToken(token),
    name,
  ]);
  return { identity, issued: { token, viewer: viewerOf(identity) } };
}

function requestHash(thread: string, input: CreateCommentBody): string {
  const canonical = [
    thread,
    input.parentId ?? null,
    input.body,
    input.authorName ?? null,
    input.anchor ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

async function ensureThread(ctx: WriteContext, thread: string): Promise<Policy> {
  if (ctx.autoCreateThreads) {
    await ctx.tx.query(
      'INSERT INTO threads (thread, created_at) VALUES ($1, $2) ON CONFLICT (thread) DO NOTHING',
      [thread, ctx.now],
    );
  }
  const rows = await ctx.tx.query<{
    closed: boolean;
    policy: Policy | null;
    created_at: Date | string;
    surge_until: Date | string | null;
  }>(
    `SELECT t.closed, t.policy, t.created_at, s.surge_until
       FROM threads t LEFT JOIN thread_surges s USING (thread) WHERE t.thread = $1 FOR SHARE OF t`,
    [thread],
  );
  const row = rows[0];
  if (!row)
    throw notFound('thread_not_found', 'This thread does not exist; a moderator must create it first.');
  const rules = threadRules(row, ctx.moderation, ctx.now.getTime());
  if (rules.closed) throw forbidden('thread_closed', 'This thread is closed to new comments.');
  return rules.policy;
}

/**
 * Whether a new comment waits for a moderator, and why: the thread's policy, or a parent that is itself
 * waiting (a reply must not show a held comment's existence). Moderators' own comments never wait.
 */
async function holdReason(
  ctx: WriteContext,
  policy: Policy,
  identity: Identity,
  parentVisible: boolean,
): Promise<string | null> {
  if (identity.role === 'moderator') return null;
  if (policy === 'premoderate') return 'policy';
  if (!parentVisible) return 'parent_held';
  if (policy === 'first-post') {
    const rows = await ctx.tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM comments WHERE author_id = $1 AND status = 'published' LIMIT $2) mine`,
      [identity.id, ctx.moderation.firstPosts],
    );
    if ((rows[0]?.n ?? 0) < ctx.moderation.firstPosts) return 'first-post';
  }
  return null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Whether the replay shows the secret the first post carried (compared in constant time). */
function provesOrigin(storedHash: string | null, secret: string | undefined): boolean {
  if (!storedHash || secret === undefined) return false;
  return timingSafeEqual(Buffer.from(storedHash, 'hex'), Buffer.from(sha256(secret), 'hex'));
}

async function replay(
  ctx: WriteContext,
  thread: string,
  scope: string,
  key: string,
  hash: string,
  guestSecret: string | undefined,
): Promise<Created> {
  const rows = await ctx.tx.query<{
    request_hash: string;
    comment_id: string;
    identity_id: string;
    secret_hash: string | null;
  }>(
    'SELECT request_hash, comment_id, identity_id, secret_hash FROM idempotency_keys WHERE thread = $1 AND scope = $2 AND key = $3',
    [thread, scope, key],
  );
  const row = rows[0];
  if (!row) throw new Error('idempotency key vanished between insert and select');
  if (row.request_hash !== hash) {
    throw conflict(
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different comment; use a new key.',
    );
  }
  const stored = await findComment(ctx.tx, thread, row.comment_id, row.identity_id);
  if (!stored)
    throw conflict(
      'idempotency_key_reused',
      'The comment created with this Idempotency-Key no longer exists.',
    );
  const result: Created = {
    comment: toComment(stored, { id: row.identity_id, moderator: ctx.identity?.role === 'moderator' }),
    replayed: true,
  };
  if (scope === 'anonymous' && provesOrigin(row.secret_hash, guestSecret)) {
    // The first answer (with the token) was lost, or the client would have sent the token, and the
    // caller showed the first post's secret, so it is that client. Issue a new token for the same guest
    // and retire the undelivered one, so only one live token ever exists. Without the secret a replay
    // gets the (public) comment and no credentials: a key, a body and a name are not proof.
    const token = newGuestToken();
    const updated = await ctx.tx.query<{ id: string; name: string }>(
      'UPDATE identities SET token_hash = $2 WHERE id = $1 RETURNING id, name',
      [row.identity_id, hashToken(token)],
    );
    const guest = updated[0];
    if (guest) result.identity = { token, viewer: { id: guest.id, name: guest.name, role: 'guest' } };
  }
  return result;
}

/** Moves a parent's count of visible or held replies by `delta`. */
export async function countChild(
  tx: Queryable,
  thread: string,
  parentId: string,
  kind: 'visible' | 'held',
  delta: number,
): Promise<void> {
  const column = kind === 'visible' ? 'reply_count' : 'held_reply_count';
  await tx.query(`UPDATE comments SET ${column} = ${column} + $3 WHERE thread = $1 AND id = $2`, [
    thread,
    parentId,
    delta,
  ]);
}

export async function createComment(
  ctx: WriteContext,
  thread: string,
  input: CreateCommentBody,
  idempotencyKey: string | undefined,
  screened: Screened = { verdict: 'publish' },
): Promise<Created> {
  const { tx } = ctx;
  const id = newId(ctx.now.getTime());
  let identity = ctx.identity;
  await assertMayWrite(ctx, identity);
  let issued: IssuedIdentity | undefined;
  let guestName = input.authorName;
  if (!identity && guestName === undefined) {
    throw new ApiError(422, 'validation_failed', 'authorName is required to post as a guest.', {
      authorName: 'is required to post as a guest',
    });
  }
  // A new guest's identity id is made now so the idempotency record can name it.
  const newGuestId = identity ? undefined : `g_${newId()}`;

  // The secret only matters for a post that makes a new guest; with an identity it is ignored.
  const guestSecret = identity ? undefined : input.guestSecret;
  if (idempotencyKey !== undefined) {
    const scope = identity?.id ?? 'anonymous';
    const hash = requestHash(thread, input);
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (thread, scope, key, request_hash, comment_id, identity_id, secret_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING key`,
      [
        thread,
        scope,
        idempotencyKey,
        hash,
        id,
        identity?.id ?? newGuestId,
        guestSecret === undefined ? null : sha256(guestSecret),
      ],
    );
    if (claimed.length === 0) return replay(ctx, thread, scope, idempotencyKey, hash, guestSecret);
  }

  const policy = await ensureThread(ctx, thread);
  if (policy === 'signed-in' && identity?.kind !== 'site') {
    throw forbidden('sign_in_required', 'Only signed-in readers may comment in this thread; sign in first.');
  }
  const parentId = input.parentId ?? null;
  let parentVisible = true;
  if (parentId !== null) {
    const parent = await tx.query<{ status: string; author_id: string }>(
      'SELECT status, author_id FROM comments WHERE thread = $1 AND id = $2 FOR UPDATE',
      [thread, parentId],
    );
    const row = parent[0];
    // A held comment is no parent for anyone but its author and moderators, who can see it.
    const seen =
      row && (isVisible(row.status) || row.author_id === identity?.id || identity?.role === 'moderator');
    if (!row || !seen)
      throw notFound('parent_not_found', 'There is no such comment in this thread to reply to.');
    if (row.status === 'deleted')
      throw conflict('parent_deleted', 'That comment was deleted; it takes no new replies.');
    parentVisible = isVisible(row.status);
  }

  if (!identity) {
    guestName ??= 'Guest'; // unreachable (checked above); keeps the type a string
    await assertNameFree(tx, guestName);
    identity = { kind: 'guest', id: newGuestId ?? `g_${newId()}`, name: guestName, role: 'guest' };
    const token = newGuestToken();
    await tx.query('INSERT INTO identities (id, token_hash, name) VALUES ($1, $2, $3)', [
      identity.id,
      hashToken(token),
      guestName,
    ]);
    issued = { token, viewer: viewerOf(identity) };
  } else if (identity.kind === 'guest' && guestName !== undefined && guestName !== identity.name) {
    // A guest keeps the name it has; only a new one is checked against site users' names.
    await assertNameFree(tx, guestName);
    await tx.query('UPDATE identities SET name = $2 WHERE id = $1', [identity.id, guestName]);
  } else {
    await reserveName(tx, identity);
  }
  const authorName = identity.kind === 'guest' ? (guestName ?? identity.name) : identity.name;
  // A defence's verdict first (spam, or held and why); then the thread's policy.
  const spam = screened.verdict === 'spam';
  const held =
    spam || screened.verdict === 'hold'
      ? (screened.reason ?? 'screened')
      : await holdReason(ctx, policy, identity, parentVisible);

  const rows = await tx.query<CommentRow>(
    `INSERT INTO comments (thread, id, parent_id, author_id, author_name, author_url, author_avatar, author_role,
                           body, content, created_at, anchor_id, anchor_quote, status, status_reason, address_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16)
     RETURNING *, 0 AS my_vote`,
    [
      thread,
      id,
      parentId,
      identity.id,
      authorName,
      identity.kind === 'site' ? (identity.url ?? null) : null,
      identity.kind === 'site' ? (identity.avatar ?? null) : null,
      identity.role,
      input.body,
      contentJson(input.body),
      ctx.now,
      input.anchor?.id ?? null,
      input.anchor?.quote ?? null,
      spam ? 'spam' : held ? 'pending' : 'published',
      held,
      ctx.addressKey,
    ],
  );
  if (parentId !== null) await countChild(tx, thread, parentId, held ? 'held' : 'visible', 1);
  if (identity.role !== 'moderator') await noteActivity(tx, thread, 'comment', ctx.moderation, ctx.now);
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  const comment = toComment(row, viewingOf(identity));
  // A held comment is announced when a moderator approves it, not before.
  if (!held) await recordEvent(tx, thread, { type: 'comment-created', comment: publicComment(comment) });
  return issued ? { comment, identity: issued, replayed: false } : { comment, replayed: false };
}

/**
 * Locks the comment row, then reads it with the viewer's vote in a NEW statement. (A joined SELECT …
 * FOR UPDATE re-checks only the locked row after waiting, and would return a stale vote from its older
 * snapshot; under READ COMMITTED a new statement sees what the previous lock holder committed.)
 */
async function lockAndRead(
  tx: Queryable,
  thread: string,
  id: string,
  viewer: string,
): Promise<CommentRow | undefined> {
  const locked = await tx.query('SELECT 1 FROM comments WHERE thread = $1 AND id = $2 FOR UPDATE', [
    thread,
    id,
  ]);
  return locked.length === 0 ? undefined : findComment(tx, thread, id, viewer);
}

/**
 * Refuses a change to a closed thread's comments. Taken FOR SHARE, like a new comment's check, so a
 * thread being closed waits for the changes already under way and none slips in after it.
 */
async function assertOpen(ctx: WriteContext, thread: string, action: string): Promise<void> {
  const rows = await ctx.tx.query<{ closed: boolean }>(
    'SELECT closed FROM threads WHERE thread = $1 FOR SHARE',
    [thread],
  );
  if (rows[0]?.closed) {
    throw forbidden('thread_closed', `This thread is closed; its comments can no longer be ${action}.`);
  }
}

/** Loads a comment for a change by `identity`, refusing when it may not (401/403/404/409). */
async function ownComment(
  ctx: WriteContext,
  thread: string,
  id: string,
  action: string,
): Promise<CommentRow> {
  const identity = ctx.identity;
  if (!identity)
    throw unauthorized('identity_required', `Sign in or use your guest token to ${action} a comment.`);
  // Moderators still edit and delete in a closed thread: closing it must not stop moderation. The
  // thread is checked before the comment is locked, in the order a new comment takes them.
  if (identity.role !== 'moderator') await assertOpen(ctx, thread, action === 'edit' ? 'edited' : 'deleted');
  const row = await lockAndRead(ctx.tx, thread, id, identity.id);
  if (!row) throw notFound('comment_not_found', 'There is no such comment in this thread.');
  if (identity.role === 'moderator') return row;
  if (row.author_id !== identity.id)
    throw forbidden('not_author', `Only the author or a moderator may ${action} this comment.`);
  const age = (ctx.now.getTime() - new Date(row.created_at).getTime()) / 1000;
  if (age > ctx.editWindowSeconds) {
    throw forbidden(
      'edit_window_closed',
      `Comments can be changed for ${Math.round(ctx.editWindowSeconds / 60)} minutes after posting; that time is over.`,
    );
  }
  return row;
}

export async function editComment(
  ctx: WriteContext,
  thread: string,
  id: string,
  body: string,
): Promise<Comment> {
  await assertMayWrite(ctx, ctx.identity);
  const row = await ownComment(ctx, thread, id, 'edit');
  if (row.status === 'deleted')
    throw conflict('comment_deleted', 'This comment was deleted and cannot be edited.');
  const identity = ctx.identity as Identity;
  if (body === row.body) return toComment(row, viewingOf(identity));
  // The text it replaces is kept (moderators can read earlier versions).
  await ctx.tx.query(
    `INSERT INTO comment_versions (thread, comment_id, version, body, written_at, replaced_by)
     SELECT $1, $2, COALESCE(max(version), 0) + 1, $3, $4, $5 FROM comment_versions
      WHERE thread = $1 AND comment_id = $2`,
    [thread, id, row.body, row.edited_at ?? row.created_at, identity.id],
  );
  const byModerator = identity.role === 'moderator' && row.author_id !== identity.id;
  const rows = await ctx.tx.query<CommentRow>(
    `UPDATE comments SET body = $3, content = $4::jsonb, edited_at = $5,
            edited_by_moderator = edited_by_moderator OR $7
      WHERE thread = $1 AND id = $2
     RETURNING *, $6::int AS my_vote`,
    [thread, id, body, contentJson(body), ctx.now, row.my_vote, byModerator],
  );
  const updated = rows[0];
  if (!updated) throw new Error('UPDATE … RETURNING returned no row');
  if (byModerator) {
    await logAction(ctx.tx, identity, {
      action: 'edit',
      thread,
      commentId: id,
      before: { body: row.body },
      after: { body },
    });
  }
  const comment = toComment(updated, viewingOf(identity));
  if (isVisible(updated.status))
    await recordEvent(ctx.tx, thread, { type: 'comment-edited', comment: publicComment(toComment(updated)) });
  return comment;
}

/**
 * With replies, the comment becomes a tombstone (body emptied) so the replies keep their place. Without,
 * it is removed, and so is every tombstone ancestor that thereby loses its last reply.
 */
export async function deleteComment(ctx: WriteContext, thread: string, id: string): Promise<Comment> {
  const row = await ownComment(ctx, thread, id, 'delete');
  const tombstone = toComment({ ...row, status: 'deleted', body: '' });
  if (row.status === 'deleted') return tombstone;
  const identity = ctx.identity as Identity;
  if (identity.role === 'moderator' && row.author_id !== identity.id) {
    await logAction(ctx.tx, identity, {
      action: 'delete',
      thread,
      commentId: id,
      before: { status: row.status, body: row.body },
    });
  }
  // Readers never saw a held comment, so its going is not announced.
  const announce = isVisible(row.status);
  if (row.reply_count > 0 || row.held_reply_count > 0) {
    await ctx.tx.query(
      `UPDATE comments SET status = 'deleted', body = '', content = '[]', score = 0 WHERE thread = $1 AND id = $2`,
      [thread, id],
    );
    if (!isVisible(row.status) && row.parent_id !== null) {
      await countChild(ctx.tx, thread, row.parent_id, 'held', -1);
      await countChild(ctx.tx, thread, row.parent_id, 'visible', 1);
    }
    await recordEvent(ctx.tx, thread, { type: 'comment-deleted', comment: tombstone });
    return tombstone;
  }
  let target: string | null = id;
  let visible = isVisible(row.status);
  while (target !== null) {
    const removed: { parent_id: string | null }[] = await ctx.tx.query(
      'DELETE FROM comments WHERE thread = $1 AND id = $2 RETURNING parent_id',
      [thread, target],
    );
    const parentId = removed[0]?.parent_id ?? null;
    if (parentId === null) break;
    const column = visible ? 'reply_count' : 'held_reply_count';
    const parent: { status: string; reply_count: number; held_reply_count: number }[] = await ctx.tx.query(
      `UPDATE comments SET ${column} = ${column} - 1 WHERE thread = $1 AND id = $2
       RETURNING status, reply_count, held_reply_count`,
      [thread, parentId],
    );
    const p = parent[0];
    target = p?.status === 'deleted' && p.reply_count === 0 && p.held_reply_count === 0 ? parentId : null;
    visible = true;
  }
  if (announce) await recordEvent(ctx.tx, thread, { type: 'comment-deleted', comment: tombstone });
  return tombstone;
}

/** One vote per identity and comment; a new value replaces the old one and the score moves by the difference. */
export async function vote(
  ctx: WriteContext,
  thread: string,
  id: string,
  value: VoteValue,
): Promise<VoteResult> {
  const identity = ctx.identity;
  if (!identity)
    throw unauthorized('identity_required', 'Post a comment, create a guest identity or sign in to vote.');
  await assertMayWrite(ctx, identity);
  await assertOpen(ctx, thread, 'voted on');
  const row = await lockAndRead(ctx.tx, thread, id, identity.id);
  if (!row) throw notFound('comment_not_found', 'There is no such comment in this thread.');
  if (row.status === 'deleted')
    throw conflict('comment_deleted', 'This comment was deleted; it takes no votes.');
  if (!isVisible(row.status))
    throw conflict('comment_held', 'This comment is waiting for a moderator; it takes no votes yet.');
  if (row.author_id === identity.id) throw forbidden('own_comment', 'You cannot vote on your own comment.');
  const delta = value - row.my_vote;
  if (delta === 0) return { id, score: row.score, myVote: value };
  if (value === 0) {
    await ctx.tx.query('DELETE FROM votes WHERE thread = $1 AND comment_id = $2 AND identity_id = $3', [
      thread,
      id,
      identity.id,
    ]);
  } else {
    await ctx.tx.query(
      `INSERT INTO votes (thread, comment_id, identity_id, value) VALUES ($1, $2, $3, $4)
       ON CONFLICT (thread, comment_id, identity_id) DO UPDATE SET value = EXCLUDED.value`,
      [thread, id, identity.id, value],
    );
  }
  const updated = await ctx.tx.query<{ score: number }>(
    'UPDATE comments SET score = score + $3 WHERE thread = $1 AND id = $2 RETURNING score',
    [thread, id, delta],
  );
  const score = updated[0]?.score ?? row.score + delta;
  await recordEvent(ctx.tx, thread, { type: 'vote-changed', id, score });
  return { id, score, myVote: value };
}
