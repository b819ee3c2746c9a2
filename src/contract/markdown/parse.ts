import SimpleMarkdownModule, {
  type ParserRule,
  type SingleASTNode,
  type State,
} from '@khanacademy/simple-markdown';
import { type MdBlock, type MdInline, type MdNode, plainContent, pushText } from './ast';
import { boundContent } from './bounds';
import { safeHref } from './urls';

export type { MdBlock, MdInline, MdNode } from './ast';

/** Longer input is truncated to this many characters. */
export const MAX_SOURCE_LENGTH = 10_000;
/** Quotes and lists nested deeper than this are kept as literal text. */
export const MAX_BLOCK_DEPTH = 8;
/** Emphasis and links nested deeper than this are kept as literal text. */
export const MAX_INLINE_DEPTH = 8;

/**
 * The package is CommonJS: bundlers hand over the library as the default import, Node's own ESM loader
 * (the reference server under tsx) its whole `module.exports`, whose `default` is the library.
 */
const SimpleMarkdown =
  (SimpleMarkdownModule as unknown as { default?: typeof SimpleMarkdownModule }).default ??
  SimpleMarkdownModule;
const d = SimpleMarkdown.defaultRules;

/** Parses with the rule's own parser unless nesting (counted in `state[key]`) is already at `max`. */
const capped = (rule: ParserRule, key: string, max: number): ParserRule => ({
  ...rule,
  parse: (capture, nestedParse, state) => {
    const depth: number = state[key] ?? 0;
    if (depth >= max) return { type: 'text', content: capture[0] ?? '' };
    state[key] = depth + 1;
    try {
      return rule.parse(capture, nestedParse, state);
    } finally {
      state[key] = depth;
    }
  },
});

/**
 * The inline rules' regexes backtrack badly on hostile input (`[](` or `<` repeated), so they only ever
 * see a bounded prefix: a span longer than this stays literal text.
 */
const MAX_SPAN = 1000;
const head = (source: string, max = MAX_SPAN) => (source.length > max ? source.slice(0, max) : source);
const bounded = (rule: ParserRule, max = MAX_SPAN): ParserRule => ({
  ...rule,
  match: (source, state, prev) => rule.match(head(source, max), state, prev),
});

