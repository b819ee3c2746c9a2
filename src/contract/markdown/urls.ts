const SCHEME = /^(?:https?|mailto):/i;
/** C0/C1 controls and ASCII space: never legitimate inside a link target, often used to smuggle schemes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0020\u007f-\u009f]/;
const MAX_URL = 2048;

/**
 * Returns the normalised URL if `raw` is an absolute http:, https: or mailto: URL, otherwise null.
 * Anything else (javascript:, data:, vbscript:, relative or protocol-relative URLs, URLs with control
 * characters or spaces inside) is refused.
 */
export function safeHref(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (s.length === 0 || s.length > MAX_URL || CONTROL.test(s) || !SCHEME.test(s)) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.protocol === 'mailto:') return url.pathname ? url.href : null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.hostname ? url.href : null;
}
