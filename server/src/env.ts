import type { Context } from 'hono';
import type { Identity } from './auth/identity';
import type { JwtVerifier } from './auth/jwt';
import type { Config } from './config';
import type { Database } from './db/database';
import type { LiveHub } from './live/hub';

/** What the app needs from outside; tests pass their own database, clock and address. */
export interface AppDeps {
  db: Database;
  config: Config;
  /** Milliseconds since the epoch; tests move it to cross the edit window or a rate-limit window. */
  now?: () => number;
  /** The caller's socket address, for per-address rate limits (main.ts reads it from Node's socket). */
  clientAddress?: (c: Context) => string | undefined;
  verifyJwt?: JwtVerifier;
  /**
   * This process's live hub (LISTEN + SSE fan-out). Made from `db` and the config when absent; pass one
   * to shut it down (main.ts) or to tune it (tests).
   */
  live?: LiveHub;
}

export interface Services extends Required<Omit<AppDeps, 'verifyJwt' | 'clientAddress'>> {
  verifyJwt: JwtVerifier | undefined;
  /** The client address per-address limits key on (X-Forwarded-For as configured, or the socket's). */
  address: (c: Context) => string;
}

/** The client address when neither a trusted proxy nor the socket tells it (no per-address stream cap then). */
export const UNKNOWN_ADDRESS = 'unknown';

export type AppEnv = { Variables: { identity: Identity | null } };
