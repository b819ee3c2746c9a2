import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The README documents the element's public surface; custom-elements.json is generated from the
 * class doc comment by `npm run build`. They must agree, so a new attribute, event, token or part
 * cannot ship undocumented.
 */
const manifestPath = new URL('../../custom-elements.json', import.meta.url);
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssProperties?: { name: string }[];
  cssParts?: { name: string }[];
}

describe('README and custom-elements.json', () => {
  if (!existsSync(manifestPath))
    throw new Error('custom-elements.json is missing: run `npm run build` first');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    modules: { declarations?: Declaration[] }[];
  };
  const element = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .find((d) => d.tagName === 'threadline-comments');

  it('describe <threadline-comments>', () => {
    expect(element).toBeDefined();
  });

  it('documents every attribute in the attribute table', () => {
    for (const { name } of element?.attributes ?? []) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('documents every event', () => {
    expect(element?.events?.length).toBeGreaterThan(0);
    for (const { name } of element?.events ?? []) expect(readme).toContain(`\`${name}\``);
  });

  it('documents every CSS custom property and part', () => {
    for (const { name } of element?.cssProperties ?? []) expect(readme).toContain(`\`${name}\``);
    for (const { name } of element?.cssParts ?? []) expect(readme).toContain(`\`${name}\``);
  });
});
