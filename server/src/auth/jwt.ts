/**
 * Site login: a JWT signed by the site (HS256 shared secret, or any asymmetric key from a JWKS URL).
 * jose rejects `alg: none`, bad signatures and expired tokens; we also require `sub` and `exp` so a
 * leaked token cannot live forever.
 */

import { hasLoneSurrogate, LIMITS, nameProblem } from '@threadline/contract';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { JwtConfig } from '../config';
import type { Identity } from './identity';

export type JwtVerifier = (token: string) => Promise<Identity>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

// biome-ignore lint/suspicious/noControlCharactersInRegex: claims with control characters are refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** An http(s) URL claim, or nothing (a claim that is not one is left out, not refused). */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  if (CONTROL.test(value) || /\s/.test(value) || hasLoneSurrogate(value)) return undefined;
  return /^https?:\/\//i.test(value) ? value : undefined;
}

/** A token that verifies but whose claims cannot be used as they are (the site must fix what it issues). */
export class ClaimError extends Error {
  override name = 'ClaimError';
}

/** The first `max` UTF-16 units, without cutting a surrogate pair in two. */
function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return value.slice(0, end);
}

function toIdentity(payload: JWTPayload): Identity {
  const sub = payload.sub ?? '';
  if (sub.length === 0 || sub.length > 200) throw new ClaimError('the "sub" claim must be 1–200 characters');
  if (CONTROL.test(sub) || hasLoneSurrogate(sub)) {
    throw new ClaimError('the "sub" claim must not contain control characters or lone surrogates');
  }
  const rawName = typeof payload.name === 'string' ? payload.name.trim() : '';
  const name = cut(rawName || sub, LIMITS.nameMaxLength).trim();
  // The same rule as a guest's name: no controls, no bidi overrides, something visible.
  const problem = nameProblem(name);
  if (problem) throw new ClaimError(`the "name" claim ${problem.rule}`);
  const identity: Identity = {
    kind: 'site',
    id: `site:${sub}`,
    name,
    role: payload.role === 'moderator' ? 'moderator' : 'user',
  };
  const avatar = httpUrl(payload.picture);
  const url = httpUrl(payload.profile);
  if (avatar) identity.avatar = avatar;
  if (url) identity.url = url;
  return identity;
}

/** Returns undefined when site login is not configured. */
export function createJwtVerifier(config: JwtConfig): JwtVerifier | undefined {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.secret) {
    key = new TextEncoder().encode(config.secret);
    algorithms = ['HS256'];
  } else if (config.jwksUrl) {
    key = createRemoteJWKSet(new URL(config.jwksUrl));
    algorithms = ASYMMETRIC;
  } else {
    return undefined;
  }
  return async (token) => {
    const options = {
      algorithms,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 30,
      ...(config.issuer ? { issuer: config.issuer } : {}),
      ...(config.audience ? { audience: config.audience } : {}),
    };
    // Two calls because jwtVerify's overloads take a key or a key getter, not their union.
    const { payload } =
      key instanceof Uint8Array ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    return toIdentity(payload);
  };
}
