/**
 * Who is calling: a guest (guest token), a site user (site JWT), or nobody. Resolved from
 * `Authorization: Bearer …`; a token that is present but not valid is refused (401), never ignored,
 * so a client learns at once that its stored token is stale.
 */
import type { Queryable } from '../db/database';
import { unauthorized } from '../middleware/errors';
import { hashToken, isGuestTokenShape } from './guest';
import { ClaimError, type JwtVerifier } from './jwt';

export type Identity =
  | { kind: 'guest'; id: string; name: string; role: 'guest' }
  | { kind: 'site'; id: string; name: string; role: 'user' | 'moderator'; avatar?: string; url?: string };

export async function resolveIdentity(
  authorization: string | undefined,
  db: Queryable,
  verifyJwt: JwtVerifier | undefined,
): Promise<Identity | null> {
  if (authorization === undefined || authorization === '') return null;
  const match = /^Bearer ([^\s]{1,8192})$/.exec(authorization);
  if (!match?.[1]) {
    throw unauthorized('invalid_token', 'The Authorization header must be "Bearer <token>".');
  }
  const token = match[1];
  if (isGuestTokenShape(token)) {
    const rows = await db.query<{ id: string; name: string }>(
      'SELECT id, name FROM identities WHERE token_hash = $1',
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) {
      throw unauthorized(
        'invalid_token',
        'This guest identity token is unknown; forget it and post again as a new guest.',
      );
    }
    return { kind: 'guest', id: row.id, name: row.name, role: 'guest' };
  }
  if (!verifyJwt) {
    throw unauthorized(
      'invalid_token',
      'This server does not accept site login tokens (no JWT secret or JWKS URL configured).',
    );
  }
  try {
    return await verifyJwt(token);
  } catch (error) {
    if (error instanceof ClaimError) {
      throw unauthorized(
        'invalid_token',
        `The site login token is signed correctly but ${error.message}; the site must fix the tokens it issues.`,
      );
    }
    const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'has expired' : 'is not valid';
    throw unauthorized(
      'invalid_token',
      `The site login token ${reason} (${(error as Error).message}); sign in again.`,
    );
  }
}
