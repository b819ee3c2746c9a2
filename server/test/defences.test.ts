/**
 * The local spam defences (issue 16), pure and fast: folding, the name guard, each defence in its
 * order, hostile text, words that must not be caught, and the settings parser.
 */
import { RESERVED_NAMES } from '@threadline/contract';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config';
import {
  DEFAULT_SPAM_SETTINGS,
  type RecentPost,
  type ScreenInput,
  type SpamSettings,
  screen,
} from '../src/moderation/defences';
import { confusableNames, confusableWith, fold } from '../src/moderation/fold';
import { countLinks } from '../src/moderation/links';
import { moderationSettings } from '../src/moderation/settings';
import { wordList } from '../src/moderation/words';

const NOW = new Date('2026-03-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const input = (body: string, more: Partial<ScreenInput> = {}): ScreenInput => ({
  body,
  writeMs: 30_000,
  now: NOW,
  ...more,
});
const settings = (more: Partial<SpamSettings> = {}): SpamSettings => ({
  ...DEFAULT_SPAM_SETTINGS,
  blockedWords: ['spam', 'ass', 'god', 'c++', 'buy now', '詐欺'],
  watchedWords: ['casino', 'crypto'],
  ...more,
});
const verdictOf = (body: string, s = settings(), history: RecentPost[] = []) =>
  screen(input(body), s, history);

/** Cyrillic а е о р с і ѕ: each looks like its Latin letter. */
const CYRILLIC_CASINO = '\u0441\u0430\u0455\u0456n\u043e';

describe('fold', () => {
  it.each([
    ['plain', 'Spam'],
    ['upper case', 'SPAM'],
    ['fullwidth letters', 'ｓｐａｍ'],
    ['mathematical bold', '𝐬𝐩𝐚𝐦'],
    ['mathematical fraktur', '𝔰𝔭𝔞𝔪'],
    ['mathematical double-struck', '𝕤𝕡𝕒𝕞'],
    ['circled letters', 'ⓢⓟⓐⓜ'],
    ['negative squared letters', '🆂🅿🅰🅼'],
    ['small capitals', 'ꜱᴘᴀᴍ'],
    ['superscript letters', 'ˢᵖᵃᵐ'],
    ['Cyrillic look-alikes', '\u0455\u0440\u0430\u043c'],
    ['zero-width joiners between letters', 's\u200dp\u200da\u200dm'],
    ['zero-width spaces, soft hyphens and word joiners', 's\u200bp\u00ada\u2060m'],
    ['variation selectors', 's\ufe0fp\ufe0fa\ufe0fm'],
    ['combining strokes (Zalgo)', 's\u0336p\u0336a\u0336m\u0336\u0301\u0302'],
    ['a right-to-left override, read as shown', '\u202emaps\u202c'],
    ['left-to-right marks', '\u200es\u200ep\u200ea\u200em'],
    ['dots between letters', 's.p.a.m'],
    ['spaces between letters', 's p a m'],
    ['dashes between letters', 's-p-a-m'],
    ['spaced dots between letters', 's . p . a . m'],
  ])('folds %s to the plain word', (_, text) => {
    expect(fold(text)).toBe(fold('spam'));
  });

  it('drops lone surrogates, which show as a replacement character', () => {
    expect(fold('sp\ud800am')).toBe(fold('spam'));
    expect(fold('\udc00spam\ud83d')).toBe(fold('spam'));
  });

  it('folds case fully and digits that look like letters', () => {
    expect(fold('STRASSE')).toBe(fold('straße'));
    expect(fold('g00gle')).toBe(fold('google'));
    expect(fold('paypa1')).toBe(fold('paypal'));
    expect(fold('rnodel')).toBe(fold('model'));
  });

  it('turns every run of white space into one space', () => {
    expect(fold('hello \t\n\u3000\u2800 world  ')).toBe('hello world');
  });

  it('joins spelled-apart letters only along one separator', () => {
    expect(fold('x. s.p.a.m')).toBe(`x. ${fold('spam')}`);
    expect(fold('a b')).toBe('a b');
    expect(fold('a big cat')).toBe('a big cat');
  });

  it('keeps the vowel signs of scripts that spell with them', () => {
    expect(fold('नमस्ते')).not.toBe(fold('नमसत'));
  });
});

