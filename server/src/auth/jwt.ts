/**
 * Site login: a JWT signed by the site (HS256 shared secret, or any asymmetric key from a JWKS URL).
 * jose rejects `alg: none`, bad signatures and expired tokens; we also require `sub` and `exp` so a
 * leaked token cannot live forever.
 */
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { JwtConfig } from '../config';
import type { Identity } from './identity';

export type JwtVerifier = (token: string) => Promise<Identity>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  return /^https?:\/\//i.test(value) ? value : undefined;
}

function toIdentity(payload: JWTPayload): Identity {
  const sub = payload.sub ?? '';
  if (sub.length === 0 || sub.length > 200) throw new Error('the "sub" claim must be 1–200 characters');
  const rawName = typeof payload.name === 'string' ? payload.name.trim() : '';
  const identity: Identity = {
    kind: 'site',
    id: `site:${sub}`,
    name: (rawName || sub).slice(0, 80),
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
