/**
 * Server configuration, read once from environment variables and validated at start, so a typo in a
 * deployment fails loudly with the variable's name instead of misbehaving later.
 */

import { DEFAULT_EDIT_WINDOW_SECONDS, POLICIES, type Policy } from '@threadline/contract';
import { z } from 'zod';
import { ConfigError } from './config-error';
import { type ModerationSettings, spamEnvShape, toModerationSettings } from './moderation/settings';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));
const positiveInt = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be greater than 0');
/**
 * How many proxies in front of the server append to X-Forwarded-For: `false` (or 0) trusts none, `true`
 * one, a number that many. The client address is the entry that many places from the right, the one the
 * outermost trusted proxy wrote; entries further left are whatever the client sent.
 */
const proxyHops = z
  .string()
  .trim()
  .regex(/^(true|false|yes|no|\d{1,2})$/, 'must be true, false or a number of proxies (0–10)')
  .transform((v) => (v === 'true' || v === 'yes' ? 1 : v === 'false' || v === 'no' ? 0 : Number(v)))
  .pipe(z.number().max(10, 'must be true, false or a number of proxies (0–10)'));
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be 0–65535')
    .max(65_535, 'must be 0–65535')
    .default(8787),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  THREADLINE_DATA_DIR: z.string().trim().min(1).default('./.data/pglite'),
  DATABASE_URL: optionalString.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  ),
  THREADLINE_ORIGINS: optionalString,
  THREADLINE_EDIT_WINDOW: positiveInt.default(DEFAULT_EDIT_WINDOW_SECONDS),
  THREADLINE_MAX_BODY_BYTES: positiveInt.default(64 * 1024),
  THREADLINE_JWT_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (HS256 needs a 256-bit secret)').optional(),
  ),
  THREADLINE_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  THREADLINE_JWT_ISSUER: optionalString,
  THREADLINE_JWT_AUDIENCE: optionalString,
  THREADLINE_RATE_WRITES_PER_IDENTITY: positiveInt.default(10),
  THREADLINE_RATE_WRITES_PER_ADDRESS: positiveInt.default(30),
  THREADLINE_RATE_READS_PER_ADDRESS: positiveInt.default(600),
  THREADLINE_RATE_WINDOW: positiveInt.default(60),
  THREADLINE_TRUST_PROXY: proxyHops.default(0),
  THREADLINE_AUTO_CREATE_THREADS: bool.default(true),
  THREADLINE_SEED_DEMO: bool.default(true),
  THREADLINE_MAX_STREAMS: positiveInt.default(5000),
  THREADLINE_MAX_STREAMS_PER_CLIENT: positiveInt.default(10),
  THREADLINE_BODY_TIMEOUT: positiveInt.default(10),
  THREADLINE_PGLITE_SYNC: bool.default(true),
  THREADLINE_EVENT_RETENTION_HOURS: positiveInt.default(24),
  THREADLINE_POLICY: z
    .enum(POLICIES as [Policy, ...Policy[]], { error: `must be one of ${POLICIES.join(', ')}` })
    .default('open'),
  THREADLINE_FIRST_POSTS: positiveInt.default(1),
  THREADLINE_REPORT_THRESHOLD: positiveInt.default(3),
  ...spamEnvShape,
  THREADLINE_SURGE_COMMENTS_PER_MINUTE: z.coerce
    .number({ error: 'must be a number of comments (0: off)' })
    .int('must be a whole number (0: off)')
    .min(0, 'must be 0 (off) or more')
    .default(30),
  THREADLINE_SURGE_REPORTS_PER_MINUTE: z.coerce
    .number({ error: 'must be a number of reports (0: off)' })
    .int('must be a whole number (0: off)')
    .min(0, 'must be 0 (off) or more')
    .default(10),
  THREADLINE_SURGE_QUIET_MINUTES: positiveInt.default(15),
  THREADLINE_AUTO_CLOSE_DAYS: z.coerce
    .number({ error: 'must be a number of days (0: never)' })
    .int('must be a whole number of days (0: never)')
    .min(0, 'must be 0 (never) or more days')
    .default(0),
});

export interface RateLimits {
  /** Writes allowed per identity per window. */
  writesPerIdentity: number;
  /** Writes allowed per client address per window (covers new guests, who have no identity yet). */
  writesPerAddress: number;
  readsPerAddress: number;
  windowSeconds: number;
}

