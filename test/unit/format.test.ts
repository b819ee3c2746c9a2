import { describe, expect, it } from 'vitest';
import de from '../../src/i18n/de';
import { formatExact, formatRelative, groupDigits } from '../../src/i18n/format';
import { messagesFor } from '../../src/i18n/messages';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const en = messagesFor('en');

describe('relative times from the catalog', () => {
  it('says each unit in English, with the one-unit words', () => {
    const cases: Array<[number, string]> = [
      [0, 'just now'],
      [59, 'just now'],
      [60, '1 minute ago'],
      [5 * 60, '5 minutes ago'],
      [3600, '1 hour ago'],
      [3 * 3600 + 59, '3 hours ago'],
      [24 * 3600, 'yesterday'],
      [2 * 24 * 3600, '2 days ago'],
      [7 * 24 * 3600, 'last week'],
      [3 * 7 * 24 * 3600, '3 weeks ago'],
      [30 * 24 * 3600, 'last month'],
      [400 * 24 * 3600, 'last year'],
      [5000 * 365 * 24 * 3600, '5,000 years ago'],
    ];
    for (const [seconds, text] of cases) expect(formatRelative(ago(seconds), NOW, en.time)).toBe(text);
  });

  it('says them in German', () => {
    expect(formatRelative(ago(3 * 3600), NOW, de.time)).toBe('vor 3 Stunden');
    expect(formatRelative(ago(3600), NOW, de.time)).toBe('vor 1 Stunde');
    expect(formatRelative(ago(24 * 3600), NOW, de.time)).toBe('gestern');
    expect(formatRelative(ago(14 * 24 * 3600), NOW, de.time)).toBe('vor 2 Wochen');
    expect(formatRelative(ago(10), NOW, de.time)).toBe('gerade eben');
  });

  it('calls a time ahead of the clock "just now" and an unreadable one nothing', () => {
    expect(formatRelative(ago(-7200), NOW, en.time)).toBe('just now');
    expect(formatRelative('yesterday-ish', NOW, en.time)).toBe('');
    expect(formatRelative('', NOW, en.time)).toBe('');
  });
});

describe('groupDigits', () => {
  it('groups thousands with the catalog separator', () => {
    expect(groupDigits(0, ',')).toBe('0');
    expect(groupDigits(999, ',')).toBe('999');
    expect(groupDigits(1000, ',')).toBe('1,000');
    expect(groupDigits(1234567, '.')).toBe('1.234.567');
    expect(en.comments(5000)).toBe('5,000 comments');
    expect(de.comments(5000)).toBe('5.000 Kommentare');
  });
});

describe('formatExact', () => {
  it('formats a time with Intl and an unreadable one as nothing', () => {
    expect(formatExact('2026-06-15T12:00:00Z', 'en')).toMatch(/2026/);
    expect(formatExact('not a date', 'en')).toBe('');
  });
});
