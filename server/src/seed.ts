/**
 * Seeds the demo threads (the article and the opinion page) from demo/seed-*.json (arrays of
 * SeedComment) when they have no comments, so `npm start` shows lively pages. A missing file is skipped.
 */
import { readFile } from 'node:fs/promises';
import type { SeedComment } from '@threadline/contract';
import { z } from 'zod';
import type { Database } from './db/database';
import { newId } from './ids';
import { contentJson } from './repo/rows';

export const DEMO_THREAD = 'tidewater-night-ferry';

export interface DemoSeed {
  thread: string;
  file: URL;
}

export const DEMO_SEEDS: readonly DemoSeed[] = [
  { thread: DEMO_THREAD, file: new URL('../../demo/seed-comments.json', import.meta.url) },
  { thread: 'tidewater-opinion-bridge', file: new URL('../../demo/seed-opinion.json', import.meta.url) },
];

const seedSchema = z.array(
  z.object({
    key: z.string().min(1),
    parentKey: z.string().min(1).nullable(),
    authorName: z.string().min(1).max(80),
    body: z.string().min(1).max(10_000),
    minutesAgo: z.number().nonnegative(),
    score: z.number().int(),
    pinned: z.boolean().optional(),
  }),
);

/** Returns how many comments were stored (0 when the thread already had some or there is no file). */
export async function seedThread(
  db: Database,
  thread: string,
  comments: readonly SeedComment[],
  now = Date.now(),
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO threads (thread) VALUES ($1) ON CONFLICT (thread) DO NOTHING', [thread]);
    const existing = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM comments WHERE thread = $1',
      [thread],
    );
    if ((existing[0]?.n ?? 0) > 0) return 0;
    const ids = new Map<string, string>();
    const replies = new Map<string, number>();
    for (const c of comments) if (c.parentKey) replies.set(c.parentKey, (replies.get(c.parentKey) ?? 0) + 1);
    // Oldest first, so every parent is stored before its replies.
    const ordered = [...comments].sort((a, b) => b.minutesAgo - a.minutesAgo);
    for (const c of ordered) {
      const parentId = c.parentKey === null ? null : ids.get(c.parentKey);
      if (parentId === undefined)
        throw new Error(`Seed comment "${c.key}" replies to unknown or newer "${c.parentKey}".`);
      const createdAt = now - c.minutesAgo * 60_000;
      const id = newId(createdAt);
      ids.set(c.key, id);
      const authorId = `seed:${c.authorName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      await tx.query(
        `INSERT INTO comments (thread, id, parent_id, author_id, author_name, author_role, body, content,
                               created_at, score, reply_count, pinned)
         VALUES ($1, $2, $3, $4, $5, 'guest', $6, $7::jsonb, $8, $9, $10, $11)`,
        [
          thread,
          id,
          parentId,
          authorId,
          c.authorName,
          c.body,
          contentJson(c.body),
          new Date(createdAt),
          c.score,
          replies.get(c.key) ?? 0,
          c.pinned ?? false,
        ],
      );
    }
    return ordered.length;
  });
}

async function seedFile(db: Database, { thread, file }: DemoSeed): Promise<number> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return 0;
  }
  const parsed = seedSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new Error(`${file.pathname} is not a list of seed comments: ${parsed.error.message}`);
  const comments: SeedComment[] = parsed.data.map(({ pinned, ...c }) =>
    pinned === undefined ? c : { ...c, pinned },
  );
  return seedThread(db, thread, comments);
}

/** Seeds every demo thread that is still empty; returns how many comments were stored in all. */
export async function seedDemo(db: Database, seeds: readonly DemoSeed[] = DEMO_SEEDS): Promise<number> {
  let stored = 0;
  for (const seed of seeds) stored += await seedFile(db, seed);
  return stored;
}
