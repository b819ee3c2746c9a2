/**
 * `npm start` out of the box lets a new user try moderation: with the demo seeded and no site login
 * configured, the server makes a random signing secret for this run and a short-lived moderator token
 * signed with it, and prints a link that carries the token to the demo page. Never when a site's JWT
 * secret or JWKS is configured: then only the site's own tokens count.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Config } from '../config';

/** How long the printed link works. */
export const DEMO_MODERATOR_HOURS = 2;

export interface DemoModerator {
  /** The configuration to run with: the same, plus this run's secret. */
  config: Config;
  token: string;
}

export async function demoModerator(config: Config, now = Date.now()): Promise<DemoModerator | null> {
  if (!config.seedDemo || config.jwt.secret || config.jwt.jwksUrl) return null;
  const secret = randomBytes(32).toString('base64url');
  const token = await new SignJWT({ name: 'Demo Moderator', role: 'moderator' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-moderator')
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + DEMO_MODERATOR_HOURS * 3600)
    .sign(new TextEncoder().encode(secret));
  return { config: { ...config, jwt: { ...config.jwt, secret } }, token };
}
