/**
 * PROTOTYPE (issue #15): the comment parser on markdown-it instead of simple-markdown, producing the same
 * closed comment AST (src/contract/markdown/ast.ts) under the same contract as the real parser
 * (src/contract/markdown/parse.ts): input truncated to
 * MAX_SOURCE_LENGTH, quotes and lists deeper than MAX_BLOCK_DEPTH and emphasis or links deeper than
 * MAX_INLINE_DEPTH kept as literal text, hrefs checked by safeHref, the tree bounded by boundContent, and
 * never a throw. Measured against today's parser by bench/markdown.ts. Not wired into anything.
 *
 * markdown-it is a devDependency for the benchmark only; the widget and the server do not use it.
 */
import MarkdownIt, { type StateBlock, type Token } from 'markdown-it';
import {
  type MdBlock,
  type MdInline,
  type MdNode,
  plainContent,
  pushText,
} from '../../src/contract/markdown/ast';
import { boundContent } from '../../src/contract/markdown/bounds';
import { MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, MAX_SOURCE_LENGTH } from '../../src/contract/markdown/parse';
import { safeHref } from '../../src/contract/markdown/urls';

type BlockRule = (state: StateBlock, start: number, end: number, silent: boolean) => boolean;

/**
 * CommonMark, less what comments do not support: no headings, rules, tables, images, reference links,
 * HTML or entities (kept as typed, as today); bare http(s) URLs are linked, as today. Exported only so
 * bench/markdown.ts can time the raw parse.
 */
export const md = new MarkdownIt('commonmark', {
  html: false,
  linkify: true,
  typographer: false,
  maxNesting: 100,
});
md.disable(['heading', 'lheading', 'hr', 'reference', 'html_block', 'html_inline', 'image', 'entity']);
md.enable(['linkify']);
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
md.linkify.add('ftp:', null).add('//', null).add('mailto:', null);
// Every target becomes a link node; safeHref decides, as with today's parser, whether it keeps its href.
md.validateLink = () => true;

/**
 * Quotes and lists past MAX_BLOCK_DEPTH are not parsed: the rule declines, so their lines stay paragraph
 * text. (markdown-it's own `maxNesting` drops everything past it, so it is only a backstop here.)
 */
for (const name of ['blockquote', 'list']) {
  const rule = md.block.ruler.__rules__.find((r) => r.name === name);
  if (!rule) continue;
  const fn = rule.fn as BlockRule;
  const capped: BlockRule = (state, start, end, silent) => {
    const depth = (state.env.tlBlock as number | undefined) ?? 0;
    if (depth >= MAX_BLOCK_DEPTH) return false;
    state.env.tlBlock = depth + 1;
    try {
      return fn(state, start, end, silent);
    } finally {
      state.env.tlBlock = depth;
    }
  };
  md.block.ruler.at(name, capped, { alt: rule.alt });
}

/** An attribute as a string (markdown-it types them `string | number`). */
const attr = (t: Token, name: string): string => String(t.attrGet(name) ?? '');

/** Tokens being converted; `i` is the next one. markdown-it's stream is flat, nested by `nesting` +1/-1. */
interface Cursor {
  tokens: readonly Token[];
  i: number;
}

/** Moves the cursor from just inside an opening token to its closing token, in one pass. */
function skip(c: Cursor): void {
  for (let level = 0; c.i < c.tokens.length; c.i++) {
    const n = (c.tokens[c.i] as Token).nesting;
    if (n === -1 && level === 0) return;
    level += n;
  }
}

/** The source-like text of inline tokens, for emphasis and links nested too deep. */
function literal(tokens: readonly Token[]): string {
  let s = '';
  let href = '';
  for (const t of tokens) {
    if (t.type === 'softbreak' || t.type === 'hardbreak') s += '\n';
    else if (t.type === 'code_inline') s += `${t.markup}${t.content}${t.markup}`;
    else if (t.type === 'link_open') {
      s += '[';
      href = attr(t, 'href');
    } else if (t.type === 'link_close') s += `](${href})`;
    else if (t.nesting !== 0) s += t.markup;
    else s += t.content;
  }
  return s;
}

