/**
 * The shape of the house: the widget's npm package carries no server, and the lint rule keeps the
 * folders apart (the server imports only the contract; the contract, the store and the catalogs stay
 * below what uses them).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_PACKAGES = [
  '@electric-sql/pglite',
  'pg',
  'hono',
  '@hono/node-server',
  'jose',
  'zod',
  'tsx',
  'unhomoglyph',
];

describe('the widget’s npm package', () => {
  it('holds no server code and lists no server dependency', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const [pack] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const paths = pack.files.map((f) => f.path);
    expect(paths).toContain('dist/threadline.js');
    expect(paths.filter((p) => /^(server|src|test|bench|demo)\//.test(p))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const listed = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    expect(
      listed.filter((name) => SERVER_PACKAGES.includes(name) || name.startsWith('@threadline/')),
    ).toEqual([]);
  });
});

describe('the import boundaries (biome.json)', () => {
  // A copy of the lint config in an empty tree, so probe files never touch the real sources.
  const tree = mkdtempSync(join(tmpdir(), 'threadline-lint-'));
  writeFileSync(
    join(tree, 'biome.json'),
    readFileSync(join(root, 'biome.json'), 'utf8').replace(/"\$schema"[^\n]*\n/, ''),
  );
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  async function lint(file: string, source: string): Promise<string> {
    mkdirSync(join(tree, dirname(file)), { recursive: true });
    writeFileSync(join(tree, file), `${source}\nexport const probe = 1;\n`);
    const biome = join(root, 'node_modules/.bin/biome');
    const result = await run(biome, ['lint', '--max-diagnostics=5', file], { cwd: tree }).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    return `${result.stdout}${result.stderr}`;
  }

  it.each([
    ['server/src/probe.ts', "import { LIMITS } from '../../src/adapters/adapter';"],
    ['server/src/repo/probe.ts', "import { parseMarkdown } from '../../../src/contract/markdown/parse';"],
    ['server/test/probe.ts', "import { LIMITS } from '../../src/adapters/adapter';"],
    ['src/contract/probe.ts', "import { LIMITS } from '../adapters/adapter';"],
    ['src/contract/markdown/probe.ts', "import { onTick } from '../../store/clock';"],
    ['src/store/probe.ts', "import { TickerController } from '../controllers/ticker';"],
    ['src/store/probe-lit.ts', "import { html } from 'lit';"],
    ['src/i18n/probe.ts', "import { describeError } from '../store/notices';"],
  ])('refuses %s importing across a boundary', async (file, source) => {
    expect(await lint(file, source)).toContain('noRestrictedImports');
  });

  it.each([
    ['server/src/ok.ts', "import { LIMITS } from '@threadline/contract';"],
    ['server/test/support/ok.ts', "import { createApp } from '../../src/app';"],
    ['src/store/ok.ts', "import { LIMITS } from '../adapters/adapter';"],
    ['src/contract/markdown/ok.ts', "import { LIMITS } from '../wire';"],
  ])('allows %s', async (file, source) => {
    expect(await lint(file, source)).not.toContain('noRestrictedImports');
  });
});
