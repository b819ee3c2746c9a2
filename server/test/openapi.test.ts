/** server/openapi.yaml and the app's routes describe the same API, both ways. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApp } from '../src/app';
import type { Database } from '../src/db/database';
import { testConfig } from './support/harness';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

describe('server/openapi.yaml', () => {
  const spec = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as {
    openapi: string;
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };
  // Routes are registered without touching the database.
  const app = createApp({ db: {} as Database, config: testConfig() });

  const fromApp = [
    ...new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    ),
  ].sort();
  const fromSpec = Object.entries(spec.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => METHODS.includes(k))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();

  it('is OpenAPI 3.1', () => {
    expect(spec.openapi).toBe('3.1.0');
  });

  it('documents every route the app serves, and no route it does not', () => {
    expect(fromApp.length).toBeGreaterThan(5);
    expect(fromSpec).toEqual(fromApp);
  });

  it('documents a success answer and the error answers for every operation', () => {
    for (const item of Object.values(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const codes = Object.keys(op.responses ?? {});
        expect(codes.some((c) => c.startsWith('2'))).toBe(true);
        expect(codes).toContain('429');
        expect(codes).toContain('503'); // the database may be unreachable for any of them
      }
    }
  });
});
