/** Start-up pieces: configuration, migrations (also two processes at once), demo seeding. */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { MIGRATIONS_DIR, migrate } from '../src/db/migrate';
import { openPglite } from '../src/db/pglite';
import { eventsAfter } from '../src/live/events';
import { DEMO_SEEDS, DEMO_THREAD, seedDemo, seedThread } from '../src/seed';
import { harness, openTestPostgres } from './support/harness';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: './.data/pglite',
      editWindowSeconds: 900,
    });
    expect(config.origins).toEqual(['http://127.0.0.1:8787', 'http://localhost:5173']);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('names every bad variable and what to do', () => {
    const bad = () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        THREADLINE_JWT_SECRET: 'short',
        THREADLINE_EDIT_WINDOW: '-5',
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/PORT: must be a port number/);
    expect(bad).toThrow(/DATABASE_URL: must be a postgres/);
    expect(bad).toThrow(/THREADLINE_JWT_SECRET: must be at least 32 characters/);
    expect(bad).toThrow(/THREADLINE_EDIT_WINDOW: must be greater than 0/);
    expect(bad).toThrow(/Fix these environment variables/);
    expect(() => loadConfig({ THREADLINE_ORIGINS: 'https://a.example/path' })).toThrow(/origin only/);
    expect(loadConfig({ THREADLINE_ORIGINS: 'https://a.example, http://b.example:8080' }).origins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
  });
});

describe('migrations', () => {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));

  it('apply once on PGlite and are a no-op the second time', async () => {
    const db = await openPglite();
    expect(await migrate(db)).toEqual(files);
    expect(await migrate(db)).toEqual([]);
    await db.close();
  });

  it('give comments deleted before 0005 a score of 0, so they sort as they show', async () => {
    const early = mkdtempSync(join(tmpdir(), 'threadline-migrations-'));
    for (const file of files.filter((f) => f < '0005'))
      copyFileSync(join(MIGRATIONS_DIR, file), join(early, file));
    const db = await openPglite();
    await migrate(db, early);
    const seed = [
      { key: 'a', parentKey: null, authorName: 'Ann', body: 'Gone', minutesAgo: 60, score: 4 },
      { key: 'b', parentKey: null, authorName: 'Bo', body: 'Kept', minutesAgo: 30, score: 3 },
    ];
    await seedThread(db, 'old-deletes', seed);
    await db.query("UPDATE comments SET status = 'deleted', body = '' WHERE body = 'Gone'");
    expect(await migrate(db)).toEqual(files.filter((f) => f >= '0005'));
    const rows = await db.query<{ status: string; score: number }>(
      'SELECT status, score FROM comments ORDER BY status',
    );
    expect(rows).toEqual([
      { status: 'deleted', score: 0 },
      { status: 'published', score: 3 },
    ]);
    await db.close();
    rmSync(early, { recursive: true });
  });

  it('clear content stored over the limits before 0008, so it is parsed (and bounded) again when read', async () => {
    const early = mkdtempSync(join(tmpdir(), 'threadline-migrations-'));
    for (const file of files.filter((f) => f < '0008'))
      copyFileSync(join(MIGRATIONS_DIR, file), join(early, file));
    const db = await openPglite();
    await migrate(db, early);
    const body = '*a'.repeat(5000);
    await seedThread(db, 'old-content', [
      { key: 'big', parentKey: null, authorName: 'Ann', body, minutesAgo: 60, score: 0 },
      { key: 'small', parentKey: null, authorName: 'Bo', body: '*fine*', minutesAgo: 30, score: 0 },
    ]);
    // What the unbounded parser stored for the big body: thousands of nodes, about 200 KB.
    const unbounded = [
      {
        type: 'paragraph',
        children: Array.from({ length: 3000 }, () => ({
          type: 'em',
          children: [{ type: 'text', text: 'a' }],
        })),
      },
    ];
    await db.query('UPDATE comments SET content = $1::jsonb WHERE body = $2', [
      JSON.stringify(unbounded),
      body,
    ]);
    const [big] = await db.query<{ id: string }>('SELECT id FROM comments WHERE body = $1', [body]);
    const comment = { id: big?.id, body, content: unbounded, thread: 'old-content' };
    await db.query(
      `INSERT INTO events (thread, type, payload) VALUES ('old-content', 'comment-created', $1::jsonb)`,
      [JSON.stringify({ comment })],
    );

    expect(await migrate(db)).toEqual(files.filter((f) => f >= '0008'));
    const rows = await db.query<{ body: string; cleared: boolean }>(
      'SELECT body, content IS NULL AS cleared FROM comments ORDER BY body',
    );
    expect(rows).toEqual([
      { body, cleared: true },
      { body: '*fine*', cleared: false },
    ]);
    const page = await harness(db).call('GET', '/api/threads/old-content/comments');
    const served = page.body.comments.find((c: { body: string }) => c.body === body);
    expect(served.content).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: body }] }]);
    const [event] = await eventsAfter(db, 'old-content', '0');
    expect(event && 'comment' in event.event ? event.event.comment.content : null).toEqual(served.content);
    await db.close();
    rmSync(early, { recursive: true });
  });

  it('apply exactly once when two processes start at the same time on PostgreSQL', async () => {
    const first = await openTestPostgres();
    const url = (await first.query<{ db: string }>('SELECT current_database() AS db'))[0]?.db;
    expect(url).toBeDefined();
    // A second pool on the same database stands in for a second process.
    const { openPostgres } = await import('../src/db/postgres');
    const admin = new URL((await import('vitest')).inject('pgAdminUrl'));
    admin.pathname = `/${url}`;
    const second = await openPostgres(admin.toString(), 2);
    const [a, b] = await Promise.all([migrate(first), migrate(second)]);
    expect([...a, ...b].sort()).toEqual(files);
    expect(await first.query('SELECT version FROM schema_migrations')).toHaveLength(files.length);
    await first.close();
    await second.close();
  });
});

