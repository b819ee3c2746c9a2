/**
 * One transaction per write: a real failure in a LATER statement of a request (raised by a trigger
 * installed for the test) must leave nothing of that request behind, on both backends.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/database';
import {
  BACKENDS,
  type Harness,
  harness,
  openBackend,
  postAsGuest,
  type Reply,
  tableCounts,
} from './support/harness';

async function snapshot(db: Database) {
  return {
    counts: await tableCounts(db),
    comments: await db.query('SELECT id, body, score, reply_count, status FROM comments ORDER BY thread, id'),
    votes: await db.query('SELECT * FROM votes ORDER BY comment_id, identity_id'),
  };
}

describe.each(BACKENDS)('atomic writes on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openBackend(open);
    h = harness(db);
    await db.exec(`
      CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure on % %', TG_OP, TG_TABLE_NAME; END $$;`);
  });
  afterAll(() => db?.close());

  /** Runs `request` with a trigger that fails `op` on `table`, and checks nothing changed. */
  async function failingOn(op: 'INSERT' | 'UPDATE' | 'DELETE', table: string, request: () => Promise<Reply>) {
    const before = await snapshot(db);
    await db.exec(
      `CREATE TRIGGER test_fail BEFORE ${op} ON ${table} FOR EACH ROW EXECUTE FUNCTION test_fail()`,
    );
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await request();
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal');
    } finally {
      quiet.mockRestore();
      await db.exec(`DROP TRIGGER test_fail ON ${table}`);
    }
    expect(await snapshot(db)).toEqual(before);
  }

  it("a new guest's keyed first post: thread, identity and idempotency key are written, then the comment insert fails", async () => {
    await failingOn('INSERT', 'comments', () =>
      h.call('POST', '/api/threads/atomic-new/comments', {
        headers: { 'Idempotency-Key': 'atomic-key-0001-abcdef' },
        json: { body: 'x', authorName: 'A' },
      }),
    );
    // And the same key then works normally: the failed attempt did not claim it.
    const ok = await h.call('POST', '/api/threads/atomic-new/comments', {
      headers: { 'Idempotency-Key': 'atomic-key-0001-abcdef' },
      json: { body: 'x', authorName: 'A' },
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('a reply: the comment is inserted, then the parent reply count update fails', async () => {
    const { comment, token } = await postAsGuest(h, 'atomic-reply');
    await failingOn('UPDATE', 'comments', () =>
      h.call('POST', '/api/threads/atomic-reply/comments', {
        token,
        json: { body: 'r', parentId: comment.id },
      }),
    );
  });

  it('a vote: the vote is stored, then the score update fails', async () => {
    const { comment } = await postAsGuest(h, 'atomic-vote');
    const { token } = await postAsGuest(h, 'atomic-vote-elsewhere', 'Hello', 'Bo');
    await failingOn('UPDATE', 'comments', () =>
      h.call('PUT', `/api/threads/atomic-vote/comments/${comment.id}/vote`, { token, json: { value: 1 } }),
    );
  });

  it("a delete of a tombstone's last reply: the reply is removed, then removing the tombstone fails", async () => {
    const { comment, token } = await postAsGuest(h, 'atomic-del');
    const reply = await h.call('POST', '/api/threads/atomic-del/comments', {
      token,
      json: { body: 'r', parentId: comment.id },
    });
    await h.call('DELETE', `/api/threads/atomic-del/comments/${comment.id}`, { token });
    await failingOn('UPDATE', 'comments', () =>
      h.call('DELETE', `/api/threads/atomic-del/comments/${reply.body.comment.id}`, { token }),
    );
  });
});
