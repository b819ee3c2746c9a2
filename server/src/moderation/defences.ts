/**
 * The local spam defences of a new comment, as one pure function: no clock, no database, no network.
 * The caller gathers what it needs (the author's recent bodies, the time) and stores the comment as the
 * verdict says. The remote spam checker (./spam-checker.ts) runs after these, only on 'publish'.
 */
import { fold } from './fold';
import { countLinks } from './links';
import { wordList } from './words';

/**
 * What becomes of the comment:
 * - `publish`: it goes on as the thread's policy says (which may still hold it for a moderator);
 * - `hold`: stored, waiting for a moderator;
 * - `refuse`: not stored; the author is told why (a blocked word);
 * - `spam`: stored as spam, silently: the author gets the same answer as for a held comment, so a bot
 *   learns nothing.
 */
export type Verdict = 'publish' | 'hold' | 'refuse' | 'spam';

export type ScreenReason = 'honeypot' | 'too_fast' | 'links' | 'blocked_word' | 'watched_word' | 'duplicate';

export interface ScreenResult {
  verdict: Verdict;
  reason?: ScreenReason;
  /** For `blocked_word` and `watched_word`: the configured entry found, for the moderator and the log. */
  match?: string;
}

/** The spam defences' settings (parsed from the environment by ./settings.ts). */
export interface SpamSettings {
  /** Treat a filled honeypot field as spam. */
  honeypot: boolean;
  /** Hold a comment written in less than this many milliseconds; 0: off. */
  minWriteMs: number;
  /** Hold a comment with more links than this; null: no limit. */
  maxLinks: number | null;
  /** Refuse a comment containing one of these (compared folded, at word boundaries). */
  blockedWords: readonly string[];
  /** Hold a comment containing one of these. */
  watchedWords: readonly string[];
  /** Hold a body equal (folded) to one the same author posted this many minutes before; 0: off. */
  duplicateWindowMinutes: number;
}

/** Every defence on, with the defaults and empty word lists. */
export const DEFAULT_SPAM_SETTINGS: SpamSettings = {
  honeypot: true,
  minWriteMs: 2000,
  maxLinks: 2,
  blockedWords: [],
  watchedWords: [],
  duplicateWindowMinutes: 60,
};

export interface ScreenInput {
  /** The comment's markdown source, as validated (trimmed, within the length limit). */
  body: string;
  /** The honeypot field as the client sent it: a person never fills it (it is hidden from them). */
  honeypot?: string | undefined;
  /**
   * How long the composer was open before sending, in milliseconds, as the client reports it. Missing
   * or not a finite number: unknown, and the check passes (an old widget, a plain API client).
   */
  writeMs?: number | undefined;
  /** When the comment arrived: the duplicate window ends here. */
  now: Date;
}

/** One of the author's earlier comments. */
export interface RecentPost {
  body: string;
  postedAt: Date;
}

const MINUTE = 60_000;

/**
 * Applies the defences in the order; the first that fires decides:
 * honeypot → spam; written too fast → hold; too many links → hold; blocked word → refuse; watched word
 * → hold; the same body as one of `history` (the author's earlier comments; those older than the
 * duplicate window are ignored, so the caller may pass more) → hold. Otherwise publish.
 */
export function screen(
  input: ScreenInput,
  settings: SpamSettings,
  history: readonly RecentPost[],
): ScreenResult {
  if (settings.honeypot && input.honeypot !== undefined && input.honeypot.trim() !== '') {
    return { verdict: 'spam', reason: 'honeypot' };
  }
  const { writeMs } = input;
  if (settings.minWriteMs > 0 && typeof writeMs === 'number' && Number.isFinite(writeMs)) {
    if (writeMs < settings.minWriteMs) return { verdict: 'hold', reason: 'too_fast' };
  }
  if (settings.maxLinks !== null && countLinks(input.body) > settings.maxLinks) {
    return { verdict: 'hold', reason: 'links' };
  }
  const folded = fold(input.body);
  const blocked = wordList(settings.blockedWords).find(folded);
  if (blocked !== undefined) return { verdict: 'refuse', reason: 'blocked_word', match: blocked };
  const watched = wordList(settings.watchedWords).find(folded);
  if (watched !== undefined) return { verdict: 'hold', reason: 'watched_word', match: watched };
  if (settings.duplicateWindowMinutes > 0) {
    const since = input.now.getTime() - settings.duplicateWindowMinutes * MINUTE;
    for (const post of history) {
      if (post.postedAt.getTime() >= since && fold(post.body) === folded) {
        return { verdict: 'hold', reason: 'duplicate' };
      }
    }
  }
  return { verdict: 'publish' };
}
