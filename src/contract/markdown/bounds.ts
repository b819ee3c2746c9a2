/**
 * How big a comment's parsed content may be. A short body can parse into a large tree (`*a` repeated
 * 5,000 times made 7,500 nodes and 200 KB of JSON from 10,000 characters), and that tree is stored, sent
 * with every page and every live event, and rendered as DOM. Content over either limit is replaced by
 * the body as plain text, so the reader's words are all kept, only their formatting is dropped; the
 * body itself (the source an edit starts from) is never changed. Every backend applies this through
 * `parseMarkdown`: the reference server, the in-browser adapters and `withContent`.
 */
import { LIMITS } from '../wire';
import { type MdInline, type MdNode, plainContent } from './ast';

export const MAX_CONTENT_NODES = LIMITS.contentMaxNodes;
export const MAX_CONTENT_BYTES = LIMITS.contentMaxBytes;

/** Counts nodes and list items, stopping once past `limit`. */
export function countNodes(nodes: readonly MdNode[], limit: number): number {
  let count = 0;
  const stack: (readonly MdNode[])[] = [nodes];
  for (let level = stack.pop(); level !== undefined; level = stack.pop()) {
    for (const node of level) {
      count += 1;
      if (count > limit) return count;
      if ('children' in node) stack.push(node.children);
      else if (node.type === 'list') {
        count += node.items.length;
        stack.push(...node.items);
      }
    }
  }
  return count;
}

const encoder = new TextEncoder();

/** True when `content` is within both limits. */
export function withinContentLimits(content: readonly MdNode[]): boolean {
  return (
    countNodes(content, MAX_CONTENT_NODES) <= MAX_CONTENT_NODES &&
    encoder.encode(JSON.stringify(content)).length <= MAX_CONTENT_BYTES
  );
}

/**
 * `content` if it is within the limits; else the body as plain paragraphs if those are; else the body
 * as one paragraph of text, its line breaks turned into spaces. The last always fits: a body is at most
 * 10,000 characters, none of them a control character JSON would escape at length (see
 * adapters/validate.ts), so its JSON is at most about 30 KB in two nodes.
 */
export function boundContent(content: MdNode[], source: string): MdNode[] {
  if (withinContentLimits(content)) return content;
  const plain = plainContent(source);
  if (withinContentLimits(plain)) return plain;
  const text = source.replace(/\s+/g, ' ').trim();
  const children: MdInline[] = text ? [{ type: 'text', text }] : [];
  return [{ type: 'paragraph', children }];
}
