import type { MiddlewareHandler } from 'hono';
import { resolveIdentity } from '../auth/identity';
import type { AppEnv, Services } from '../env';

/** Sets `c.var.identity` from the bearer token (null without one; 401 for a bad one). */
export function identify(s: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('identity', await resolveIdentity(c.req.header('Authorization'), s.db, s.verifyJwt));
    await next();
  };
}