describe('confusableNames', () => {
  it.each([
    ['Ana Lima', 'ana lima'],
    ['Ana Lima', 'ANA LIMA'],
    ['Ana Lima', 'AnaLima'],
    ['Ana Lima', 'Ana_Lima'],
    ['Ana Lima', 'Ana\u200bLima'],
    ['Ana Lima', '\u0410na L\u0456ma'],
    ['Ana Lima', 'Ａｎａ Ｌｉｍａ'],
    ['Ana Lima', '𝐀𝐧𝐚 𝐋𝐢𝐦𝐚'],
    ['Ana Lima', 'Ana Lirna'],
    ['Ana Lima', 'A n a L i m a'],
    ['Ana Lima', '\u202eamiL anA'],
    ['Paul', 'PauI'],
    ['Paul', 'Pau1'],
    ['Ian', 'IAN'],
    ['Moderator', 'M\u043ederat\u043er'],
  ])('%s and %s are confusable', (a, b) => {
    expect(confusableNames(a, b)).toBe(true);
    expect(confusableNames(b, a)).toBe(true);
  });

  it.each([
    ['Ana Lima', 'Ana Lim'],
    ['Bob', 'Rob'],
    ['Paul', 'Pauline'],
    ['Ana', 'Anna'],
  ])('%s and %s are not', (a, b) => {
    expect(confusableNames(a, b)).toBe(false);
  });

  it("finds the moderator's or reserved name a guest's name is confusable with", () => {
    const protectedNames = ['Ana Lima', 'Moderator', ...RESERVED_NAMES];
    expect(confusableWith('\u0430na lima', protectedNames)).toBe('Ana Lima');
    expect(confusableWith('[de1eted]', protectedNames)).toBe('[deleted]');
    expect(confusableWith('［ＤＥＬＥＴＥＤ］', protectedNames)).toBe('[deleted]');
    expect(confusableWith('Ana Silva', protectedNames)).toBeUndefined();
  });
});

describe('countLinks', () => {
  it.each([
    ['no links at all', 0],
    ['see https://a.example and http://b.example/x?y=1', 2],
    ['[a](https://a.example) [b](https://b.example) www.c.example', 3],
    ['[https://a.example](https://a.example)', 1],
    ['<https://a.example>', 1],
    ['[ref]: https://a.example\n\n[x][ref]', 1],
    ['h\u200bttps://a.example', 1],
    ['ｈｔｔｐｓ://a.example', 1],
    ['`https://in.code.example`', 1],
    ['[mail](mailto:a@b.example)', 1],
    ['write to bob@www.example.com', 0],
    ['the www. prefix', 0],
  ])('%j has %i', (body, n) => {
    expect(countLinks(body)).toBe(n);
  });
});

