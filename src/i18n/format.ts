/**
 * Times and numbers for the comment list. Nothing here that runs while comments render touches Intl: a
 * page's first Intl formatter of each kind builds ICU data for 40–90 ms in one task (measured in
 * Chromium on the benchmark machine), longer than a render slice may take. Relative times and grouped
 * digits come from the language catalog; only the exact time on hover uses Intl.
 */

export type TimeUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';

/** The words for "3 hours ago"; each catalog brings its own. */
export interface TimeTexts {
  justNow: string;
  /** `count` is 1 or more. */
  ago(unit: TimeUnit, count: number): string;
}

const UNITS: ReadonlyArray<[TimeUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "yesterday", "just now" (under a minute, or a time ahead of this device's clock). */
export function formatRelative(iso: string, now: number, texts: TimeTexts): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((now - time) / 1000);
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return texts.ago(unit, Math.trunc(seconds / size));
  }
  return texts.justNow;
}

/** 12345 → "12,345" with `separator` ","; integers only, as counts are. */
export function groupDigits(n: number, separator: string): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

const exactFormats = new Map<string, Intl.DateTimeFormat>();

/** The exact time, for the hover title: only formatted when a reader points at a time. */
export function formatExact(iso: string, locale: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  let format = exactFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
    exactFormats.set(locale, format);
  }
  return format.format(time);
}