/** The fence regex is quadratic in the length of its opening run; long runs are not fences. */
const LONG_FENCE = /^ *(?:`{17}|~{17})/;
const fence: ParserRule = {
  ...d.fence,
  match: (source, state, prev) => (LONG_FENCE.test(source) ? null : d.fence.match(source, state, prev)),
};

const block = (rule: ParserRule) => capped(rule, 'tlBlock', MAX_BLOCK_DEPTH);

/** Failed link attempts allowed in one parse; after them a `[` is plain text. */
const MAX_LINK_MISSES = 100;

/**
 * Each `[` that starts no link costs a scan of the link window, so a body of thousands of `[](` took a
 * quarter of a second to parse (on the server, on every write). A bounded number of misses brings it
 * down to the other worst cases, tens of milliseconds for 10,000 characters; real comments miss rarely.
 */
const linkRule: ParserRule = {
  ...d.link,
  match: (source, state, prev) => {
    const misses: number = state.tlLinkMisses ?? 0;
    if (misses >= MAX_LINK_MISSES || source.charCodeAt(0) !== 91) return null;
    const found = d.link.match(head(source, 500), state, prev);
    if (!found) state.tlLinkMisses = misses + 1;
    return found;
  },
};
const inline = (rule: ParserRule, span = MAX_SPAN) =>
  capped(bounded(rule, span), 'tlInline', MAX_INLINE_DEPTH);

/**
 * Replaces the default inline-code rule, whose regex is cubic on a long run of backticks. A run without a
 * closing run of the same length is consumed whole as literal text.
 */
const inlineCode: ParserRule = {
  order: d.inlineCode.order,
  match: (source, state) => {
    const open = state.inline ? /^`+/.exec(source)?.[0] : undefined;
    if (!open) return null;
    const s = head(source);
    for (let i = s.indexOf('`', open.length); i !== -1; i = s.indexOf('`', i)) {
      const close = i;
      while (s.charCodeAt(i) === 96) i++;
      if (i - close === open.length) return [s.slice(0, i), s.slice(open.length, close)];
    }
    return [open];
  },
  parse: ([all = '', content]) =>
    content === undefined ? { type: 'text', content: all } : { type: 'inlineCode', content: content.trim() },
};

/**
 * The default text rule, except that it also stops before `1. `, so an ordered list nested in a tight list
 * item is not swallowed into the item's text.
 */
const text: ParserRule = {
  ...d.text,
  match: SimpleMarkdown.anyScopeRegex(
    /^[\s\S]+?(?=[^0-9A-Za-z\s\u00c0-\uffff]|\n\n| {2,}\n|\w+:\S|\n? *\d+\.\s|$)/,
  ),
};

// Only the constructs comments support: no headings, hr, tables, images, reference links or HTML.
const parser = SimpleMarkdown.parserFor({
  codeBlock: d.codeBlock,
  fence,
  blockQuote: block(d.blockQuote),
  list: block(d.list),
  newline: d.newline,
  paragraph: d.paragraph,
  escape: d.escape,
  autolink: bounded(d.autolink),
  mailto: bounded(d.mailto),
  url: bounded(d.url),
  link: capped(linkRule, 'tlInline', MAX_INLINE_DEPTH), // the costliest regex: half the window
  em: inline(d.em),
  strong: inline(d.strong),
  u: inline(d.u), // `__x__` is strong in markdown
  inlineCode,
  br: d.br,
  text,
});

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): SingleASTNode[] => (Array.isArray(v) ? v : []);

/** Drops line breaks that would only pad the end of a block or precede a nested block. */
function trimBreaks(out: MdNode[]): MdNode[] {
  while (out[out.length - 1]?.type === 'br') out.pop();
  return out;
}

const BLOCKS = new Set(['paragraph', 'codeBlock', 'blockQuote', 'list']);

function convert(nodes: SingleASTNode[], inLink: boolean): MdNode[] {
  const out: MdNode[] = [];
  for (const n of nodes) {
    if (BLOCKS.has(n.type)) trimBreaks(out);
    const kids = (): MdInline[] => convert(arr(n.content), inLink) as MdInline[];
    switch (n.type) {
      case 'text':
        pushText(out, str(n.content));
        break;
      case 'br':
        out.push({ type: 'br' });
        break;
      case 'em':
        out.push({ type: 'em', children: kids() });
        break;
      case 'strong':
      case 'u':
        out.push({ type: 'strong', children: kids() });
        break;
      case 'link': {
        const children = convert(arr(n.content), true) as MdInline[];
        if (inLink) out.push(...children);
        else {
          const link: MdInline = { type: 'link', href: safeHref(str(n.target)), children };
          if (typeof n.title === 'string' && n.title) link.title = n.title;
          out.push(link);
        }
        break;
      }
      case 'inlineCode':
        out.push({ type: 'code', text: str(n.content) });
        break;
      case 'paragraph':
        out.push({ type: 'paragraph', children: kids() });
        break;
      case 'codeBlock': {
        const code: MdBlock = { type: 'codeBlock', text: str(n.content) };
        if (typeof n.lang === 'string' && n.lang) code.lang = n.lang;
        out.push(code);
        break;
      }
      case 'blockQuote':
        out.push({ type: 'quote', children: kids() });
        break;
      case 'list': {
        const start = Number(n.start);
        out.push({
          type: 'list',
          ordered: n.ordered === true,
          start: Number.isSafeInteger(start) && start >= 0 ? start : 1,
          items: arr(n.items).map((item) => convert(Array.isArray(item) ? item : [item], inLink)),
        });
        break;
      }
      // 'newline' (blank lines between blocks) and anything unexpected produce nothing.
    }
  }
  return trimBreaks(out);
}

/**
 * Parses comment markdown into a small, closed AST. Never throws; input beyond
 * {@link MAX_SOURCE_LENGTH} characters is dropped, and a tree over the content limits (./bounds.ts)
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
    content = convert(parser(s, { inline: false } as State), false);
  } catch {
    content = plainContent(s);
  }
  return boundContent(content, s);
}
