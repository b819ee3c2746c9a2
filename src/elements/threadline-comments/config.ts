import { type Adapter, LIMITS, SORTS, type Sort } from '../../adapters/adapter';

import type { AdapterName } from '../../adapters/create';
import { THREAD_KEY_PATTERN } from '../../contract/thread-key';

export type { AdapterName };
export type Theme = 'light' | 'dark' | 'auto';
/** `lazy`: load nothing until the widget is about one screen from the viewport; `eager`: at once. */
export type Loading = 'lazy' | 'eager';

const ADAPTERS: readonly AdapterName[] = ['memory', 'local', 'rest'];
const THEMES: readonly Theme[] = ['light', 'dark', 'auto'];
const LOADINGS: readonly Loading[] = ['lazy', 'eager'];
/** `live` is on when present (`live`, `live=""`), `on` or `true`; off with `off` or `false`. */
const LIVE_VALUES = ['on', 'off', 'true', 'false'];

export const DEFAULTS = {
  adapter: 'memory' as AdapterName,
  pageSize: 20,
  maxDepth: 4,
  headingLevel: 2,
  theme: 'auto' as Theme,
  loading: 'lazy' as Loading,
} as const;

/** The element's attributes as they arrive: anything a page might set. */
export interface RawConfig {
  thread: unknown;
  adapter: unknown;
  api: unknown;
  sort: unknown;
  pageSize: unknown;
  maxDepth: unknown;
  headingLevel?: unknown;
  locale: unknown;
  theme: unknown;
  darkSelector?: unknown;
  loading: unknown;
  live?: unknown;
}

export interface WidgetConfig {
  thread: string;
  /** A backend name, or an adapter object a site passed as the `adapter` property. */
  adapter: AdapterName | Adapter;
  api: string | null;
  /** null when the site set no (valid) sort: the reader's remembered choice or the default applies. */
  sort: Sort | null;
  pageSize: number;
  maxDepth: number;
  /** Level of the "12 comments" heading, so it fits under the site's own (1–6, default 2). */
  headingLevel: number;
  locale: string;
  theme: Theme;
  /** With theme auto: a selector that matches an ancestor (usually `<html>`) while the page is dark. */
  darkSelector: string | null;
  loading: Loading;
  /** Live updates on (default) or off (`live="off"` / `"false"`). */
  live: boolean;
}

export interface ConfigProblem {
  code: string;
  message: string;
  /** True when the widget cannot work at all (it then renders the problem instead of comments). */
  fatal: boolean;
}

function isAdapterObject(value: unknown): value is Adapter {
  return typeof value === 'object' && value !== null && typeof (value as Adapter).listComments === 'function';
}

function pickEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  fallback: T,
  name: string,
  code: string,
  problems: ConfigProblem[],
): T {
  if (value === undefined || value === null || value === '') return fallback;
  const text = String(value).trim().toLowerCase();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  problems.push({
    code,
    message: `${name}="${String(value).slice(0, 40)}" is not one of ${allowed.join(', ')}; using "${fallback}"`,
    fatal: false,
  });
  return fallback;
}

function pickInteger(
  value: unknown,
  min: number,
  max: number,
  fallback: number,
  name: string,
  code: string,
  problems: ConfigProblem[],
): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  if (Number.isInteger(number) && number >= min && number <= max) return number;
  problems.push({
    code,
    message: `${name}="${String(value).slice(0, 40)}" must be a whole number from ${min} to ${max}; using ${fallback}`,
    fatal: false,
  });
  return fallback;
}

