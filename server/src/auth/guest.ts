/**
 * Guest identity tokens: 32 random bytes, shown to the guest once, stored only as a SHA-256 hash.
 * A stolen database therefore holds no usable token. The prefix tells guest tokens from site JWTs.
 */
import { createHash, randomBytes } from 'node:crypto';

export const GUEST_TOKEN_PREFIX = 'tlg_';
const TOKEN_PATTERN = /^tlg_[A-Za-z0-9_-]{43}$/;

export function newGuestToken(): string {
  return GUEST_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function isGuestTokenShape(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
