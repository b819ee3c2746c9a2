// Makes sure what the test suite needs outside npm is on this machine: Debian's Chromium (browser
// tests) and the PostgreSQL server binaries (server tests). Installs them with apt when missing and
// running as root; otherwise says exactly what to install.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pgRoot = '/usr/lib/postgresql';

function hasPostgres() {
  if (process.env.PG_BIN && existsSync(`${process.env.PG_BIN}/postgres`)) return true;
  if (!existsSync(pgRoot)) return false;
  return readdirSync(pgRoot).some((v) => existsSync(`${pgRoot}/${v}/bin/initdb`) && existsSync(`${pgRoot}/${v}/bin/postgres`));
}

const missing = [];
if (!existsSync(chromium)) missing.push('chromium');
if (!hasPostgres()) missing.push('postgresql');

if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`[threadline] the tests need Debian packages: ${missing.join(', ')}.`);
    console.error(`Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`[threadline] installing ${missing.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}
