/**
 * Every comment the API returns carries `content`, its body parsed into the comment AST at write time and
 * stored; a row from before the content column is parsed when read. On both backends.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Comment, MdNode } from '@threadline/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { LiveHub } from '../src/live/hub';
import { seedThread } from '../src/seed';
import { BACKENDS, type Harness, harness, openBackend, postAsGuest } from './support/harness';
import { readSse, type SseReader } from './support/sse';

const BOLD_AND_LINK = '**bold** and [a link](https://example.com)';
const BOLD_AND_LINK_CONTENT: MdNode[] = [
  {
    type: 'paragraph',
    children: [
      { type: 'strong', children: [{ type: 'text', text: 'bold' }] },
      { type: 'text', text: ' and ' },
      { type: 'link', href: 'https://example.com/', children: [{ type: 'text', text: 'a link' }] },
    ],
  },
];
const para = (text: string): MdNode[] => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

describe.each(BACKENDS)('comment content on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  let hub: LiveHub;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    db = await openBackend(open);
    hub = new LiveHub(db, { heartbeatMs: 60_000 });
    h = harness(db, {}, { live: hub });
  });

  afterAll(async () => {
    await Promise.all(readers.map((r) => r.close()));
    await hub?.shutdown();
    await db?.close();
  });

  async function stored(id: string): Promise<unknown> {
    const rows = await db.query<{ content: unknown }>('SELECT content FROM comments WHERE id = $1', [id]);
    return rows[0]?.content;
  }

  async function stream(thread: string, lastEventId?: string): Promise<SseReader> {
    const headers: Record<string, string> = lastEventId ? { 'Last-Event-ID': lastEventId } : {};
    const res = await h.app.request(`/api/threads/${thread}/events`, { headers });
    if (!res.body) throw new Error('no body');
    const reader = readSse(res.body);
    readers.push(reader);
    await reader.next((m) => m.event === 'ready');
    return reader;
  }

  const byId = (comments: Comment[], id: string) => comments.find((c) => c.id === id);

  it('parses markdown on create, stores it, and returns the same content on an idempotent replay', async () => {
    const post = () =>
      h.call('POST', '/api/threads/c-create/comments', {
        json: { body: BOLD_AND_LINK, authorName: 'Ann' },
        headers: { 'Idempotency-Key': 'content-0001-replay' },
      });
    const first = await post();
    expect(first.status).toBe(201);
    expect(first.body.comment.content).toEqual(BOLD_AND_LINK_CONTENT);
    expect(await stored(first.body.comment.id)).toEqual(BOLD_AND_LINK_CONTENT);
    const again = await post();
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body.comment).toMatchObject({ id: first.body.comment.id, content: BOLD_AND_LINK_CONTENT });
  });

  it('keeps the text of a javascript: link and drops its target (href null)', async () => {
    const { comment } = await postAsGuest(h, 'c-hostile', '[x](javascript:alert(1))');
    expect(comment.content).toEqual([
      {
        type: 'paragraph',
        children: [{ type: 'link', href: null, children: [{ type: 'text', text: 'x' }] }],
      },
    ]);
  });

  it('returns content in list pages (with included replies) and replies pages, and edits change it', async () => {
    const parent = await postAsGuest(h, 'c-list', 'The *parent*');
    const reply = await h.call('POST', '/api/threads/c-list/comments', {
      json: { parentId: parent.comment.id, body: 'A `reply`' },
      token: parent.token,
    });
    expect(reply.status).toBe(201);
    const replyContent: MdNode[] = [
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'A ' },
          { type: 'code', text: 'reply' },
        ],
      },
    ];
    const parentContent: MdNode[] = [
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'The ' },
          { type: 'em', children: [{ type: 'text', text: 'parent' }] },
        ],
      },
    ];

    const list = await h.call('GET', '/api/threads/c-list/comments?replies=5');
    expect(byId(list.body.comments, parent.comment.id)?.content).toEqual(parentContent);
    expect(byId(list.body.comments, reply.body.comment.id)?.content).toEqual(replyContent);
    const replies = await h.call('GET', `/api/threads/c-list/comments/${parent.comment.id}/replies`);
    expect(replies.body.comments).toHaveLength(1);
    expect(replies.body.comments[0].content).toEqual(replyContent);

    const edit = await h.call('PATCH', `/api/threads/c-list/comments/${parent.comment.id}`, {
      json: { body: 'Now **strong**' },
      token: parent.token,
    });
    const edited: MdNode[] = [
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Now ' },
          { type: 'strong', children: [{ type: 'text', text: 'strong' }] },
        ],
      },
    ];
    expect(edit.status).toBe(200);
    expect(edit.body.content).toEqual(edited);
    expect(await stored(parent.comment.id)).toEqual(edited);
    const after = await h.call('GET', '/api/threads/c-list/comments');
    expect(byId(after.body.comments, parent.comment.id)?.content).toEqual(edited);
  });

  it('gives a tombstone empty content, in the delete answer, in lists and in the row', async () => {
    const parent = await postAsGuest(h, 'c-delete', 'Soon **gone**');
    await h.call('POST', '/api/threads/c-delete/comments', {
      json: { parentId: parent.comment.id, body: 'I stay' },
      token: parent.token,
    });
    const del = await h.call('DELETE', `/api/threads/c-delete/comments/${parent.comment.id}`, {
      token: parent.token,
    });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ status: 'deleted', body: '', content: [] });
    expect(await stored(parent.comment.id)).toEqual([]);
    const list = await h.call('GET', '/api/threads/c-delete/comments?replies=1');
    expect(byId(list.body.comments, parent.comment.id)).toMatchObject({ status: 'deleted', content: [] });

    const alone = await postAsGuest(h, 'c-delete', 'No replies');
    const gone = await h.call('DELETE', `/api/threads/c-delete/comments/${alone.comment.id}`, {
      token: alone.token,
    });
    expect(gone.body).toMatchObject({ status: 'deleted', content: [] });
  });

  it('sends content in live events (created, edited, deleted)', async () => {
    const reader = await stream('c-live');
    const author = await postAsGuest(h, 'c-live', BOLD_AND_LINK);
    const created = JSON.parse((await reader.next((m) => m.event === 'comment-created')).data);
    expect(created.comment.content).toEqual(BOLD_AND_LINK_CONTENT);
    await h.call('PATCH', `/api/threads/c-live/comments/${author.comment.id}`, {
      json: { body: 'plain now' },
      token: author.token,
    });
    const edited = JSON.parse((await reader.next((m) => m.event === 'comment-edited')).data);
    expect(edited.comment.content).toEqual(para('plain now'));
    await h.call('DELETE', `/api/threads/c-live/comments/${author.comment.id}`, { token: author.token });
    const deleted = JSON.parse((await reader.next((m) => m.event === 'comment-deleted')).data);
    expect(deleted.comment.content).toEqual([]);
  });

  it('parses the body of a row written before the content column (content NULL) when reading it', async () => {
    const parent = await postAsGuest(h, 'c-legacy', 'Parent');
    // As a server before migration 0004 wrote them: no content.
    await db.query(
      `INSERT INTO comments (thread, id, parent_id, author_id, author_name, author_role, body, created_at)
       VALUES ('c-legacy', '0000000000legacy0001', $1, 'g_old', 'Old', 'guest', $2, now())`,
      [parent.comment.id, BOLD_AND_LINK],
    );
    await db.query(
      `UPDATE comments SET reply_count = 1, content = NULL, body = 'Old *parent*' WHERE id = $1`,
      [parent.comment.id],
    );
    expect(await stored('0000000000legacy0001')).toBeNull();
    const list = await h.call('GET', '/api/threads/c-legacy/comments?replies=1');
    expect(byId(list.body.comments, '0000000000legacy0001')?.content).toEqual(BOLD_AND_LINK_CONTENT);
    expect(byId(list.body.comments, parent.comment.id)?.content).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Old ' },
          { type: 'em', children: [{ type: 'text', text: 'parent' }] },
        ],
      },
    ]);
    const replies = await h.call('GET', `/api/threads/c-legacy/comments/${parent.comment.id}/replies`);
    expect(replies.body.comments[0].content).toEqual(BOLD_AND_LINK_CONTENT);
  });

  it('reads the stored content rather than parsing the body again', async () => {
    const { comment } = await postAsGuest(h, 'c-stored', 'Original');
    await db.query(`UPDATE comments SET content = $2::jsonb WHERE id = $1`, [
      comment.id,
      JSON.stringify(para('from the column')),
    ]);
    const list = await h.call('GET', '/api/threads/c-stored/comments');
    expect(list.body.comments[0]).toMatchObject({ body: 'Original', content: para('from the column') });
  });

  it('fills content into a replayed event stored before comments carried it', async () => {
    const { comment } = await postAsGuest(h, 'c-old-event', 'Earlier');
    const before = await db.query<{ id: string }>(
      `SELECT max(id)::text AS id FROM events WHERE thread = 'c-old-event'`,
    );
    const { content: _, ...old } = { ...comment, body: 'Old *event*', myVote: 0 };
    await db.query(
      `INSERT INTO events (thread, type, payload) VALUES ('c-old-event', 'comment-edited', $1)`,
      [JSON.stringify({ comment: old })],
    );
    const reader = await stream('c-old-event', before[0]?.id);
    const replayed = JSON.parse(reader.of('comment-edited')[0]?.data ?? '{}');
    expect(replayed.comment.content).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'Old ' },
          { type: 'em', children: [{ type: 'text', text: 'event' }] },
        ],
      },
    ]);
  });

  it('stores content for seeded comments', async () => {
    await seedThread(db, 'c-seed', [
      { key: 'a', parentKey: null, authorName: 'Seed', body: '**Seeded**', minutesAgo: 5, score: 0 },
    ]);
    const rows = await db.query<{ content: unknown }>(`SELECT content FROM comments WHERE thread = 'c-seed'`);
    expect(rows.map((r) => r.content)).toEqual([
      [{ type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', text: 'Seeded' }] }] }],
    ]);
  });
});

describe("the server's markdown parser", () => {
  it("loads under plain Node (tsx, as `npm start` runs it), not only under Vitest's module interop", async () => {
    // From the server's folder, by package name, as the server's own modules import it.
    const script = `const { parseMarkdown } = await import('@threadline/contract');
      process.stdout.write(JSON.stringify(parseMarkdown(${JSON.stringify(BOLD_AND_LINK)})));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    expect(JSON.parse(stdout)).toEqual(BOLD_AND_LINK_CONTENT);
  });
});
