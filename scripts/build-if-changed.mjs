/**
 * `npm start` builds the widget only when what the build reads has changed since the last build: a hash
 * of those files is kept beside the output (dist/.inputs-hash), so a second start skips the ~30 s build.
 * Contents, not times, decide: a checkout that touches every file but changes none rebuilds nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = [
  'src',
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'custom-elements-manifest.config.mjs',
];
const STAMP = 'dist/.inputs-hash';

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true })
    .map((name) => join(path, String(name)))
    .filter((file) => statSync(file).isFile())
    .sort();
}

const hash = createHash('sha256');
for (const file of INPUTS.flatMap(files)) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
const digest = hash.digest('hex');

if (existsSync(STAMP) && existsSync('dist/threadline.js') && readFileSync(STAMP, 'utf8') === digest) {
  console.log('The widget build is up to date (dist/); skipping it.');
} else {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(STAMP, digest);
}
