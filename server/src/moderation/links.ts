/**
 * Counting the links in a comment body, for the link limit. Counted: markdown links (`[text](target)`,
 * and reference definitions `[label]: target`), bare and angle-bracketed http(s) URLs, and `www.` hosts,
 * each once (a markdown link whose text is its own URL is one link). Counted whether or not the renderer
 * will make them clickable (in code, escaped, broken by a zero-width space): a reader can still copy
 * them, which is what link spam wants. Every pattern here is linear in the body's length.
 */

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
/**
 * `[text](target`, text and target together (so a URL in either counts once). The closing parenthesis
 * is not needed, and the target is taken up to white space or `)`: no part of it can backtrack.
 */
const MARKDOWN_LINK = /\[[^[\]\n]*\]\(\s*<?[^\s)>]+/g;
/** `[label]: target` at the start of a line. */
const REFERENCE_DEFINITION = /^ {0,3}\[[^[\]\n]+\]:[ \t]*<?[^\s>]+/gm;
const URL = /\bhttps?:\/\/[^\s<>"'`)\]]+/g;
const WWW_HOST = /(?<![\p{L}\p{N}._@/-])www\.[\p{L}\p{N}-]+\.[\p{L}\p{N}.-]*[\p{L}\p{N}]/gu;

/** How many links `body` carries (see the module comment). */
export function countLinks(body: string): number {
  let count = 0;
  const cut = (text: string, re: RegExp) =>
    text.replace(re, () => {
      count++;
      return ' ';
    });
  // Each kind is cut out as it is counted, so a later pattern never counts it again.
  let text = body.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  for (const re of [MARKDOWN_LINK, REFERENCE_DEFINITION, URL, WWW_HOST]) text = cut(text, re);
  return count;
}
