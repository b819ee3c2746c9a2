import { html, nothing, type TemplateResult } from 'lit';
import { type MdNode, parseMarkdown } from './parse';

const REL = 'nofollow ugc noopener';

const renderNodes = (nodes: readonly MdNode[]): unknown[] => nodes.map(renderNode);

// User text only ever reaches the DOM through Lit text and attribute bindings.
function renderNode(n: MdNode): unknown {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'br':
      return html`<br />`;
    case 'em':
      return html`<em>${renderNodes(n.children)}</em>`;
    case 'strong':
      return html`<strong>${renderNodes(n.children)}</strong>`;
    case 'code':
      return html`<code>${n.text}</code>`;
    case 'link':
      return n.href === null
        ? renderNodes(n.children)
        : html`<a href=${n.href} title=${n.title ?? nothing} rel=${REL} target="_blank">${renderNodes(n.children)}</a>`;
    case 'paragraph':
      return html`<p>${renderNodes(n.children)}</p>`;
    case 'codeBlock':
      return html`<pre><code>${n.text}</code></pre>`;
    case 'quote':
      return html`<blockquote>${renderNodes(n.children)}</blockquote>`;
    case 'list': {
      const items = n.items.map((item) => html`<li>${renderNodes(item)}</li>`);
      return n.ordered
        ? html`<ol start=${n.start === 1 ? nothing : n.start}>${items}</ol>`
        : html`<ul>${items}</ul>`;
    }
  }
}

/** Renders a comment's markdown as a Lit template. Never throws. */
export const renderMarkdown = (source: string): TemplateResult => html`${renderNodes(parseMarkdown(source))}`;
