import { describe, expect, it } from 'vitest';
import {
  MAX_BLOCK_DEPTH,
  MAX_CONTENT_BYTES,
  MAX_CONTENT_NODES,
  MAX_SOURCE_LENGTH,
  type MdNode,
  parseMarkdown,
  safeHref,
  withinContentLimits,
} from '../../src/markdown';

/** Maximum nesting of quotes and lists in a tree. */
function blockDepth(nodes: readonly MdNode[]): number {
  let max = 0;
  for (const n of nodes) {
    if (n.type === 'quote') max = Math.max(max, 1 + blockDepth(n.children));
    if (n.type === 'list') max = Math.max(max, 1 + Math.max(0, ...n.items.map(blockDepth)));
  }
  return max;
}

const textOf = (nodes: readonly MdNode[]): string =>
  nodes
    .map((n) => {
      if (n.type === 'text' || n.type === 'code' || n.type === 'codeBlock') return n.text;
      if (n.type === 'br') return '\n';
      if (n.type === 'list') return n.items.map(textOf).join('\n');
      return 'children' in n ? textOf(n.children) : '';
    })
    .join('');

const types = (nodes: readonly MdNode[]): string[] =>
  nodes.flatMap((n) => [
    n.type,
    ...('children' in n ? types(n.children) : []),
    ...(n.type === 'list' ? n.items.flatMap(types) : []),
  ]);

describe('safeHref', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/a?b=c#d', 'http://example.com/a?b=c#d'],
    ['  HTTPS://Example.COM/path  ', 'https://example.com/path'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['MailTo:someone@example.com', 'mailto:someone@example.com'],
  ])('allows %j as %j', (raw, expected) => {
    expect(safeHref(raw)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\u0000script:alert(1)',
    '\u0001javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://example.com',
    '//evil.example',
    '/relative/path',
    'example.com',
    'http://',
    'https://exa mple.com',
    'http://example.com/\u0085',
    'mailto:',
    '',
    '   ',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %j', (raw) => {
    expect(safeHref(raw)).toBeNull();
  });
});

