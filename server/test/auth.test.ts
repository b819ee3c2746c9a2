/** Site login through a JWKS URL (asymmetric keys), served from a local HTTP server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../src/auth/jwt';

describe('site login with a JWKS URL', () => {
  let server: Server;
  let url = '';
  let privateKey: CryptoKey;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (key: CryptoKey, claims: Record<string, unknown> = {}, exp = '1h') =>
    new SignJWT({ name: 'Maya', role: 'moderator', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('maya')
      .setIssuer('https://news.example')
      .setExpirationTime(exp)
      .sign(key);

  it('accepts a token signed by a published key and maps its claims', async () => {
    const verify = createJwtVerifier({ jwksUrl: url, issuer: 'https://news.example' });
    expect(await verify?.(await sign(privateKey, { picture: 'https://cdn.example/m.png' }))).toEqual({
      kind: 'site',
      id: 'site:maya',
      name: 'Maya',
      role: 'moderator',
      avatar: 'https://cdn.example/m.png',
    });
  });

  it('refuses a token signed by another key, from another issuer, or expired', async () => {
    const verify = createJwtVerifier({ jwksUrl: url, issuer: 'https://news.example' });
    await expect(verify?.(await sign(strangerKey))).rejects.toThrow(/signature/);
    const otherIssuer = createJwtVerifier({ jwksUrl: url, issuer: 'https://other.example' });
    await expect(otherIssuer?.(await sign(privateKey))).rejects.toThrow(/iss/);
    await expect(verify?.(await sign(privateKey, {}, '-1h'))).rejects.toThrow(/exp/);
  });

  it('is off without a secret or JWKS URL', () => {
    expect(createJwtVerifier({})).toBeUndefined();
  });
});
