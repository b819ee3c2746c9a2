import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The guides document the element's public surface; custom-elements.json is generated from the class
 * doc comment by `npm run build`. They must agree, so a new attribute, event, token or part cannot ship
 * undocumented. And every relative link between the README and the guides must lead somewhere.
 */
const root = new URL('../../', import.meta.url);
const manifestPath = new URL('custom-elements.json', root);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const embedding = read('docs/embedding.md');
const theming = read('docs/theming.md');
const guides = `${embedding}\n${theming}`;

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (heading?.[1]) found.add(slug(heading[1]));
  }
  return found;
}

const pages = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(new URL('docs/', root))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('links between the README and the guides', () => {
  it.each(pages)('%s links only to files and headings that exist', (page) => {
    const text = read(page).replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!target || /^[a-z]+:/i.test(target)) continue;
      const [file, hash] = target.split('#') as [string, string | undefined];
      const url = new URL(file || page, new URL(page, root));
      if (!existsSync(url)) {
        broken.push(target);
        continue;
      }
      if (hash && url.pathname.endsWith('.md') && !anchors(readFileSync(url, 'utf8')).has(hash))
        broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssProperties?: { name: string }[];
  cssParts?: { name: string }[];
}

describe('the guides and custom-elements.json', () => {
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
    for (const { name } of element?.attributes ?? []) expect(guides).toContain(`| \`${name}\` |`);
  });

  it('documents every event', () => {
    expect(element?.events?.length).toBeGreaterThan(0);
    for (const { name } of element?.events ?? []) expect(guides).toContain(`\`${name}\``);
  });

  it('documents every CSS custom property and part', () => {
    for (const { name } of element?.cssProperties ?? []) expect(guides).toContain(`\`${name}\``);
    for (const { name } of element?.cssParts ?? []) expect(guides).toContain(`\`${name}\``);
  });
});