describe('parseMarkdown', () => {
  it('turns text separated by blank lines into paragraphs', () => {
    expect(parseMarkdown('one\n\ntwo')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'one' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'two' }] },
    ]);
  });

  it('keeps single newlines and trailing-double-space breaks as line breaks', () => {
    expect(parseMarkdown('a\nb  \nc')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'a' },
          { type: 'br' },
          { type: 'text', text: 'b' },
          { type: 'br' },
          { type: 'text', text: 'c' },
        ],
      },
    ]);
  });

  it('parses emphasis: *em*, _em_, **strong**, __strong__', () => {
    expect(types(parseMarkdown('*a* _b_ **c** __d__'))).toEqual([
      'paragraph',
      'em',
      'text',
      'text',
      'em',
      'text',
      'text',
      'strong',
      'text',
      'text',
      'strong',
      'text',
    ]);
  });

  it('parses links with a checked href and an optional title', () => {
    expect(parseMarkdown('[site](https://example.com "Title")')).toEqual([
      {
        type: 'paragraph',
        children: [
          {
            type: 'link',
            href: 'https://example.com/',
            title: 'Title',
            children: [{ type: 'text', text: 'site' }],
          },
        ],
      },
    ]);
  });

  it('autolinks bare URLs, <url> and <email>', () => {
    const [p] = parseMarkdown('see https://example.com/x and <http://a.example> or <me@example.com>');
    const links = p?.type === 'paragraph' ? p.children.filter((n) => n.type === 'link') : [];
    expect(links.map((l) => l.type === 'link' && l.href)).toEqual([
      'https://example.com/x',
      'http://a.example/',
      'mailto:me@example.com',
    ]);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](vbscript:msgbox(1))',
    '<javascript://%0aalert(1)>',
  ])('keeps the link %j but with a null href', (src) => {
    const [p] = parseMarkdown(src);
    expect(p?.type === 'paragraph' && p.children[0]).toMatchObject({ type: 'link', href: null });
  });

  it('never nests a link inside a link', () => {
    expect(types(parseMarkdown('[see https://a.example](https://b.example)'))).toEqual([
      'paragraph',
      'link',
      'text',
      'text',
    ]);
  });

  it('parses inline code, including a backtick inside a double-backtick span', () => {
    expect(parseMarkdown('a `b*c*` d ``e`f``')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'a ' },
          { type: 'code', text: 'b*c*' },
          { type: 'text', text: ' d ' },
          { type: 'code', text: 'e`f' },
        ],
      },
    ]);
  });

  it('keeps an unclosed backtick run as text', () => {
    expect(textOf(parseMarkdown('a ``` b'))).toBe('a ``` b');
  });

  it('parses indented and fenced code blocks verbatim', () => {
    expect(parseMarkdown('    let a = 1;\n    <b>')).toEqual([
      { type: 'codeBlock', text: 'let a = 1;\n<b>' },
    ]);
    expect(parseMarkdown('```ts\nconst x = *y*;\n```')).toEqual([
      { type: 'codeBlock', lang: 'ts', text: 'const x = *y*;' },
    ]);
  });

  it('parses block quotes', () => {
    expect(parseMarkdown('> quoted *text*')).toEqual([
      {
        type: 'quote',
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'text', text: 'quoted ' },
              { type: 'em', children: [{ type: 'text', text: 'text' }] },
            ],
          },
        ],
      },
    ]);
  });

  it('parses unordered, ordered (with start) and nested lists', () => {
    const [list] = parseMarkdown('3. three\n4. four\n   - a\n   - b');
    expect(list).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(list?.type === 'list' && list.items[1]).toEqual([
      { type: 'text', text: 'four' },
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b' }]],
      },
    ]);
  });

  it.each([
    ['headings', '# Title'],
    ['setext headings', 'Title\n====='],
    ['rules', '---'],
    ['tables', '| a | b |\n|---|---|\n| 1 | 2 |'],
    ['raw HTML', '<script>alert(1)</script> <img src=x onerror=alert(1)>'],
    ['reference links', '[a][b] and [c][]'],
    ['strikethrough', '~~gone~~'],
  ])('does not support %s: they stay paragraph text', (_, src) => {
    const nodes = parseMarkdown(src);
    expect(new Set(types(nodes))).toEqual(
      new Set(['paragraph', 'text', ...(src.includes('\n') ? ['br'] : [])]),
    );
  });

  it('keeps image syntax as a "!" and a link, never an image', () => {
    const nodes = parseMarkdown('![alt](https://example.com/a.png)');
    expect(types(nodes)).toEqual(['paragraph', 'text', 'link', 'text']);
    expect(textOf(nodes)).toBe('!alt');
  });

  it('unescapes backslash escapes as literal text', () => {
    expect(textOf(parseMarkdown('\\*not em\\*'))).toBe('*not em*');
  });

  it('stops trying links after 100 brackets that start none: the rest is text, nothing is lost', () => {
    const link = '[ok](mailto:me@ok.example)';
    expect(types(parseMarkdown(`${'[] '.repeat(80)}${link}`))).toContain('link');
    const nodes = parseMarkdown(`${'[]('.repeat(3000)}${link}`);
    expect(types(nodes)).not.toContain('link');
    expect(textOf(nodes)).toBe(`${'[]('.repeat(3000)}${link}`);
  });

  it(`truncates input beyond ${MAX_SOURCE_LENGTH} characters`, () => {
    const nodes = parseMarkdown('a'.repeat(MAX_SOURCE_LENGTH + 500));
    expect(textOf(nodes)).toBe('a'.repeat(MAX_SOURCE_LENGTH));
  });

  it('does not cut a surrogate pair when truncating', () => {
    const text = textOf(parseMarkdown(`${'a'.repeat(MAX_SOURCE_LENGTH - 1)}😀tail`));
    expect(text).toBe('a'.repeat(MAX_SOURCE_LENGTH - 1));
  });

  it(`flattens quotes nested deeper than ${MAX_BLOCK_DEPTH} into text`, () => {
    const nodes = parseMarkdown(`${'>'.repeat(50)} deep`);
    expect(blockDepth(nodes)).toBe(MAX_BLOCK_DEPTH);
    expect(textOf(nodes)).toContain('deep');
  });

  it(`flattens lists nested deeper than ${MAX_BLOCK_DEPTH} into text`, () => {
    const src = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- item${i}`).join('\n');
    const nodes = parseMarkdown(src);
    expect(blockDepth(nodes)).toBe(MAX_BLOCK_DEPTH);
    expect(textOf(nodes)).toContain('item29');
  });

  it('caps inline nesting', () => {
    const depth = (nodes: readonly MdNode[]): number =>
      Math.max(0, ...nodes.map((n) => ('children' in n ? 1 + depth(n.children) : 0)));
    expect(depth(parseMarkdown(`${'*'.repeat(200)}x${'*'.repeat(200)}`))).toBeLessThanOrEqual(9);
  });

  it('returns an empty tree for empty or non-string input', () => {
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown('\n\n  \n')).toEqual([]);
    expect(parseMarkdown(undefined as unknown as string)).toEqual([]);
  });

  it('stays fast on inputs that make naive markdown regexes backtrack', () => {
    const hostile = [
      '[]('.repeat(3333),
      '`'.repeat(10_000),
      '~'.repeat(10_000),
      '<'.repeat(10_000),
      '*a'.repeat(5000),
    ];
    for (const src of hostile) {
      const t = performance.now();
      parseMarkdown(src);
      expect(performance.now() - t).toBeLessThan(2000);
    }
  });

  it('never throws on a few hundred random and garbage strings', () => {
    let seed = 1;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const tokens = [
      '*',
      '**',
      '_',
      '__',
      '`',
      '```',
      '~~~',
      '[',
      ']',
      '(',
      ')',
      '](',
      '<',
      '>',
      '> ',
      '- ',
      '1. ',
      '\n',
      '\n\n',
      '    ',
      '  \n',
      '\t',
      '\r\n',
      'a',
      'http://',
      'https://x.y',
      'javascript:',
      '@',
      ':',
      '\\',
      '"',
      '#',
      '!',
      '|',
      '\u0000',
      '\uD800',
      '😀',
      '\u202E',
    ];
    for (let r = 0; r < 300; r++) {
      let s = '';
      const len = Math.floor(rnd() * 400);
      while (s.length < len) {
        s +=
          rnd() < 0.2
            ? String.fromCharCode(Math.floor(rnd() * 0x10000))
            : tokens[Math.floor(rnd() * tokens.length)];
      }
      expect(() => parseMarkdown(s)).not.toThrow();
      for (const n of parseMarkdown(s)) expect(typeof n.type).toBe('string');
    }
  });
});

