import { html, render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMarkdown, plainContent, renderContent } from '../../src/markdown';

let host: HTMLDivElement | undefined;

function showContent(content: unknown): HTMLDivElement {
  host = document.createElement('div');
  document.body.append(host);
  render(html`${renderContent(content)}`, host);
  return host;
}

const show = (source: string) => showContent(parseMarkdown(source));

/** Serialised element structure, without Lit's marker comments. */
function shape(el: Element): string {
  return [...el.children].map((c) => `<${c.localName}>${shape(c)}`).join('');
}

const DANGEROUS =
  'script, img, svg, iframe, object, embed, style, link, meta, form, input, h1, h2, h3, h4, h5, h6';

function expectInert(root: Element): void {
  expect(root.querySelectorAll(DANGEROUS)).toHaveLength(0);
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      expect(attr.name.startsWith('on'), `${el.localName}[${attr.name}]`).toBe(false);
    }
  }
  for (const a of root.querySelectorAll('a')) {
    expect(a.protocol).toMatch(/^(https?|mailto):$/);
  }
}

afterEach(() => {
  host?.remove();
  host = undefined;
});

describe('renderContent(parseMarkdown(source))', () => {
  it('renders paragraphs as <p> and newlines as <br>', () => {
    const el = show('one\ntwo\n\nthree');
    expect(shape(el)).toBe('<p><br><p>');
    expect([...el.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['onetwo', 'three']);
  });

  it('renders emphasis as <em> and <strong>', () => {
    const el = show('*a* _b_ **c** __d__');
    expect([...el.querySelectorAll('em')].map((e) => e.textContent)).toEqual(['a', 'b']);
    expect([...el.querySelectorAll('strong')].map((e) => e.textContent)).toEqual(['c', 'd']);
  });

  it('renders links with rel="nofollow ugc noopener" and target="_blank"', () => {
    const el = show('[site](https://example.com/x "Title") and https://bare.example/ and <me@example.com>');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/x',
      'https://bare.example/',
      'mailto:me@example.com',
    ]);
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('nofollow ugc noopener');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    expect(links[0]?.textContent).toBe('site');
    expect(links[0]?.title).toBe('Title');
    expect(links[1]?.hasAttribute('title')).toBe(false);
  });

  it('renders inline code as <code> and code blocks as <pre><code>', () => {
    const el = show('use `a <b>` here\n\n```\nif (a < b) {}\n```\n\n    indented *x*');
    expect(shape(el)).toBe('<p><code><pre><code><pre><code>');
    const codes = [...el.querySelectorAll('code')].map((c) => c.textContent);
    expect(codes).toEqual(['a <b>', 'if (a < b) {}', 'indented *x*']);
  });

  it('renders quotes as <blockquote>', () => {
    const el = show('> quoted\n\nafter');
    expect(shape(el)).toBe('<blockquote><p><p>');
    expect(el.querySelector('blockquote')?.textContent).toBe('quoted');
  });

  it('renders lists as <ul>/<ol> with <li>, nested, keeping the start number', () => {
    const el = show('- a\n- b\n  1. c\n  2. d\n\nbetween\n\n7. seven\n8. eight');
    expect(shape(el)).toBe('<ul><li><li><ol><li><li><p><ol><li><li>');
    expect(
      [...el.querySelectorAll('li')].map(
        (li) => [...li.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent)?.textContent,
      ),
    ).toEqual(['a', 'b', 'c', 'd', 'seven', 'eight']);
    const ols = el.querySelectorAll('ol');
    expect(ols[0]?.hasAttribute('start')).toBe(false);
    expect(ols[1]?.getAttribute('start')).toBe('7');
    expect((ols[1] as HTMLOListElement).start).toBe(7);
  });

  it('renders a heading line as a paragraph, not a heading', () => {
    const el = show('# Not a heading');
    expect(el.querySelector('h1')).toBeNull();
    expect(el.querySelector('p')?.textContent).toBe('# Not a heading');
  });

  it('never renders an <img> for image syntax', () => {
    const el = show('![alt](https://example.com/a.png)');
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain('alt');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '{{constructor}}',
    `\${x}`,
    '<!-- comment --> &lt;b&gt; &amp;',
  ])('shows %j as literal text', (source) => {
    const el = show(source);
    expectInert(el);
    expect(el.textContent).toBe(source);
  });

  it.each([
    ['[x](javascript:alert(1))', 'x'],
    ['[x](JaVaScRiPt:alert(1))', 'x'],
    ['[x](java\tscript:alert(1))', '[x](java    script:alert(1))'],
    ['[x](data:text/html,<script>alert(1)</script>)', 'x'],
    ['[x](vbscript:msgbox(1))', 'x'],
    ['[x](//evil.example)', 'x'],
  ])('renders the unsafe link %j as its text only', (source, text) => {
    const el = show(source);
    expectInert(el);
    expect(el.querySelector('a')).toBeNull();
    expect(el.textContent).toBe(text);
    for (const node of el.querySelectorAll('*')) {
      expect([...node.attributes].map((a) => a.value).join(' ')).not.toMatch(/script:|data:/i);
    }
  });

  it('keeps hostile text inert inside every construct', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const el = show(
      [
        `*${evil}* **${evil}** \`${evil}\` [${evil}](https://example.com)`,
        `> ${evil}`,
        `- ${evil}\n- [x](javascript:${evil})`,
        `\`\`\`\n${evil}\n\`\`\``,
      ].join('\n\n'),
    );
    expectInert(el);
    // Seven places show it; the list link's target has spaces, so that whole line stays text too.
    expect(el.textContent?.split(evil).length).toBe(9);
  });

  it('renders the whole of a very long comment without throwing', () => {
    const line = '> - *[a](https://example.com) `x`*\n';
    const formatted = show(line.repeat(100));
    expectInert(formatted);
    expect(formatted.querySelectorAll('a')).toHaveLength(100);
    // Formatting that would take more than the content limit (src/markdown/bounds.ts) shows as its text.
    const long = show(line.repeat(2000));
    expectInert(long);
    expect(long.querySelectorAll('a, blockquote, li, em, code')).toHaveLength(0);
    expect(long.textContent?.split('[a](https://example.com)').length).toBe(
      Math.floor(10_000 / line.length) + 1,
    );
  });
});

