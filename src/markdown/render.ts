import type { MdNode } from '../contract/markdown/ast';
import { safeHref } from '../contract/markdown/urls';

const REL = 'nofollow ugc noopener';
/** Deeper than anything the parser makes (it caps nesting at 8 + 8), shallow enough for any stack. */
const MAX_DEPTH = 40;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Built as plain DOM, the way hand-written code would: a comment's content is made once and kept (it
 * changes only with an edit), so Lit's parts and markers would be pure overhead, one marker node or
 * two per paragraph, emphasis and run of text in a thread of thousands.
 */
function appendAll(parent: Node, nodes: unknown, depth: number): void {
  if (!Array.isArray(nodes) || depth >= MAX_DEPTH) return;
  for (const node of nodes) {
    const made = build(node, depth + 1);
    if (made) parent.appendChild(made);
  }
}

function element(tag: string, children: unknown, depth: number): HTMLElement {
  const el = document.createElement(tag);
  appendAll(el, children, depth);
  return el;
}

function textElement(tag: string, text: unknown): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = str(text);
  return el;
}

// Content arrives from a backend, so every node is checked as it is built: anything outside the AST
// (unknown types, wrong field types, unsafe link targets) becomes nothing, or its text. User text only
// ever reaches the DOM as text nodes and checked attribute values, never as markup.
function build(node: unknown, d: number): Node | null {
  const n = (node ?? {}) as Partial<Record<string, unknown>> & Pick<MdNode, 'type'>;
  switch (n.type) {
    case 'text': {
      const text = str(n.text);
      return text ? document.createTextNode(text) : null;
    }
    case 'br':
      return document.createElement('br');
    case 'em':
    case 'strong':
      return element(n.type, n.children, d);
    case 'code':
      return textElement('code', n.text);
    case 'link': {
      const href = typeof n.href === 'string' ? safeHref(n.href) : null;
      if (href === null) {
        const text = document.createDocumentFragment();
        appendAll(text, n.children, d);
        return text;
      }
      const a = element('a', n.children, d);
      a.setAttribute('href', href);
      const title = str(n.title);
      if (title) a.setAttribute('title', title);
      a.setAttribute('rel', REL);
      a.setAttribute('target', '_blank');
      return a;
    }
    case 'paragraph':
      return element('p', n.children, d);
    case 'codeBlock': {
      const pre = document.createElement('pre');
      pre.appendChild(textElement('code', n.text));
      return pre;
    }
    case 'quote':
      return element('blockquote', n.children, d);
    case 'list': {
      const list = document.createElement(n.ordered === true ? 'ol' : 'ul');
      if (n.ordered === true && Number.isSafeInteger(n.start) && n.start !== 1)
        list.setAttribute('start', String(n.start));
      if (Array.isArray(n.items)) for (const item of n.items) list.appendChild(element('li', item, d));
      return list;
    }
    default:
      return null;
  }
}

/** A comment's parsed content as DOM nodes, ready to insert. Never throws, whatever `content` holds. */
export function renderContent(content: unknown): DocumentFragment {
  const fragment = document.createDocumentFragment();
  appendAll(fragment, content, 0);
  return fragment;
}
