import type { Context } from 'hono';
import type { AppEnv, Services } from '../env';
import { addressKey } from '../repo/bans';
import type { WriteContext } from '../repo/write';

/** Runs one request's writes in one transaction, with who is asking and one clock reading. */
export function inTransaction<T>(
  s: Services,
  c: Context<AppEnv>,
  fn: (ctx: WriteContext) => Promise<T>,
): Promise<T> {
  return s.db.transaction(async (tx) =>
    fn({
      tx,
      addressKey: await addressKey(tx, s.address(c)),
      identity: c.var.identity,
      now: new Date(s.now()),
      editWindowSeconds: s.config.editWindowSeconds,
      autoCreateThreads: s.config.autoCreateThreads,
      moderation: s.config.moderation,
    }),
  );
}