function pickLocale(value: unknown, problems: ConfigProblem[]): string {
  const fallback = typeof navigator === 'undefined' ? 'en' : navigator.language || 'en';
  if (value === undefined || value === null || value === '') return fallback;
  try {
    const [canonical] = Intl.getCanonicalLocales(String(value).trim());
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  problems.push({
    code: 'THREADLINE_BAD_LOCALE',
    message: `locale="${String(value).slice(0, 40)}" is not a valid BCP 47 language tag; using "${fallback}"`,
    fatal: false,
  });
  return fallback;
}

function pickApi(value: unknown, adapter: AdapterName | Adapter, problems: ConfigProblem[]): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  if (adapter !== 'rest') return text || null;
  if (!text) {
    problems.push({
      code: 'THREADLINE_NO_API',
      message: 'adapter="rest" needs api="https://your-comment-server" (the reference server base URL)',
      fatal: true,
    });
    return null;
  }
  try {
    const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
    const url = new URL(text, base);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  problems.push({
    code: 'THREADLINE_BAD_API',
    message: `api="${text.slice(0, 80)}" is not an http(s) URL`,
    fatal: true,
  });
  return null;
}

/** A CSS selector the page's dark mode puts on an ancestor, e.g. `.dark` or `[data-theme=dark]`. */
function pickSelector(value: unknown, problems: ConfigProblem[]): string | null {
  if (value === undefined || value === null || value === '') return null;
  const selector = typeof value === 'string' ? value.trim() : '';
  try {
    if (selector && selector.length <= 200) {
      document.createDocumentFragment().querySelector(selector);
      return selector;
    }
  } catch {
    // reported below
  }
  problems.push({
    code: 'THREADLINE_BAD_DARK_SELECTOR',
    message:
      'dark-selector must be a CSS selector (up to 200 characters) such as ".dark" or "[data-theme=dark]"; it is ignored',
    fatal: false,
  });
  return null;
}

/**
 * Turns whatever the page set into a working configuration plus the problems found. Never throws:
 * a bad value falls back to its default with a problem the element reports once.
 */
export function resolveConfig(raw: RawConfig): { config: WidgetConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];

  let thread = typeof raw.thread === 'string' ? raw.thread.trim() : '';
  if (!thread) {
    problems.push({
      code: 'THREADLINE_NO_THREAD',
      message: 'thread is required: give each article a stable key, e.g. thread="2026/11/night-ferry"',
      fatal: true,
    });
  } else if (thread.length > LIMITS.threadMaxLength || !THREAD_KEY_PATTERN.test(thread)) {
    problems.push({
      code: 'THREADLINE_BAD_THREAD',
      message: `thread must be 1–${LIMITS.threadMaxLength} letters, digits or . _ ~ : / @ + - (starting with a letter or digit)`,
      fatal: true,
    });
    thread = '';
  }

  const adapter = isAdapterObject(raw.adapter)
    ? raw.adapter
    : pickEnum(raw.adapter, ADAPTERS, DEFAULTS.adapter, 'adapter', 'THREADLINE_BAD_ADAPTER', problems);

  const sort =
    raw.sort === undefined || raw.sort === null || raw.sort === ''
      ? null
      : pickEnum(raw.sort, SORTS, 'newest', 'sort', 'THREADLINE_BAD_SORT', problems);

  const config: WidgetConfig = {
    thread,
    adapter,
    api: pickApi(raw.api, adapter, problems),
    sort: problems.some((p) => p.code === 'THREADLINE_BAD_SORT') ? null : sort,
    pageSize: pickInteger(
      raw.pageSize,
      1,
      LIMITS.pageMax,
      DEFAULTS.pageSize,
      'page-size',
      'THREADLINE_BAD_PAGE_SIZE',
      problems,
    ),
    maxDepth: pickInteger(
      raw.maxDepth,
      0,
      10,
      DEFAULTS.maxDepth,
      'max-depth',
      'THREADLINE_BAD_MAX_DEPTH',
      problems,
    ),
    headingLevel: pickInteger(
      raw.headingLevel,
      1,
      6,
      DEFAULTS.headingLevel,
      'heading-level',
      'THREADLINE_BAD_HEADING_LEVEL',
      problems,
    ),
    locale: pickLocale(raw.locale, problems),
    theme: pickEnum(raw.theme, THEMES, DEFAULTS.theme, 'theme', 'THREADLINE_BAD_THEME', problems),
    darkSelector: pickSelector(raw.darkSelector, problems),
    loading: pickEnum(raw.loading, LOADINGS, DEFAULTS.loading, 'loading', 'THREADLINE_BAD_LOADING', problems),
    live: ['on', 'true'].includes(
      pickEnum(raw.live, LIVE_VALUES, 'on', 'live', 'THREADLINE_BAD_LIVE', problems),
    ),
  };
  return { config, problems };
}
