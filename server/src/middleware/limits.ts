import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimits } from '../config';
import type { AppEnv } from '../env';
import type { RateLimiter } from './rate-limit';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Writes are limited per address (this also covers new guests, who have no identity yet) and per
 * identity (so one identity cannot spread a burst over many addresses); reads only per address.
 */
export function rateLimit(
  limiter: RateLimiter,
  limits: RateLimits,
  address: (c: Context) => string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const addr = address(c);
    if (READS.has(c.req.method)) {
      limiter.hit(`read:${addr}`, limits.readsPerAddress, 'requests from this address');
    } else {
      limiter.hit(`write:addr:${addr}`, limits.writesPerAddress, 'writes from this address');
      const identity = c.var.identity;
      if (identity) limiter.hit(`write:id:${identity.id}`, limits.writesPerIdentity, 'comments and votes');
    }
    await next();
  };
}
