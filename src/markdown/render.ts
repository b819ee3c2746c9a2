import { html, nothing } from 'lit';
import type { MdNode } from './ast';
import { safeHref } from './urls';

const REL = 'nofollow ugc noopener';
/** Deeper than anything the parser makes (it caps nesting at 8 + 8), shallow enough for any stack. */
const MAX_DEPTH = 40;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Content arrives from a backend, so every node is checked as it renders: anything outside the AST
 * (unknown types, wrong field types, unsafe link targets) renders as nothing, or as its text. Up to
 * three children render through a template with a part each, one marker node per child: Lit gives every
 * item of an array two, and most blocks hold one to three children (a paragraph, text around a link).
 */
function list(nodes: unknown, depth: number): unknown {
  if (!Array.isArray(nodes) || depth >= MAX_DEPTH) return nothing;
  const d = depth + 1;
  switch (nodes.length) {
    case 1:
      return renderNode(nodes[0], d);
    case 2:
      return html`${renderNode(nodes[0], d)}${renderNode(nodes[1], d)}`;
    case 3:
      return html`${renderNode(nodes[0], d)}${renderNode(nodes[1], d)}${renderNode(nodes[2], d)}`;
    default:
      return nodes.map((n) => renderNode(n, d));
  }
}

/** The text of children that are one text node, which a `.textContent` binding shows with no marker. */
function onlyText(children: unknown): string | undefined {
  const [first] = Array.isArray(children) && children.length === 1 ? children : [];
  return first?.type === 'text' && typeof first.text === 'string' ? first.text : undefined;
}

// User text only ever reaches the DOM through Lit text, property and attribute bindings.
function renderNode(node: unknown, d: number): unknown {
  const n = (node ?? {}) as Partial<Record<string, unknown>> & Pick<MdNode, 'type'>;
  switch (n.type) {
    case 'text':
      return str(n.text);
    case 'br':
      return html`<br />`;
    case 'em':
      return html`<em>${list(n.children, d)}</em>`;
    case 'strong':
      return html`<strong>${list(n.children, d)}</strong>`;
    case 'code':
      return html`<code .textContent=${str(n.text)}></code>`;
    case 'link': {
      const href = typeof n.href === 'string' ? safeHref(n.href) : null;
      return href === null
        ? list(n.children, d)
        : html`<a href=${href} title=${str(n.title) || nothing} rel=${REL} target="_blank">${list(n.children, d)}</a>`;
    }
    case 'paragraph': {
      const text = onlyText(n.children);
      return text === undefined ? html`<p>${list(n.children, d)}</p>` : html`<p .textContent=${text}></p>`;
    }
    case 'codeBlock':
      return html`<pre><code .textContent=${str(n.text)}></code></pre>`;
    case 'quote':
      return html`<blockquote>${list(n.children, d)}</blockquote>`;
    case 'list': {
      const items = Array.isArray(n.items) ? n.items.map((item) => html`<li>${list(item, d)}</li>`) : [];
      const start = Number.isSafeInteger(n.start) && n.start !== 1 ? n.start : nothing;
      return n.ordered === true ? html`<ol start=${start}>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    default:
      return nothing;
  }
}

/** Renders a comment's parsed content as Lit templates. Never throws, whatever `content` holds. */
export const renderContent = (content: unknown): unknown => list(content, 0);