describe('content limits', () => {
  const bytes = (nodes: MdNode[]) => new TextEncoder().encode(JSON.stringify(nodes)).length;
  /** Every node and list item, as the limit counts them. */
  const nodeCount = (nodes: readonly MdNode[]): number =>
    nodes.reduce(
      (n, x) =>
        n +
        1 +
        ('children' in x ? nodeCount(x.children) : 0) +
        (x.type === 'list' ? x.items.reduce((m, item) => m + 1 + nodeCount(item), 0) : 0),
      0,
    );

  it.each([
    ['*a repeated', '*a'.repeat(5000)],
    ['**_a repeated', '**_a'.repeat(2500)],
    ['one-letter lines', 'a\n'.repeat(5000)],
    ['one-letter paragraphs', 'a\n\n'.repeat(3333)],
    ['links', '[a](http://x.co) '.repeat(580)],
    ['long non-ASCII URLs', `http://x.co/${'中'.repeat(2000)} `.repeat(4)],
  ])('bounds %s (10,000 characters) and keeps every word', (_, source) => {
    const content = parseMarkdown(source);
    expect(nodeCount(content)).toBeLessThanOrEqual(MAX_CONTENT_NODES);
    expect(bytes(content)).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
    expect(withinContentLimits(content)).toBe(true);
    const words = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');
    expect(words(textOf(content))).toBe(words(source));
  });

  it('keeps the formatting of a long but ordinary comment', () => {
    const source = Array.from({ length: 120 }, (_, i) => `- point **${i}**: see [source](https://e.com/${i})`)
      .join('\n')
      .slice(0, 10_000);
    const content = parseMarkdown(source);
    expect(content[0]?.type).toBe('list');
    expect(types(content)).toContain('link');
  });

  it('keeps line breaks when only the formatting is too big', () => {
    const content = parseMarkdown(`${'*a'.repeat(3000)}\nsecond line\n\nnext paragraph`);
    expect(content.map((n) => n.type)).toEqual(['paragraph', 'paragraph']);
    expect(types(content)).toContain('br');
    expect(types(content)).not.toContain('em');
  });
});
