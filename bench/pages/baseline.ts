/**
 * Bench baseline: the same DOM as <threadline-comments> renders (same elements, classes, attributes and
 * stylesheet), built with plain document.createElement in one synchronous pass from the same data. The
 * one difference in CSS: no content-visibility on top-level comments, so it lays out everything, as
 * hand-written code would. Clicks are handled by one delegated listener, like the widget's.
 */
import type { Comment, Sort } from '../../src/adapters/adapter';
import { styles } from '../../src/elements/threadline-comments/threadline-comments.styles';
import { formatRelative } from '../../src/i18n/format';
import { messagesFor } from '../../src/i18n/messages';
import { installBench } from './harness';
import { type BenchThread, sortRoots } from './thread-data';

const MAX_DEPTH = 4;

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The markdown subset the synthetic bodies use: paragraphs, quotes, *emphasis*, [links](url). */
function inline(text: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  const pattern = /\*([^*]+)\*|\[([^\]]+)\]\(([^)]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    if (match[1] !== undefined) out.push(el('em', {}, match[1]));
    else
      out.push(
        el('a', { href: match[3] ?? '', rel: 'nofollow ugc noopener', target: '_blank' }, match[2] ?? ''),
      );
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function body(source: string): HTMLElement {
  const div = el('div', { class: 'body', part: 'body' });
  for (const block of source.split('\n\n')) {
    if (block.startsWith('> ')) div.append(el('blockquote', {}, el('p', {}, ...inline(block.slice(2)))));
    else div.append(el('p', {}, ...inline(block)));
  }
  return div;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
}

function voteButton(c: Comment, value: 1 | -1): HTMLElement {
  return el('button', {
    type: 'button',
    class: value === 1 ? 'up' : 'down',
    'data-action': 'vote',
    'data-id': c.id,
    'data-value': String(value),
    'aria-label': value === 1 ? 'Upvote' : 'Downvote',
    'aria-pressed': 'false',
  });
}

function comment(c: Comment, data: BenchThread, depth: number, parentName: string | null): HTMLElement {
  const now = Date.now();
  const meta = el(
    'div',
    { class: 'meta' },
    el('span', { class: 'author', id: `author-${c.id}` }, c.author.name),
  );
  if (depth > MAX_DEPTH && parentName) meta.append(el('span', {}, `↳ replying to ${parentName}`));
  meta.append(
    el('time', { datetime: c.createdAt }, formatRelative(c.createdAt, now, messagesFor('en').time)),
  );
  const article = el(
    'article',
    { class: 'comment', part: 'comment', 'aria-labelledby': `author-${c.id}`, 'aria-busy': 'false' },
    el('span', {
      class: 'avatar',
      part: 'avatar',
      'aria-hidden': 'true',
      'data-initials': initials(c.author.name),
    }),
    meta,
    body(c.body),
    el(
      'div',
      { class: 'actions', part: 'actions' },
      el(
        'span',
        { class: 'vote', part: 'vote' },
        voteButton(c, 1),
        el('span', { class: 'score', 'aria-label': `Score: ${c.score}` }, String(c.score)),
        voteButton(c, -1),
      ),
      el(
        'button',
        { type: 'button', class: 'link', 'data-action': 'reply', 'data-id': c.id, 'aria-expanded': 'false' },
        'Reply',
      ),
    ),
  );
  const li = el('li', { class: depth === 0 ? 'item root' : 'item', 'data-comment': c.id }, article);
  const children = data.children.get(c.id) ?? [];
  if (children.length > 0) {
    const flat = depth + 1 > MAX_DEPTH;
    const ol = el('ol', { class: flat ? 'replies flat' : 'replies', part: 'replies' });
    for (const child of children) ol.append(comment(child, data, depth + 1, c.author.name));
    li.append(ol);
  }
  return li;
}

function list(data: BenchThread, sort: Sort): HTMLElement {
  const ol = el('ol', { class: 'list', part: 'list' });
  for (const root of sortRoots(data.roots, sort)) ol.append(comment(root, data, 0, null));
  return ol;
}

function header(total: number, sort: Sort): HTMLElement {
  const group = el('div', { class: 'sort', role: 'group', 'aria-label': 'Sort comments', part: 'sort' });
  for (const [value, label] of [
    ['newest', 'Newest'],
    ['oldest', 'Oldest'],
    ['top', 'Most voted'],
  ] as const) {
    group.append(
      el(
        'button',
        { type: 'button', 'data-action': 'sort', 'data-sort': value, 'aria-pressed': String(value === sort) },
        label,
      ),
    );
  }
  return el(
    'header',
    { class: 'bar', part: 'header' },
    el('h2', { class: 'count', id: 'count' }, `${total} comments`),
    group,
  );
}

function composer(): HTMLElement {
  return el(
    'form',
    { class: 'composer', part: 'composer', 'data-form': 'root', novalidate: '' },
    el('label', { for: 'body-root' }, 'Add a comment'),
    el('textarea', { id: 'body-root', name: 'body', maxlength: '10000' }),
    el(
      'div',
      { class: 'composer-row' },
      el('span', {}, el('label', { for: 'name-root' }, 'Your name'), el('input', { id: 'name-root' })),
      el(
        'span',
        { class: 'actions-end' },
        el('button', { type: 'submit', class: 'primary' }, 'Post comment'),
      ),
    ),
  );
}

// The widget's own stylesheet, minus content-visibility (see the file comment).
const sheet = new CSSStyleSheet();
sheet.replaceSync(
  styles
    .map((s) => s.cssText)
    .join('\n')
    .replace(/content-visibility:\s*auto;?|contain-intrinsic-size:[^;}]*;?/g, ''),
);

let host: HTMLElement | null = null;

installBench({
  mount(data) {
    host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [sheet];
    const root = el('div', { class: 'root', 'data-theme': 'light' });
    let current = list(data, 'newest');
    root.append(header(data.comments.length, 'newest'), composer(), current);
    root.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (button?.dataset.action === 'vote') {
        const pressed = button.getAttribute('aria-pressed') === 'true';
        const score = button.parentElement?.querySelector('.score');
        if (!score) return;
        const value = Number(score.textContent) + (pressed ? -1 : 1) * Number(button.dataset.value);
        score.textContent = String(value);
        score.setAttribute('aria-label', `Score: ${value}`);
        button.setAttribute('aria-pressed', String(!pressed));
      } else if (button?.dataset.action === 'sort') {
        const sort = button.dataset.sort as Sort;
        for (const b of root.querySelectorAll('button[data-action="sort"]'))
          b.setAttribute('aria-pressed', String(b === button));
        const next = list(data, sort);
        current.replaceWith(next);
        current = next;
      }
    });
    shadow.append(root);
    document.body.append(host);
  },
  root: () => host?.shadowRoot ?? null,
});
