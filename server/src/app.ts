/**
 * The HTTP API as a Hono app. No port and no globals: `createApp(deps).request(…)` answers in tests,
 * main.ts mounts it on a Node server.
 */
import { type Context, Hono } from 'hono';
import { createJwtVerifier } from './auth/jwt';
import type { Config } from './config';
import { type AppDeps, type AppEnv, type Services, UNKNOWN_ADDRESS } from './env';
import { LiveHub, type LiveOptions } from './live/hub';
import { compression } from './middleware/compression';
import { corsFor } from './middleware/cors';
import { handleError, handleNotFound } from './middleware/errors';
import { httpCache } from './middleware/http-cache';
import { identify } from './middleware/identity';
import { rateLimit } from './middleware/limits';
import { noSniff } from './middleware/no-sniff';
import { RateLimiter } from './middleware/rate-limit';
import { readBody } from './middleware/read-body';
import { commentRoutes } from './routes/comments';
import { eventRoutes } from './routes/events';
import { identityRoutes } from './routes/identity';
import { moderationRoutes } from './routes/moderation';
import { threadRoutes } from './routes/threads';

export type { AppDeps } from './env';

/**
 * The client address that per-address limits and stream caps key on. Behind `trustProxyHops` proxies it
 * is the X-Forwarded-For entry that many places from the right: each trusted proxy appends the address
 * it saw, so that entry was written by the outermost trusted proxy, while everything to its left came
 * from the client and proves nothing. With fewer entries than hops (a request that skipped an outer
 * proxy), the left-most, still written by a trusted proxy. Without proxies, the socket's address.
 */
export function addressOf(deps: Pick<AppDeps, 'config' | 'clientAddress'>): (c: Context) => string {
  const hops = deps.config.trustProxyHops;
  return (c) => {
    if (hops > 0) {
      const entries = (c.req.header('X-Forwarded-For') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const entry = entries[Math.max(0, entries.length - hops)];
      if (entry) return entry;
    }
    try {
      return deps.clientAddress?.(c) ?? UNKNOWN_ADDRESS;
    } catch {
      return UNKNOWN_ADDRESS;
    }
  };
}

/** The live hub's settings from the configuration (main.ts makes its hub with them too). */
export const liveOptionsOf = (config: Config): Partial<LiveOptions> => ({
  maxStreams: config.maxStreams,
  maxStreamsPerClient: config.maxStreamsPerClient,
  retentionHours: config.eventRetentionHours,
});

export function createApp(deps: AppDeps) {
  const s: Services = {
    db: deps.db,
    config: deps.config,
    now: deps.now ?? Date.now,
    verifyJwt: deps.verifyJwt ?? createJwtVerifier(deps.config.jwt),
    live: deps.live ?? new LiveHub(deps.db, liveOptionsOf(deps.config)),
    address: addressOf(deps),
  };
  const limiter = new RateLimiter(s.config.rateLimits.windowSeconds * 1000, s.now);

  const api = new Hono<AppEnv>();
  api.use(...compression);
  api.use(corsFor(s.config.origins));
  api.use(readBody({ maxBytes: s.config.maxBodyBytes, timeoutMs: s.config.bodyTimeoutSeconds * 1000 }));
  api.use(identify(s));
  api.use(rateLimit(limiter, s.config.rateLimits, s.address));
  api.use(httpCache);
  api.route('/', threadRoutes(s));
  api.route('/', commentRoutes(s));
  api.route('/', identityRoutes(s));
  api.route('/', eventRoutes(s));
  api.route('/', moderationRoutes(s));
  api.notFound(handleNotFound);
  api.onError(handleError);

  const app = new Hono<AppEnv>();
  app.use(noSniff);
  app.route('/api', api);
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