describe('demo seed', () => {
  it('seeds an empty thread once, parents before replies, with reply counts', async () => {
    const db = await openPglite();
    await migrate(db);
    const seed = [
      { key: 'a', parentKey: null, authorName: 'Ann', body: 'Root', minutesAgo: 60, score: 4 },
      { key: 'b', parentKey: 'a', authorName: 'Bo', body: 'Reply', minutesAgo: 30, score: 1 },
    ];
    expect(await seedThread(db, 'seeded', seed)).toBe(2);
    expect(await seedThread(db, 'seeded', seed)).toBe(0);
    const page = await harness(db).call('GET', '/api/threads/seeded/comments?replies=5');
    expect(
      page.body.comments.map((c: { body: string; replyCount: number; score: number }) => [
        c.body,
        c.replyCount,
        c.score,
      ]),
    ).toEqual([
      ['Root', 1, 4],
      ['Reply', 0, 1],
    ]);
    await db.close();
  });

  it('seeds both demo threads from demo/seed-*.json once, and skips a missing file', async () => {
    const db = await openPglite();
    await migrate(db);
    const missing = new URL('file:///nonexistent/seed.json');
    expect(await seedDemo(db, [{ thread: DEMO_THREAD, file: missing }])).toBe(0);
    const seeded = await seedDemo(db);
    const counts = await db.query<{ thread: string; n: number }>(
      'SELECT thread, count(*)::int AS n FROM comments GROUP BY thread ORDER BY thread',
    );
    expect(counts.map((row) => row.thread)).toEqual([...DEMO_SEEDS.map((seed) => seed.thread)].sort());
    expect(counts.every((row) => row.n > 0)).toBe(true);
    expect(counts.reduce((sum, row) => sum + row.n, 0)).toBe(seeded);
    expect(await seedDemo(db)).toBe(0);
    await db.close();
  });
});
