/** The demo moderator link npm start prints: only with the demo seeded and no site login configured. */
import { describe, expect, it } from 'vitest';
import { demoModerator } from '../src/auth/demo-moderator';
import { createJwtVerifier } from '../src/auth/jwt';
import { JWT_SECRET, testConfig } from './support/harness';

describe('the demo moderator', () => {
  it('is a short-lived moderator token that this run alone verifies', async () => {
    const base = testConfig({ THREADLINE_JWT_SECRET: '' });
    const demo = await demoModerator(base);
    expect(demo).not.toBeNull();
    const verify = createJwtVerifier(demo?.config.jwt ?? {});
    expect(await verify?.(demo?.token ?? '')).toMatchObject({ role: 'moderator', name: 'Demo Moderator' });
    // Another run makes another secret: a printed link stops working when the server restarts.
    const other = await demoModerator(base);
    await expect(createJwtVerifier(other?.config.jwt ?? {})?.(demo?.token ?? '')).rejects.toThrow();
  });

  it('is never made when the site signs its own tokens, or without the demo', async () => {
    expect(await demoModerator(testConfig({ THREADLINE_JWT_SECRET: JWT_SECRET }))).toBeNull();
    expect(
      await demoModerator(
        testConfig({ THREADLINE_JWT_SECRET: '', THREADLINE_JWKS_URL: 'https://id.example/jwks' }),
      ),
    ).toBeNull();
    expect(
      await demoModerator(testConfig({ THREADLINE_JWT_SECRET: '', THREADLINE_SEED_DEMO: 'false' })),
    ).toBeNull();
  });
});
