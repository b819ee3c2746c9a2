/**
 * The remote spam check, after the local defences: a pluggable `SpamChecker`, Akismet's implementation,
 * and the rule that a checker which fails or is slow holds the comment for a moderator, never refuses or
 * loses it.
 */
import {
  type RecentPost,
  type ScreenInput,
  type ScreenReason,
  type SpamSettings,
  screen,
  type Verdict,
} from './defences';

/** What a checker is told about a comment. */
export interface CheckedComment {
  body: string;
  authorName: string;
  authorEmail?: string | undefined;
  /** The client's address, as the server resolved it (THREADLINE_TRUST_PROXY). */
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** The page the thread is on. */
  permalink?: string | undefined;
  referrer?: string | undefined;
}

export interface SpamChecker {
  /** Resolves 'spam' or 'ham'; rejects when it cannot tell. Stops when `signal` aborts. */
  check(comment: CheckedComment, signal: AbortSignal): Promise<'ham' | 'spam'>;
}

/** A checker could not give an answer: unreachable, slow, an error status, a body it did not expect. */
export class SpamCheckError extends Error {
  override name = 'SpamCheckError';
}

export interface AkismetOptions {
  /** The API key (THREADLINE_AKISMET_KEY). */
  key: string;
  /** The site's front page, Akismet's `blog` field. */
  site: string;
  /** Where to send comment-check; default `https://{key}.rest.akismet.com/1.1/comment-check`. */
  endpoint?: string | undefined;
  /** Give up after this long (THREADLINE_AKISMET_TIMEOUT_MS). */
  timeoutMs: number;
}

/** Akismet answers one word; anything longer is not an answer. */
const MAX_ANSWER_BYTES = 1024;

async function readAnswer(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MAX_ANSWER_BYTES));
}

/**
 * Akismet's comment-check (REST API 1.1): a form-encoded POST, answered `true` (spam) or `false` (ham).
 * `X-akismet-pro-tip: discard` (blatant spam) is still 'spam': the comment is kept as spam, not dropped.
 * Any other status or body is a SpamCheckError carrying Akismet's `X-akismet-debug-help` when it sent one.
 */
export function createAkismetChecker(options: AkismetOptions): SpamChecker {
  const endpoint = options.endpoint ?? `https://${options.key}.rest.akismet.com/1.1/comment-check`;
  return {
    async check(comment, signal) {
      const form = new URLSearchParams({
        api_key: options.key,
        blog: options.site,
        blog_charset: 'UTF-8',
        comment_type: 'comment',
        comment_author: comment.authorName,
        comment_content: comment.body,
        user_ip: comment.ip ?? '',
      });
      if (comment.authorEmail) form.set('comment_author_email', comment.authorEmail);
      if (comment.userAgent) form.set('user_agent', comment.userAgent);
      if (comment.permalink) form.set('permalink', comment.permalink);
      if (comment.referrer) form.set('referrer', comment.referrer);
      const timeout = AbortSignal.timeout(options.timeoutMs);
      let res: Response;
      let answer: string;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
          body: form,
          redirect: 'error',
          signal: AbortSignal.any([signal, timeout]),
        });
        answer = (await readAnswer(res)).trim();
      } catch (cause) {
        const why = timeout.aborted
          ? `did not answer within ${options.timeoutMs} ms`
          : signal.aborted
            ? 'check was abandoned'
            : 'could not be reached';
        throw new SpamCheckError(`Akismet ${why}`, { cause });
      }
      if (res.status === 200 && answer === 'true') return 'spam';
      if (res.status === 200 && answer === 'false') return 'ham';
      const help = res.headers.get('x-akismet-debug-help');
      throw new SpamCheckError(
        `Akismet answered ${res.status} ${JSON.stringify(answer.slice(0, 100))}${help ? ` (${help})` : ''}`,
      );
    },
  };
}

/** Why a comment was held or marked spam: a local defence, the checker's answer, or its failure. */
export type CheckReason = ScreenReason | 'spam_checker' | 'checker_unavailable';

export interface CheckResult {
  verdict: Verdict;
  reason?: CheckReason;
  match?: string;
}

export interface CheckOptions {
  /** The longest wait for an answer; a checker that ignores its signal is abandoned then too. */
  timeoutMs: number;
  /** Abandons the check early (the comment is then held). */
  signal?: AbortSignal | undefined;
  /** Told of each failure, for the log; the comment is held all the same. */
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * Asks `checker`, and turns every way it can fail (a rejection, a timeout, an abort, an answer other
 * than 'ham' or 'spam') into `hold`: the comment is never refused and never lost for want of an answer.
 * 'spam' → spam; 'ham' → publish.
 */
export async function checkOrHold(
  checker: SpamChecker,
  comment: CheckedComment,
  options: CheckOptions,
): Promise<CheckResult> {
  const controller = new AbortController();
  const { signal } = options;
  const abandon = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abandon, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new SpamCheckError(`the spam checker did not answer within ${options.timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, options.timeoutMs);
  });
  try {
    if (signal?.aborted) throw new SpamCheckError('the spam check was abandoned before it started');
    const answer = await Promise.race([checker.check(comment, controller.signal), deadline]);
    if (answer === 'spam') return { verdict: 'spam', reason: 'spam_checker' };
    if (answer === 'ham') return { verdict: 'publish' };
    throw new SpamCheckError(`the spam checker answered ${JSON.stringify(answer)}`);
  } catch (error) {
    options.onError?.(error);
    return { verdict: 'hold', reason: 'checker_unavailable' };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abandon);
  }
}

export interface ScreenWithCheckerOptions extends CheckOptions {
  /** Unset (no THREADLINE_AKISMET_KEY): the local defences alone decide. */
  checker?: SpamChecker | undefined;
  /** What the checker is told besides the body. */
  comment: Omit<CheckedComment, 'body'>;
}

/**
 * The whole screening of a new comment: the local defences (`screen`), then, only when they would
 * publish it, the checker through `checkOrHold`.
 */
export async function screenWithChecker(
  input: ScreenInput,
  settings: SpamSettings,
  history: readonly RecentPost[],
  options: ScreenWithCheckerOptions,
): Promise<CheckResult> {
  const local = screen(input, settings, history);
  if (local.verdict !== 'publish' || !options.checker) return local;
  return checkOrHold(options.checker, { ...options.comment, body: input.body }, options);
}
