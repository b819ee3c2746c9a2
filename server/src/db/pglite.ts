import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database';

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(db: PgliteLike): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<T>(sql, [...params])).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/**
 * Embedded PostgreSQL in this process. `dataDir` undefined keeps everything in memory (tests).
 * PGlite has one connection, so its transactions run one at a time; that is its documented model.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const pg = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await pg.waitReady;
  const base = wrap(pg);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // One process owns a PGlite data folder, so its own notifications are all there is to hear.
    async listen(channel, handlers) {
      const unlisten = await pg.listen(channel, (payload) => handlers.notify(payload));
      return () => unlisten();
    },
    close: () => pg.close(),
  };
}
