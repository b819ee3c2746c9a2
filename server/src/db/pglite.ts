import { mkdir, open } from 'node:fs/promises';
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
   * power cut or kernel crash could lose the last acknowledged commits. This narrows that gap: the
   * commit record is on disk before we say 201. It does not close it: PGlite's checkpoints do not
   * fsync data files either, so PGlite is not power-loss-proof; use PostgreSQL where that matters.
   * It costs one fsync per write (see the README's benchmark). PGlite's own `relaxedDurability` only concerns its browser filesystems (it decides
   * whether a query waits for the flush to IndexedDB/OPFS); it is set to false here all the same.
   */
  syncCommits?: boolean;
}

/**
 * fsyncs the write-ahead-log segment holding the last flushed commit (asked from the server: by name,
 * the newest file can be a recycled future segment), and the previous one when the log moved on since
 * the last sync, so a commit that straddled two segments is fully on disk.
 */
function walSyncer(pg: PGlite, dataDir: string): () => Promise<void> {
  let previous: string | undefined;
  return async () => {
    const rows = await pg.query<{ f: string }>('SELECT pg_walfile_name(pg_current_wal_flush_lsn()) AS f');
    const current = rows.rows[0]?.f;
    if (!current) return;
    for (const name of previous && previous !== current ? [previous, current] : [current]) {
      const file = await open(join(dataDir, 'pg_wal', name), 'r').catch(() => undefined);
      if (!file) continue; // recycled by a checkpoint meanwhile: the commit is past that point
      try {
        await file.sync();
      } finally {
        await file.close();
      }
    }
    previous = current;
  };
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
  const sync = dataDir !== undefined && options.syncCommits === true ? walSyncer(pg, dataDir) : undefined;
  return {
    kind: 'pglite',
    ...base,
    async transaction(fn) {
      const result = await pg.transaction((tx) => fn(wrap(tx)));
      await sync?.();
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
