/** Shared test harness: the two storage backends, a test config, and a small request helper. */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import pg from 'pg';
import { inject } from 'vitest';
import { type AppDeps, createApp } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { openPglite } from '../../src/db/pglite';
import { openPostgres } from '../../src/db/postgres';

export const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

/** A fresh, empty PostgreSQL database on the test server (one per suite, so suites never share rows). */
export async function openTestPostgres(): Promise<Database> {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  const name = `tl_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  return openPostgres(url.toString(), 5);
}

export const BACKENDS = [
  { name: 'PGlite', open: () => openPglite() },
  { name: 'PostgreSQL', open: openTestPostgres },
] as const;

export async function openBackend(open: () => Promise<Database>): Promise<Database> {
  const db = await open();
  await migrate(db);
  return db;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    THREADLINE_JWT_SECRET: JWT_SECRET,
    THREADLINE_ORIGINS: 'https://news.example',
    THREADLINE_RATE_WRITES_PER_IDENTITY: '10000',
    THREADLINE_RATE_WRITES_PER_ADDRESS: '10000',
    THREADLINE_RATE_READS_PER_ADDRESS: '10000',
    // Suites post dozens of comments a minute into one thread; surge mode has its own tests.
    THREADLINE_SURGE_COMMENTS_PER_MINUTE: '0',
    THREADLINE_SURGE_REPORTS_PER_MINUTE: '0',
    ...env,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely and assert on them
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  json?: unknown;
  /** Sent as-is (for broken JSON and oversize bodies). */
  raw?: string;
  token?: string | undefined;
  headers?: Record<string, string>;
}

/** A test server: the app over `db`, a movable clock, and `call()` for requests without a port. */
export function harness(db: Database, env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  const clock = { now: Date.parse('2030-01-01T12:00:00Z') };
  const config = testConfig(env);
  const app = createApp({
    db,
    config,
    now: () => clock.now,
    clientAddress: (c) => c.req.header('X-Test-Address') ?? '198.51.100.7',
    ...deps,
  });
  // biome-ignore lint/suspicious/noExplicitAny: as above
  async function call<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Reply<T>> {
    const headers = new Headers(options.headers);
    if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
    let body: string | undefined;
    if (options.json !== undefined || options.raw !== undefined) {
      body = options.raw ?? JSON.stringify(options.json);
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    }
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }
  return { app, db, clock, config, call };
}

export type Harness = ReturnType<typeof harness>;

/** Row counts of every table, to show a refused request stored nothing. */
export type Table = 'threads' | 'comments' | 'votes' | 'identities' | 'idempotency_keys';
export async function tableCounts(db: Database): Promise<Record<Table, number>> {
  const rows = await db.query<{ t: Table; n: number }>(
    `SELECT 'threads' AS t, count(*)::int AS n FROM threads
     UNION ALL SELECT 'comments', count(*)::int FROM comments
     UNION ALL SELECT 'votes', count(*)::int FROM votes
     UNION ALL SELECT 'identities', count(*)::int FROM identities
     UNION ALL SELECT 'idempotency_keys', count(*)::int FROM idempotency_keys`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n])) as Record<Table, number>;
}

/** Posts a comment as a new guest; returns the comment and the guest's token. */
export async function postAsGuest(h: Harness, thread: string, body = 'Hello', name = 'Ann') {
  const res = await h.call('POST', `/api/threads/${thread}/comments`, { json: { body, authorName: name } });
  if (res.status !== 201) throw new Error(`post failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { comment: res.body.comment, token: res.body.identity.token as string };
}

/** A site login token (HS256 with the test secret) carrying `claims`; `sub` defaults to u1. */
export function siteToken(claims: Record<string, unknown>, exp = '2h'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'u1'))
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(JWT_SECRET));
}