/** Converts inline tokens up to the enclosing element's closing token (left for the caller) or the end. */
function inline(c: Cursor, depth: number): MdInline[] {
  const out: MdNode[] = [];
  while (c.i < c.tokens.length) {
    const t = c.tokens[c.i] as Token;
    if (t.nesting === -1) break;
    c.i++;
    switch (t.type) {
      case 'text':
      case 'text_special':
        pushText(out, t.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        out.push({ type: 'br' });
        break;
      case 'code_inline':
        out.push({ type: 'code', text: t.content });
        break;
      case 'em_open':
      case 'strong_open':
      case 'link_open': {
        if (depth >= MAX_INLINE_DEPTH) {
          const from = c.i - 1;
          skip(c);
          pushText(out, literal(c.tokens.slice(from, c.i + 1)));
        } else {
          const children = inline(c, depth + 1);
          if (t.type === 'link_open') {
            const link: MdInline = { type: 'link', href: safeHref(attr(t, 'href')), children };
            const title = attr(t, 'title');
            if (title) link.title = title;
            out.push(link);
          } else out.push({ type: t.type === 'em_open' ? 'em' : 'strong', children });
          skip(c);
        }
        c.i++;
        break;
      }
      default:
        // Nothing else is produced with the rules above; anything that opens is kept as its text.
        if (t.nesting === 1) {
          out.push(...inline(c, depth));
          skip(c);
          c.i++;
        } else if (t.content) pushText(out, t.content);
    }
  }
  while (out[out.length - 1]?.type === 'br') out.pop();
  return out as MdInline[];
}

const withoutFinalNewline = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s);

/** Converts block tokens up to the enclosing block's closing token (left for the caller) or the end. */
function blocks(c: Cursor): MdNode[] {
  const out: MdNode[] = [];
  while (c.i < c.tokens.length) {
    const t = c.tokens[c.i] as Token;
    if (t.nesting === -1) break;
    c.i++;
    switch (t.type) {
      case 'inline':
        out.push(...inline({ tokens: t.children ?? [], i: 0 }, 0));
        break;
      case 'paragraph_open': {
        const body = c.tokens[c.i];
        const children = body?.type === 'inline' ? inline({ tokens: body.children ?? [], i: 0 }, 0) : [];
        // A tight list item's paragraph is hidden: its text goes straight into the item, as today.
        if (t.hidden) out.push(...children);
        else out.push({ type: 'paragraph', children });
        break;
      }
      case 'code_block':
      case 'fence': {
        const code: MdBlock = { type: 'codeBlock', text: withoutFinalNewline(t.content) };
        const lang = t.info.trim().split(/\s+/)[0];
        if (lang) code.lang = lang;
        out.push(code);
        break;
      }
      case 'blockquote_open':
        out.push({ type: 'quote', children: blocks(c) });
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const items: MdNode[][] = [];
        while (c.tokens[c.i]?.type === 'list_item_open') {
          c.i++;
          items.push(blocks(c));
          skip(c);
          c.i++;
        }
        const start = Number(t.attrGet('start') ?? 1);
        out.push({
          type: 'list',
          ordered: t.type === 'ordered_list_open',
          start: Number.isSafeInteger(start) && start >= 0 ? start : 1,
          items,
        });
        break;
      }
      // Disabled constructs produce no tokens; anything unexpected is dropped (its closing token below).
    }
    if (t.nesting === 1) {
      skip(c);
      c.i++;
    }
  }
  return out;
}

/**
 * Parses comment markdown into the closed comment AST, as ./parse.ts does, with markdown-it. Never throws;
 * input beyond MAX_SOURCE_LENGTH characters is dropped, and a tree over the content limits (./bounds.ts)
 * becomes the text without its formatting.
 */
export function parseMarkdown(source: string): MdNode[] {
  let s = typeof source === 'string' ? source : '';
  if (s.length > MAX_SOURCE_LENGTH) {
    // Do not split a surrogate pair.
    const end = /[\uD800-\uDBFF]/.test(s.charAt(MAX_SOURCE_LENGTH - 1))
      ? MAX_SOURCE_LENGTH - 1
      : MAX_SOURCE_LENGTH;
    s = s.slice(0, end);
  }
  let content: MdNode[];
  try {
    content = blocks({ tokens: md.parse(s, {}), i: 0 });
  } catch {
    content = plainContent(s);
  }
  return boundContent(content, s);
}
