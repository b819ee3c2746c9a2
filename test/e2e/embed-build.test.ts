import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { describe, expect, it } from 'vitest';

/** The script-tag build as `npm run build` leaves it (see compileHints in vite.config.ts). */
const embed = new URL('../../dist/embed/', import.meta.url);
const HINT = '//# allFunctionsCalledOnLoad\n';

describe('the script-tag build', () => {
  if (!existsSync(embed)) throw new Error('dist/embed is missing: run `npm run build` first');
  const chunks = readdirSync(embed).filter((name) => name.endsWith('.js'));

  it('starts every chunk with V8’s compile hint', () => {
    expect(chunks.length).toBeGreaterThan(1);
    for (const name of chunks) expect(readFileSync(new URL(name, embed), 'utf8').startsWith(HINT)).toBe(true);
  });

  it('names every chunk but the entry by its content hash, so the server may cache them for a year', () => {
    for (const name of chunks.filter((n) => n !== 'threadline.js'))
      expect(name).toMatch(/^[\w-]+-[\w-]{8}\.js$/);
  });

  it('writes a brotli and a gzip copy of every script beside it, for the server to send', () => {
    for (const file of [...chunks.map((name) => new URL(name, embed)), new URL('../threadline.js', embed)]) {
      const code = readFileSync(file);
      expect(brotliDecompressSync(readFileSync(`${file.pathname}.br`)).equals(code)).toBe(true);
      expect(gunzipSync(readFileSync(`${file.pathname}.gz`)).equals(code)).toBe(true);
    }
  });

  it('gives the loader the file names of the backend chunks and their imports, to preload them', () => {
    const loader = readFileSync(new URL('../threadline.js', embed), 'utf8');
    for (const prefix of ['rest', 'memory', 'local', 'parse', 'de']) {
      const name = chunks.find((n) => n.startsWith(`${prefix}-`));
      expect(name).toBeDefined();
      expect(loader).toContain(name);
    }
  });

  it('keeps source maps pointing at the right source line after the hint', () => {
    const code = readFileSync(new URL('threadline.js', embed), 'utf8');
    const map = new TraceMap(readFileSync(new URL('threadline.js.map', embed), 'utf8'));
    const needle = 'THREADLINE_ADAPTER_FAILED';
    const at = code.indexOf(needle);
    const before = code.slice(0, at);
    const position = originalPositionFor(map, {
      line: before.split('\n').length,
      column: at - before.lastIndexOf('\n') - 1,
    });
    expect(position.source).toMatch(/threadline-comments\.ts$/);
    const source = readFileSync(new URL(position.source ?? '', embed), 'utf8');
    expect(source.split('\n')[(position.line ?? 0) - 1]).toContain(needle);
  });
});
