/** Stores and server processes for the load benchmark, all on 127.0.0.1, all stopped at the end. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '@threadline/server/test-support/postgres';
import { type ServerProcess, startServer } from '../../test/e2e/server-process';

/** No rate limits in the way of a load test, no demo seed. */
const BENCH_ENV = {
  THREADLINE_SEED_DEMO: 'false',
  THREADLINE_RATE_WRITES_PER_ADDRESS: '100000000',
  THREADLINE_RATE_WRITES_PER_IDENTITY: '100000000',
  THREADLINE_RATE_READS_PER_ADDRESS: '100000000',
  THREADLINE_MAX_STREAMS: '5000',
  // A load generator is one big surge: the bench measures the server, not the moderators' queue.
  THREADLINE_SURGE_COMMENTS_PER_MINUTE: '0',
};

export interface Deployment {
  name: string;
  store: 'PGlite' | 'PostgreSQL';
  processes: ServerProcess[];
  stop(): Promise<void>;
}

export async function deployPglite(name: string, extraEnv: Record<string, string> = {}): Promise<Deployment> {
  const dir = await mkdtemp(join(tmpdir(), 'threadline-bench-'));
  const server = await startServer({ ...BENCH_ENV, THREADLINE_DATA_DIR: dir, ...extraEnv });
  return {
    name,
    store: 'PGlite',
    processes: [server],
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL server with its crash-safe defaults (fsync on), and `count` server processes on it. */
export async function deployPostgres(name: string, count: number): Promise<Deployment> {
  const pg = await startPostgres({ durable: true });
  const env = { ...BENCH_ENV, DATABASE_URL: pg.url };
  const processes: ServerProcess[] = [];
  try {
    // One after the other: the first runs the migrations.
    for (let i = 0; i < count; i++) processes.push(await startServer(env));
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    await pg.stop();
    throw error;
  }
  return {
    name,
    store: 'PostgreSQL',
    processes,
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
      await pg.stop();
    },
  };
}
