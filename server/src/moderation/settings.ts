/**
 * The spam defences' environment variables: a zod shape that can join the server's own schema
 * (config.ts), and `moderationSettings(env)`, which reads them alone. Every defence is on by default.
 */
import { z } from 'zod';
import { ConfigError } from '../config-error';
import { DEFAULT_SPAM_SETTINGS, type SpamSettings } from './defences';
import { fold } from './fold';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => ['true', '1', 'yes'].includes(v));
/** An empty variable (`THREADLINE_MIN_WRITE_MS=`) is unset, so the default, not 0 (0 turns a defence off). */
const emptyIsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);
const wholeNumber = (unit: string, off: string) =>
  z.coerce
    .number({ error: `must be a number of ${unit} (${off})` })
    .int(`must be a whole number of ${unit} (${off})`)
    .min(0, `must be 0 (${off}) or more ${unit}`);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Longest word-list entry, and most entries in one list: a list is compiled into one expression. */
const MAX_ENTRY_LENGTH = 100;
const MAX_ENTRIES = 2000;

/** An entry as a message can show it: invisible characters as `\u{…}`. */
const shown = (w: string) =>
  w.replace(/[^\p{L}\p{N}\p{P}\p{S} ]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);

/**
 * A comma-separated word list. Entries are trimmed; empty ones (`a,,b`, a trailing comma) are skipped;
 * an entry that folds to nothing (only invisible characters or marks) is an error, as it would match
 * nothing and its author meant something.
 */
const wordListVar = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const words = raw
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w !== '');
    if (words.length > MAX_ENTRIES)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_ENTRIES} entries` });
    for (const w of words) {
      if (w.length > MAX_ENTRY_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          message: `"${w.slice(0, 20)}…" is longer than ${MAX_ENTRY_LENGTH} characters`,
        });
      } else if (fold(w) === '') {
        ctx.addIssue({ code: 'custom', message: `"${shown(w)}" has no visible letters` });
      }
    }
    return words;
  });

/** The variables, to spread into a larger `z.object` or to parse alone. */
export const spamEnvShape = {
  THREADLINE_HONEYPOT: emptyIsUnset(bool.default(DEFAULT_SPAM_SETTINGS.honeypot)),
  THREADLINE_MIN_WRITE_MS: emptyIsUnset(
    wholeNumber('milliseconds', '0: off').default(DEFAULT_SPAM_SETTINGS.minWriteMs),
  ),
  /** A number of links, or `off`. */
  THREADLINE_MAX_LINKS: emptyIsUnset(
    z
      .string()
      .trim()
      .regex(/^(off|\d{1,4})$/, 'must be a number of links (0: none allowed) or off')
      .transform((v): number | null => (v === 'off' ? null : Number(v)))
      .default(DEFAULT_SPAM_SETTINGS.maxLinks),
  ),
  THREADLINE_BLOCKED_WORDS: wordListVar,
  THREADLINE_WATCHED_WORDS: wordListVar,
  THREADLINE_DUPLICATE_WINDOW_MINUTES: emptyIsUnset(
    wholeNumber('minutes', '0: off').default(DEFAULT_SPAM_SETTINGS.duplicateWindowMinutes),
  ),
  /** Akismet's API key: letters and digits (it also becomes part of a host name). Unset: no checker. */
  THREADLINE_AKISMET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{8,64}$/, 'must be an Akismet API key (letters and digits)')
      .optional(),
  ),
  /** The site Akismet is told the comments belong to (its `blog` field); unset: the caller's choice. */
  THREADLINE_AKISMET_SITE: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be the site's http(s) URL, e.g. https://news.example.com" })
      .optional(),
  ),
  THREADLINE_AKISMET_TIMEOUT_MS: emptyIsUnset(
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(1, 'must be 1–60000 milliseconds')
      .max(60_000, 'must be 1–60000 milliseconds')
      .default(3000),
  ),
};

export const spamEnvSchema = z.object(spamEnvShape);

export interface AkismetSettings {
  key: string;
  site?: string;
  timeoutMs: number;
}

export interface ModerationSettings {
  spam: SpamSettings;
  /** Set when THREADLINE_AKISMET_KEY is. */
  akismet?: AkismetSettings;
}

/** Turns the parsed variables into settings (for a caller that parsed `spamEnvShape` in its own schema). */
export function toModerationSettings(e: z.output<typeof spamEnvSchema>): ModerationSettings {
  const settings: ModerationSettings = {
    spam: {
      honeypot: e.THREADLINE_HONEYPOT,
      minWriteMs: e.THREADLINE_MIN_WRITE_MS,
      maxLinks: e.THREADLINE_MAX_LINKS,
      blockedWords: e.THREADLINE_BLOCKED_WORDS,
      watchedWords: e.THREADLINE_WATCHED_WORDS,
      duplicateWindowMinutes: e.THREADLINE_DUPLICATE_WINDOW_MINUTES,
    },
  };
  if (e.THREADLINE_AKISMET_KEY) {
    const akismet: AkismetSettings = {
      key: e.THREADLINE_AKISMET_KEY,
      timeoutMs: e.THREADLINE_AKISMET_TIMEOUT_MS,
    };
    if (e.THREADLINE_AKISMET_SITE) akismet.site = e.THREADLINE_AKISMET_SITE;
    settings.akismet = akismet;
  }
  return settings;
}

/** Reads and validates the spam defences' variables; throws ConfigError listing every bad one. */
export function moderationSettings(
  env: Record<string, string | undefined> = process.env,
): ModerationSettings {
  const parsed = spamEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nFix these environment variables and start again.`,
    );
  }
  return toModerationSettings(parsed.data);
}
