/**
 * The HTTP API as a Hono app. No port and no globals: `createApp(deps).request(…)` answers in tests,
 * main.ts mounts it on a Node server.
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createJwtVerifier } from './auth/jwt';
import type { AppDeps, AppEnv, Services } from './env';
import { LiveHub } from './live/hub';
import { corsFor } from './middleware/cors';
import { ApiError, handleError, handleNotFound } from './middleware/errors';
import { httpCache } from './middleware/http-cache';
import { identify } from './middleware/identity';
import { rateLimit } from './middleware/limits';
import { RateLimiter } from './middleware/rate-limit';
import { commentRoutes } from './routes/comments';
import { eventRoutes } from './routes/events';
import { identityRoutes } from './routes/identity';
import { threadRoutes } from './routes/threads';

export type { AppDeps } from './env';

/** Per-address limits key on this: the proxy's X-Forwarded-For when trusted, else the socket. */
function addressOf(deps: AppDeps): (c: Context) => string {
  return (c) => {
    if (deps.config.trustProxy) {
      const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return deps.clientAddress?.(c) ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
}

export function createApp(deps: AppDeps) {
  const s: Services = {
    db: deps.db,
    config: deps.config,
    now: deps.now ?? Date.now,
    verifyJwt: deps.verifyJwt ?? createJwtVerifier(deps.config.jwt),
    live:
      deps.live ??
      new LiveHub(deps.db, {
        maxStreams: deps.config.maxStreams,
        retentionHours: deps.config.eventRetentionHours,
      }),
  };
  const address = addressOf(deps);
  const limiter = new RateLimiter(s.config.rateLimits.windowSeconds * 1000, s.now);

  const api = new Hono<AppEnv>();
  api.use(corsFor(s.config.origins));
  api.use(
    bodyLimit({
      maxSize: s.config.maxBodyBytes,
      onError: () => {
        throw new ApiError(
          413,
          'payload_too_large',
          `The request body is over ${s.config.maxBodyBytes} bytes.`,
        );
      },
    }),
  );
  api.use(identify(s));
  api.use(rateLimit(limiter, s.config.rateLimits, address));
  api.use(httpCache);
  api.route('/', threadRoutes(s));
  api.route('/', commentRoutes(s));
  api.route('/', identityRoutes(s));
  api.route('/', eventRoutes(s));
  api.notFound(handleNotFound);
  api.onError(handleError);

  const app = new Hono<AppEnv>();
  app.route('/api', api);
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