describe('screen', () => {
  it('publishes an ordinary comment', () => {
    expect(verdictOf('A thoughtful reply about the harbour budget.')).toEqual({ verdict: 'publish' });
  });

  describe('honeypot', () => {
    it('marks a filled honeypot as spam, before every other defence', () => {
      expect(
        screen(input('spam https://a https://b https://c', { honeypot: 'x', writeMs: 1 }), settings(), []),
      ).toEqual({ verdict: 'spam', reason: 'honeypot' });
    });

    it('passes an empty or blank honeypot, and any when it is off', () => {
      expect(screen(input('hi', { honeypot: '' }), settings(), []).verdict).toBe('publish');
      expect(screen(input('hi', { honeypot: ' \n' }), settings(), []).verdict).toBe('publish');
      expect(screen(input('hi', { honeypot: 'x' }), settings({ honeypot: false }), []).verdict).toBe(
        'publish',
      );
    });
  });

  describe('time to write', () => {
    it('holds a comment written faster than the minimum', () => {
      expect(screen(input('hi', { writeMs: 1999 }), settings(), [])).toEqual({
        verdict: 'hold',
        reason: 'too_fast',
      });
      expect(screen(input('hi', { writeMs: -5 }), settings(), []).reason).toBe('too_fast');
    });

    it('passes the minimum itself, an unknown time, and any time when it is off', () => {
      expect(screen(input('hi', { writeMs: 2000 }), settings(), []).verdict).toBe('publish');
      expect(screen(input('hi', { writeMs: undefined }), settings(), []).verdict).toBe('publish');
      expect(screen(input('hi', { writeMs: Number.NaN }), settings(), []).verdict).toBe('publish');
      expect(screen(input('hi', { writeMs: 1 }), settings({ minWriteMs: 0 }), []).verdict).toBe('publish');
    });
  });

  describe('link limit', () => {
    const three = 'a https://a.example [b](https://b.example) www.c.example';
    it('holds more than the limit', () => {
      expect(verdictOf(three)).toEqual({ verdict: 'hold', reason: 'links' });
      expect(verdictOf('one https://a.example', settings({ maxLinks: 0 })).reason).toBe('links');
    });

    it('passes the limit itself, and any number when it is off', () => {
      expect(verdictOf('https://a.example and https://b.example').verdict).toBe('publish');
      expect(verdictOf(three, settings({ maxLinks: null })).verdict).toBe('publish');
    });

    it('comes before the word lists', () => {
      expect(verdictOf(`spam ${three}`).reason).toBe('links');
    });
  });

  describe('blocked and watched words', () => {
    it('refuses a blocked word and names it', () => {
      expect(verdictOf('This is spam.')).toEqual({
        verdict: 'refuse',
        reason: 'blocked_word',
        match: 'spam',
      });
    });

    it.each([
      'SPAM',
      's.p.a.m',
      's p a m',
      'ｓｐａｍ',
      '𝐬𝐩𝐚𝐦',
      '\u0455\u0440\u0430m',
      's\u200dp\u200da\u200dm',
      's\u0336p\u0336a\u0336m\u0336',
      'ꜱᴘᴀᴍ',
      '\u202emaps\u202c',
      'spaaaam',
      'spammmm',
      'sssspam!',
      '(spam)',
      'a.s.s',
      'asssss',
      'AsS',
      'Buy   NOW',
      'C++',
      '今すぐ詐欺です',
      '詐詐詐欺欺欺',
    ])('refuses %j', (body) => {
      expect(verdictOf(`well, ${body} then`).verdict).toBe('refuse');
    });

    it.each([
      'class',
      'assess',
      'bass',
      'passage',
      'as',
      'a s',
      'good',
      'godly',
      'spammer',
      'spa m',
      'c+',
      'buy nowhere',
    ])('does not refuse %j', (body) => {
      expect(verdictOf(`well, ${body} then`).verdict).toBe('publish');
    });

    it('holds a watched word, however spelled', () => {
      expect(verdictOf('Try my CASINO')).toEqual({
        verdict: 'hold',
        reason: 'watched_word',
        match: 'casino',
      });
      expect(verdictOf(`Try my ${CYRILLIC_CASINO}`).reason).toBe('watched_word');
      expect(verdictOf('c.a.s.i.n.o night').reason).toBe('watched_word');
      expect(verdictOf('casinos').verdict).toBe('publish');
    });

    it('refuses when a blocked and a watched word are both there', () => {
      expect(verdictOf('casino spam').verdict).toBe('refuse');
    });

    it('takes entries literally, regular-expression characters included', () => {
      const s = settings({ blockedWords: ['a.b', '(x)', 'q|r', '\\d+', '[z]'], watchedWords: [] });
      expect(verdictOf('axb', s).verdict).toBe('publish');
      expect(verdictOf('q', s).verdict).toBe('publish');
      expect(verdictOf('123', s).verdict).toBe('publish');
      expect(verdictOf('say (x) now', s).verdict).toBe('refuse');
      expect(verdictOf('[z]', s).verdict).toBe('refuse');
    });

    it('finds every entry in its own folded form', () => {
      const entries = [
        'spam',
        'ass',
        'Mississippi',
        'buy now',
        'bookkeeper',
        'c++',
        'Straße',
        'ｍｍｍ',
        '詐欺',
        'noon',
      ];
      for (const entry of entries) expect(wordList([entry]).find(fold(entry)), entry).toBe(entry);
    });
  });

  describe('duplicates', () => {
    const history = [{ body: 'Great post, thanks!', postedAt: minutesAgo(10) }];
    it("holds a body equal to one of the author's recent ones, folded", () => {
      expect(verdictOf('Great post, thanks!', settings(), history)).toEqual({
        verdict: 'hold',
        reason: 'duplicate',
      });
      expect(verdictOf('great  POST,\nthanks!', settings(), history).reason).toBe('duplicate');
      expect(verdictOf('Great p\u043est, thanks!\u200b', settings(), history).reason).toBe('duplicate');
    });

    it('passes another body, an older one, and any when it is off', () => {
      expect(verdictOf('Great post, thanks! Also…', settings(), history).verdict).toBe('publish');
      const old = [{ body: 'Great post, thanks!', postedAt: minutesAgo(61) }];
      expect(verdictOf('Great post, thanks!', settings(), old).verdict).toBe('publish');
      expect(verdictOf('Great post, thanks!', settings({ duplicateWindowMinutes: 0 }), history).verdict).toBe(
        'publish',
      );
    });

    it('comes after the word lists', () => {
      const spam = [{ body: 'spam', postedAt: minutesAgo(1) }];
      expect(verdictOf('spam', settings(), spam).reason).toBe('blocked_word');
    });
  });

  describe('hostile input', () => {
    const fast = (body: string) => {
      const started = performance.now();
      const result = verdictOf(body, settings(), [{ body, postedAt: minutesAgo(1) }]);
      return { result, ms: performance.now() - started };
    };

    // 200,000 characters: twenty times the longest body the API accepts, well within a second here.
    it.each([
      ['a huge body', 'lorem ipsum dolor '.repeat(11_000)],
      ['a huge body of one letter', 'a'.repeat(200_000)],
      ['a huge body of spelled-apart letters', 'a.'.repeat(100_000)],
      ['a huge body of stretched letters', `spa${'a'.repeat(200_000)}`],
      ['a huge body of one ideograph (no word boundaries)', '詐'.repeat(200_000)],
      ['a huge body of a repeated ideograph word', '詐欺'.repeat(100_000)],
      ['a huge body of link openers', '[a]('.repeat(50_000)],
      ['a huge body of brackets', '['.repeat(200_000)],
      ['a huge body of URL starts', 'https://'.repeat(25_000)],
      ['a huge body of www. hosts', 'www.a'.repeat(40_000)],
      ['a huge body of zero-width joiners', '\u200d'.repeat(200_000)],
      ['a huge body of combining marks', `a${'\u0301'.repeat(200_000)}`],
      ['a huge body of lone surrogates', '\ud800'.repeat(200_000)],
      ['a huge body of right-to-left overrides', '\u202ea'.repeat(100_000)],
    ])('screens %s in linear time', (_, body) => {
      const { ms } = fast(body);
      expect(ms).toBeLessThan(2000);
    });

    it('still finds a word at the end of a huge body', () => {
      expect(verdictOf(`${'fine words '.repeat(20_000)}s\u200bp\u200ba\u200bm`).verdict).toBe('refuse');
    });

    it('screens a body with lone surrogates, controls and bidi isolates without throwing', () => {
      expect(verdictOf('\ud800\u0000\u2067\u202a hello \u2069\udfff').verdict).toBe('publish');
    });

    it('screens a body that is nothing but invisible characters', () => {
      expect(verdictOf('\u200b\u200d\u2060\ufe0f').verdict).toBe('publish');
    });
  });
});

