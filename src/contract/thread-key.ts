/**
 * Thread keys are slugs or paths, never markup: 1–200 letters, digits and `. _ ~ : / @ + -`, starting
 * with a letter or digit (so a key is never `.`, `..` or a hidden name). In a URL it is one
 * percent-encoded path segment. A module of its own so the widget's config takes the rule without the
 * backends' other checks.
 */
export const THREAD_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~:/@+-]*$/;
