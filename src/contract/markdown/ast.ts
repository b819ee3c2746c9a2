/**
 * Threadline's comment AST: the closed set of nodes a comment body can hold. Backends parse a body into
 * it (the reference server and the in-browser adapters with ./parse) and the widget renders it with
 * ./render, so the widget itself needs no markdown parser. Anything outside this shape is not rendered.
 */
export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'br' }
  | { type: 'em' | 'strong'; children: MdInline[] }
  /** `href` is checked by `safeHref` when parsed and again when rendered; null means "the text only". */
  | { type: 'link'; href: string | null; title?: string; children: MdInline[] }
  | { type: 'code'; text: string };

export type MdBlock =
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'codeBlock'; text: string; lang?: string }
  | { type: 'quote'; children: MdNode[] }
  | { type: 'list'; ordered: boolean; start: number; items: MdNode[][] };

export type MdNode = MdInline | MdBlock;

/** Text keeps its single line breaks: comment authors expect a newline to show as one. */
export function pushText(out: MdNode[], text: string): void {
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (i > 0) out.push({ type: 'br' });
    const last = out[out.length - 1];
    if (last?.type === 'text') last.text += line;
    else if (line) out.push({ type: 'text', text: line });
  });
}

/**
 * A body as plain paragraphs, without parsing markdown: what a comment shows while it has no parsed
 * content yet (a post on its way to the server), and what the parser falls back to if it ever fails.
 */
export const plainContent = (source: string): MdNode[] =>
  source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => {
      const children: MdNode[] = [];
      pushText(children, p);
      return { type: 'paragraph', children: children as MdInline[] };
    });