describe('moderationSettings', () => {
  it('has every defence on by default, and no checker', () => {
    expect(moderationSettings({})).toEqual({ spam: DEFAULT_SPAM_SETTINGS });
  });

  it('reads every variable', () => {
    expect(
      moderationSettings({
        THREADLINE_HONEYPOT: 'false',
        THREADLINE_MIN_WRITE_MS: '0',
        THREADLINE_MAX_LINKS: 'off',
        THREADLINE_BLOCKED_WORDS: ' spam , casino,,',
        THREADLINE_WATCHED_WORDS: 'crypto',
        THREADLINE_DUPLICATE_WINDOW_MINUTES: '15',
        THREADLINE_AKISMET_KEY: 'abc123def456',
        THREADLINE_AKISMET_SITE: 'https://news.example',
        THREADLINE_AKISMET_TIMEOUT_MS: '1500',
      }),
    ).toEqual({
      spam: {
        honeypot: false,
        minWriteMs: 0,
        maxLinks: null,
        blockedWords: ['spam', 'casino'],
        watchedWords: ['crypto'],
        duplicateWindowMinutes: 15,
      },
      akismet: { key: 'abc123def456', site: 'https://news.example', timeoutMs: 1500 },
    });
  });

  it('takes an empty variable as unset, not as 0', () => {
    const empty = {
      THREADLINE_HONEYPOT: '',
      THREADLINE_MIN_WRITE_MS: '',
      THREADLINE_MAX_LINKS: ' ',
      THREADLINE_DUPLICATE_WINDOW_MINUTES: '',
      THREADLINE_AKISMET_KEY: '',
      THREADLINE_AKISMET_TIMEOUT_MS: '',
    };
    expect(moderationSettings(empty)).toEqual({ spam: DEFAULT_SPAM_SETTINGS });
  });

  it('names every bad variable at once', () => {
    const bad = {
      THREADLINE_HONEYPOT: 'maybe',
      THREADLINE_MIN_WRITE_MS: '2s',
      THREADLINE_MAX_LINKS: '-1',
      THREADLINE_BLOCKED_WORDS: 'fine,\u200b\u0301',
      THREADLINE_DUPLICATE_WINDOW_MINUTES: '1.5',
      THREADLINE_AKISMET_KEY: 'key.evil.example/',
      THREADLINE_AKISMET_SITE: 'ftp://news.example',
      THREADLINE_AKISMET_TIMEOUT_MS: '0',
    };
    expect(() => moderationSettings(bad)).toThrow(ConfigError);
    let message = '';
    try {
      moderationSettings(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of Object.keys(bad)) expect(message).toContain(`${name}:`);
    expect(message).toContain('"\\u{200b}\\u{301}" has no visible letters');
  });
});