describe('renderContent with content from a backend', () => {
  it('renders a link whose target is unsafe as its text only, whatever the backend sent', () => {
    const el = showContent([
      {
        type: 'paragraph',
        children: [
          { type: 'link', href: 'javascript:alert(1)', children: [{ type: 'text', text: 'a' }] },
          { type: 'link', href: ' data:text/html,x', children: [{ type: 'text', text: 'b' }] },
          { type: 'link', href: 42, children: [{ type: 'text', text: 'c' }] },
          {
            type: 'link',
            href: 'https://ok.example/',
            title: { x: 1 },
            children: [{ type: 'text', text: 'd' }],
          },
        ],
      },
    ]);
    expectInert(el);
    expect(el.textContent).toBe('abcd');
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://ok.example/']);
    expect(el.querySelector('a')?.hasAttribute('title')).toBe(false);
  });

  it('renders nothing for unknown node types and wrong field types, without throwing', () => {
    const el = showContent([
      { type: 'html', html: '<img src=x onerror=alert(1)>' },
      { type: 'image', src: 'https://example.com/a.png' },
      null,
      'loose string',
      42,
      { type: 'paragraph', children: 'not an array' },
      { type: 'text', text: { toString: () => '<b>' } },
      { type: 'list', ordered: 'yes', start: '3', items: [[{ type: 'text', text: 'item' }], 'x'] },
      { type: 'codeBlock', text: ['<script>'] },
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
    ]);
    expectInert(el);
    expect(el.querySelector('ol')).toBeNull();
    expect(el.querySelector('ul li')?.textContent).toBe('item');
    expect(el.textContent).toBe('item<script>alert(1)</script>');
  });

  it.each([undefined, null, 'text', 7, { type: 'paragraph' }])('renders %j as nothing', (content) => {
    expect(showContent(content).textContent).toBe('');
  });

  it('stops at a bounded depth instead of overflowing the stack on deeply nested content', () => {
    let node: unknown = { type: 'text', text: 'deep' };
    for (let i = 0; i < 50_000; i++) node = { type: 'quote', children: [node] };
    const el = showContent([node]);
    expect(el.querySelectorAll('blockquote').length).toBeLessThan(50);
    expect(el.textContent).toBe('');
  });

  it('shows a body without content as plain paragraphs and line breaks, markdown left as typed', () => {
    const el = showContent(plainContent('**not bold**\nline two\r\n\r\n<b>second</b>'));
    expect(shape(el)).toBe('<p><br><p>');
    expect([...el.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      '**not bold**line two',
      '<b>second</b>',
    ]);
  });
});
