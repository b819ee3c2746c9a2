/**
 * A throwaway PostgreSQL server: initdb into a temp folder (as the `postgres` user when we are root, since
 * PostgreSQL refuses to run as root), a free port on 127.0.0.1, stopped by `stop()`. A shell watchdog
 * stops the server and removes its folder when this process dies without calling stop().
 * Used by the server suite's global setup and by the end-to-end tests that run several server processes.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** Admin connection URL (user postgres, database postgres). */
  url: string;
  stop(): Promise<void>;
}

function findBinDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

function ensureBinaries(): string {
  const found = findBinDir();
  if (found) return found;
  console.log('[pg-setup] PostgreSQL binaries missing; installing with apt-get');
  execFileSync('apt-get', ['install', '-y', '-q', 'postgresql'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findBinDir();
  if (!installed)
    throw new Error(
      'PostgreSQL is not installed and apt-get did not install it; install postgresql and retry.',
    );
  return installed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited during start:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not start in 30 s: ${(error as Error).message}\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export interface StartOptions {
  /**
   * Keep PostgreSQL's crash-safe defaults (fsync, synchronous_commit, full_page_writes). Tests turn
   * them off for speed; a benchmark that compares stores keeps them.
   */
  durable?: boolean;
}

export async function startPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const bin = ensureBinaries();
  const root = process.getuid?.() === 0;
  const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
    root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];

  const dir = mkdtempSync(join(tmpdir(), 'threadline-pg-'));
  const data = join(dir, 'data');
  if (root) execFileSync('chown', ['postgres:postgres', dir]);
  const [initCmd, initArgs] = asPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '--no-sync',
    '--no-locale',
    '-E',
    'UTF8',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });

  const port = await freePort();
  const watchdog = `
    "${bin}/postgres" -D "${data}" -p ${port} -k "${dir}" -c listen_addresses=127.0.0.1 \\
      ${options.durable ? '' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off'} -c max_connections=200 &
    pg=$!
    trap 'kill -INT $pg 2>/dev/null; wait $pg; exit 0' INT TERM
    while [ -d /proc/${process.pid} ] && kill -0 $pg 2>/dev/null; do sleep 1; done
    kill -INT $pg 2>/dev/null; wait $pg
    [ -d /proc/${process.pid} ] || rm -rf "${dir}"`;
  const [cmd, args] = asPostgres('sh', ['-c', watchdog]);
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {}
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
