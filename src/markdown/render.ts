import type { MdNode } from './ast';
import { safeHref } from './urls';

const REL = 'nofollow ugc noopener';
/** Deeper than anything the parser makes (it caps nesting at 8 + 8), shallow enough for any stack. */
const MAX_DEPTH = 40;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Content arrives from a backend, so every node is checked as it is built: anything outside the AST
 * (unknown types, wrong field types, unsafe link targets) becomes nothing, or only its text.
 */
function append(parent: Node, nodes: unknown, depth: number): Node {
  if (Array.isArray(nodes) && depth < MAX_DEPTH) {
    for (const node of nodes) {
      const built = build(node, depth + 1);
      if (built) parent.appendChild(built);
    }
  }
  return parent;
}

const element = (tag: string, children: unknown, depth: number) =>
  append(document.createElement(tag), children, depth) as HTMLElement;

function withText(tag: string, text: unknown): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = str(text);
  return el;
}

// User text only ever reaches the DOM as text nodes and checked attribute values: nothing is parsed as HTML.
function build(node: unknown, d: number): Node | null {
  const n = (node ?? {}) as Partial<Record<string, unknown>> & Pick<MdNode, 'type'>;
  switch (n.type) {
    case 'text':
      return document.createTextNode(str(n.text));
    case 'br':
      return document.createElement('br');
    case 'em':
    case 'strong':
      return element(n.type, n.children, d);
    case 'code':
      return withText('code', n.text);
    case 'link': {
      const href = typeof n.href === 'string' ? safeHref(n.href) : null;
      if (href === null) return append(document.createDocumentFragment(), n.children, d);
      const a = element('a', n.children, d) as HTMLAnchorElement;
      a.href = href;
      a.rel = REL;
      a.target = '_blank';
      if (str(n.title)) a.title = str(n.title);
      return a;
    }
    case 'paragraph':
      return element('p', n.children, d);
    case 'codeBlock': {
      const pre = document.createElement('pre');
      pre.appendChild(withText('code', n.text));
      return pre;
    }
    case 'quote':
      return element('blockquote', n.children, d);
    case 'list': {
      const list = document.createElement(n.ordered === true ? 'ol' : 'ul');
      if (Array.isArray(n.items)) for (const item of n.items) list.appendChild(element('li', item, d));
      if (n.ordered === true && Number.isSafeInteger(n.start) && n.start !== 1) {
        list.setAttribute('start', String(n.start));
      }
      return list;
    }
    default:
      return null;
  }
}

/**
 * Builds a comment's parsed content as DOM: elements, text nodes and checked attributes, made directly
 * (no HTML string, no template per node), so a body costs the nodes it shows and nothing more. Never
 * throws, whatever `content` holds.
 */
export const renderContent = (content: unknown): DocumentFragment =>
  append(document.createDocumentFragment(), content, 0) as DocumentFragment;