export interface JwtConfig {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** Exact origins (scheme://host[:port]) allowed to embed the widget and call the API from a browser. */
  origins: string[];
  editWindowSeconds: number;
  maxBodyBytes: number;
  jwt: JwtConfig;
  rateLimits: RateLimits;
  /**
   * Proxies in front of the server that append the address they saw to X-Forwarded-For (0: none, use
   * the socket's address). The client address is the entry this many places from the right.
   */
  trustProxyHops: number;
  /** Create a thread on its first comment; when false, threads must be created by a moderator first. */
  autoCreateThreads: boolean;
  seedDemo: boolean;
  /** PGlite: fsync the write-ahead log after each commit (survives power loss, not only a killed process). */
  pgliteSyncCommits: boolean;
  /** Live event streams (SSE) one process accepts at once; more are answered 503. */
  maxStreams: number;
  /** Live event streams one client (address, and identity when it sends a token) may hold; more get 429. */
  maxStreamsPerClient: number;
  /** Seconds a request body may take to arrive; a slower one is answered 408 and costs no write slot. */
  bodyTimeoutSeconds: number;
  /** How long events are kept for reconnecting clients to replay. */
  eventRetentionHours: number;
  moderation: ModerationConfig;
}

export interface ModerationConfig {
  /** The policy of a thread that has none of its own. */
  policy: Policy;
  /** Under `first-post`, how many of an identity's comments wait for a moderator. */
  firstPosts: number;
  /** Reports (from different identities) that hide a comment until a moderator reviews it. */
  reportThreshold: number;
  /** Threads close themselves this many days after they started; 0 never. */
  autoCloseDays: number;
  /**
   * Surge mode: more comments (or reports) in a thread in one minute than these (0: off) switch it to
   * premoderation until it has had `surgeQuietMinutes` without one.
   */
  surgeCommentsPerMinute: number;
  surgeReportsPerMinute: number;
  surgeQuietMinutes: number;
  /** The spam defences and the optional Akismet check (see moderation/defences.ts). */
  spam: ModerationSettings['spam'];
  akismet?: ModerationSettings['akismet'];
}

export { ConfigError };

function parseOrigins(raw: string | undefined, fallback: string[]): string[] {
  if (raw === undefined) return fallback;
  const origins: string[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new ConfigError(`THREADLINE_ORIGINS: "${entry}" is not a URL; use e.g. https://news.example.com`);
    }
    if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash) {
      throw new ConfigError(`THREADLINE_ORIGINS: "${entry}" must be an origin only (scheme://host[:port])`);
    }
    origins.push(url.origin);
  }
  return origins;
}

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nFix these environment variables and start again.`,
    );
  }
  const e = parsed.data;
  const ownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const origins = parseOrigins(e.THREADLINE_ORIGINS, [
    new URL(`http://${ownHost.includes(':') ? `[${ownHost}]` : ownHost}:${e.PORT}`).origin,
    'http://localhost:5173',
  ]);
  const jwt: JwtConfig = {};
  if (e.THREADLINE_JWT_SECRET) jwt.secret = e.THREADLINE_JWT_SECRET;
  if (e.THREADLINE_JWKS_URL) jwt.jwksUrl = e.THREADLINE_JWKS_URL;
  if (e.THREADLINE_JWT_ISSUER) jwt.issuer = e.THREADLINE_JWT_ISSUER;
  if (e.THREADLINE_JWT_AUDIENCE) jwt.audience = e.THREADLINE_JWT_AUDIENCE;
  if (jwt.secret && jwt.jwksUrl) {
    throw new ConfigError('Set THREADLINE_JWT_SECRET or THREADLINE_JWKS_URL, not both.');
  }
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.THREADLINE_DATA_DIR,
    origins,
    editWindowSeconds: e.THREADLINE_EDIT_WINDOW,
    maxBodyBytes: e.THREADLINE_MAX_BODY_BYTES,
    jwt,
    rateLimits: {
      writesPerIdentity: e.THREADLINE_RATE_WRITES_PER_IDENTITY,
      writesPerAddress: e.THREADLINE_RATE_WRITES_PER_ADDRESS,
      readsPerAddress: e.THREADLINE_RATE_READS_PER_ADDRESS,
      windowSeconds: e.THREADLINE_RATE_WINDOW,
    },
    trustProxyHops: e.THREADLINE_TRUST_PROXY,
    autoCreateThreads: e.THREADLINE_AUTO_CREATE_THREADS,
    seedDemo: e.THREADLINE_SEED_DEMO,
    pgliteSyncCommits: e.THREADLINE_PGLITE_SYNC,
    maxStreams: e.THREADLINE_MAX_STREAMS,
    maxStreamsPerClient: e.THREADLINE_MAX_STREAMS_PER_CLIENT,
    bodyTimeoutSeconds: e.THREADLINE_BODY_TIMEOUT,
    eventRetentionHours: e.THREADLINE_EVENT_RETENTION_HOURS,
    moderation: {
      policy: e.THREADLINE_POLICY,
      firstPosts: e.THREADLINE_FIRST_POSTS,
      reportThreshold: e.THREADLINE_REPORT_THRESHOLD,
      autoCloseDays: e.THREADLINE_AUTO_CLOSE_DAYS,
      surgeCommentsPerMinute: e.THREADLINE_SURGE_COMMENTS_PER_MINUTE,
      surgeReportsPerMinute: e.THREADLINE_SURGE_REPORTS_PER_MINUTE,
      surgeQuietMinutes: e.THREADLINE_SURGE_QUIET_MINUTES,
      ...toModerationSettings(e),
    },
  };
  if (e.DATABASE_URL) config.databaseUrl = e.DATABASE_URL;
  return config;
}
