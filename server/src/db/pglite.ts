import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
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

export interface PgliteOptions {
  /**
   * fsync the write-ahead log after every committed transaction, before the answer goes out.
   *
   * Why: PGlite runs PostgreSQL with fsync off (`-F`), and inside its WebAssembly build fsync and
   * fdatasync do nothing. With the Node filesystem every write still reaches the operating system at
   * once, so a killed process (even SIGKILL) loses nothing (tested in test/e2e/crash.test.ts); but a
   * power cut or kernel crash could lose the last acknowledged commits. This closes that gap: the
   * commit record is on disk before we say 201. It costs one fsync per write (see the README's
   * benchmark). PGlite's own `relaxedDurability` only concerns its browser filesystems (it decides
   * whether a query waits for the flush to IndexedDB/OPFS); it is set to false here all the same.
   */
  syncCommits?: boolean;
}

const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/** fsyncs the newest write-ahead log segment (the one the last commit was written to). */
async function syncWal(dataDir: string): Promise<void> {
  const dir = join(dataDir, 'pg_wal');
  const segments = (await readdir(dir)).filter((f) => WAL_SEGMENT.test(f)).sort();
  const newest = segments.at(-1);
  if (!newest) return;
  const file = await open(join(dir, newest), 'r');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Embedded PostgreSQL in this process. `dataDir` undefined keeps everything in memory (tests).
 * PGlite has one connection, so its transactions run one at a time; that is its documented model.
 */
export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const pg = dataDir === undefined ? new PGlite() : new PGlite(dataDir, { relaxedDurability: false });
  await pg.waitReady;
  const base = wrap(pg);
  const sync = dataDir !== undefined && options.syncCommits === true;
  return {
    kind: 'pglite',
    ...base,
    async transaction(fn) {
      const result = await pg.transaction((tx) => fn(wrap(tx)));
      if (sync) await syncWal(dataDir);
      return result;
    },
    // One process owns a PGlite data folder, so its own notifications are all there is to hear.
    async listen(channel, handlers) {
      const unlisten = await pg.listen(channel, (payload) => handlers.notify(payload));
      return () => unlisten();
    },
    close: () => pg.close(),
  };
}
