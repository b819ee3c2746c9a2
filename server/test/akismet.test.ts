/**
 * The Akismet checker against a local HTTP stand-in for Akismet's comment-check (the one stand-in this
 * project allows: the remote service cannot be reached from tests), and the rule that a failing or slow
 * checker holds the comment, never refuses or loses it.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPAM_SETTINGS, type ScreenInput } from '../src/moderation/defences';
import {
  type CheckedComment,
  checkOrHold,
  createAkismetChecker,
  SpamCheckError,
  type SpamChecker,
  screenWithChecker,
} from '../src/moderation/spam-checker';

type Handler = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams) => void;

let server: Server;
let endpoint: string;
let handler: Handler;
let requests: {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  form: URLSearchParams;
}[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], form });
      handler(req, res, form);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/1.1/comment-check`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  requests = [];
  handler = (_req, res) => res.end('false');
});

const answer =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };

const KEY = 'abc123def456';
const checker = (timeoutMs = 1000) =>
  createAkismetChecker({ key: KEY, site: 'https://news.example', endpoint, timeoutMs });

const comment: CheckedComment = {
  body: 'Cheap watches at my shop',
  authorName: 'viagra-test-123',
  authorEmail: 'akismet-guaranteed-spam@example.com',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (test)',
  permalink: 'https://news.example/harbour',
};
const never = new AbortController().signal;

describe('createAkismetChecker', () => {
  it('posts the comment form-encoded and reads "true" as spam', async () => {
    handler = answer(200, 'true', { 'X-akismet-pro-tip': 'discard' });
    await expect(checker().check(comment, never)).resolves.toBe('spam');
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/1.1/comment-check');
    expect(req?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(req?.form ?? [])).toEqual({
      api_key: KEY,
      blog: 'https://news.example',
      blog_charset: 'UTF-8',
      comment_type: 'comment',
      comment_author: 'viagra-test-123',
      comment_author_email: 'akismet-guaranteed-spam@example.com',
      comment_content: 'Cheap watches at my shop',
      user_ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (test)',
      permalink: 'https://news.example/harbour',
    });
  });

  it('reads "false" as ham', async () => {
    handler = answer(200, 'false');
    await expect(checker().check({ body: 'Nice piece', authorName: 'Ana' }, never)).resolves.toBe('ham');
    expect(requests[0]?.form.has('comment_author_email')).toBe(false);
  });

  it('sends text that is not ASCII intact', async () => {
    await checker().check({ body: 'Ça va? 日本語 😀', authorName: 'Zoë' }, never);
    expect(requests[0]?.form.get('comment_content')).toBe('Ça va? 日本語 😀');
    expect(requests[0]?.form.get('comment_author')).toBe('Zoë');
  });

  it.each([
    ['an error status', answer(500, 'oops')],
    ['an error status with "false"', answer(503, 'false')],
    [
      '"invalid" and its debug help',
      answer(200, 'invalid', { 'X-akismet-debug-help': 'Empty "blog" value' }),
    ],
    ['an empty body', answer(200, '')],
    ['a malformed body', answer(200, '<html>maybe</html>')],
    ['a huge body', answer(200, 'true'.repeat(100_000))],
    ['a dropped connection', (req: IncomingMessage) => req.socket.destroy()],
  ])('rejects with SpamCheckError on %s', async (_, h) => {
    handler = h;
    await expect(checker().check(comment, never)).rejects.toBeInstanceOf(SpamCheckError);
  });

  it("carries Akismet's debug help in the error", async () => {
    handler = answer(200, 'invalid', { 'X-akismet-debug-help': 'Empty "blog" value' });
    await expect(checker().check(comment, never)).rejects.toThrow(/200 "invalid" \(Empty "blog" value\)/);
  });

  it('gives up after its timeout', async () => {
    handler = (_req, res) => setTimeout(() => res.end('false'), 2000).unref();
    const started = Date.now();
    await expect(checker(150).check(comment, never)).rejects.toThrow(/did not answer within 150 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('checkOrHold', () => {
  const errors: unknown[] = [];
  const options = { timeoutMs: 300, onError: (e: unknown) => errors.push(e) };
  beforeEach(() => {
    errors.length = 0;
  });

  it('marks spam as spam and publishes ham', async () => {
    handler = answer(200, 'true');
    await expect(checkOrHold(checker(), comment, options)).resolves.toEqual({
      verdict: 'spam',
      reason: 'spam_checker',
    });
    handler = answer(200, 'false');
    await expect(checkOrHold(checker(), comment, options)).resolves.toEqual({ verdict: 'publish' });
    expect(errors).toEqual([]);
  });

  it.each([
    ['an error status', answer(500, 'oops')],
    ['a malformed body', answer(200, 'perhaps')],
    ['a dropped connection', (req: IncomingMessage) => req.socket.destroy()],
    [
      'an answer slower than the timeout',
      (_req: IncomingMessage, res: ServerResponse) => setTimeout(() => res.end('true'), 2000).unref(),
    ],
  ])('holds the comment on %s, and reports the error', async (_, h) => {
    handler = h;
    const started = Date.now();
    await expect(checkOrHold(checker(5000), comment, options)).resolves.toEqual({
      verdict: 'hold',
      reason: 'checker_unavailable',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SpamCheckError);
  });

  it('holds the comment when nothing listens on the port', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const gone = createAkismetChecker({
      key: KEY,
      site: 'https://news.example',
      endpoint: `http://127.0.0.1:${port}/1.1/comment-check`,
      timeoutMs: 1000,
    });
    await expect(checkOrHold(gone, comment, options)).resolves.toMatchObject({ verdict: 'hold' });
    expect(String(errors[0])).toContain('could not be reached');
  });

  it('holds the comment when the caller abandons the check', async () => {
    handler = (_req, res) => setTimeout(() => res.end('false'), 2000).unref();
    const controller = new AbortController();
    const result = checkOrHold(checker(5000), comment, {
      ...options,
      timeoutMs: 5000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(result).resolves.toEqual({ verdict: 'hold', reason: 'checker_unavailable' });
  });

  // Fakes below: a checker's own bugs (ignoring its signal, a wrong answer) cannot be caused through
  // Akismet, so these checkers are written to misbehave.
  it('holds the comment when a (fake) checker ignores its signal and never answers', async () => {
    const stuck: SpamChecker = { check: () => new Promise(() => {}) };
    const started = Date.now();
    await expect(checkOrHold(stuck, comment, options)).resolves.toEqual({
      verdict: 'hold',
      reason: 'checker_unavailable',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('holds the comment when a (fake) checker answers neither ham nor spam', async () => {
    const odd = { check: async () => 'maybe' } as unknown as SpamChecker;
    await expect(checkOrHold(odd, comment, options)).resolves.toMatchObject({ verdict: 'hold' });
  });

  it('holds the comment when a (fake) checker throws before it returns a promise', async () => {
    const broken: SpamChecker = {
      check: () => {
        throw new Error('bug');
      },
    };
    await expect(checkOrHold(broken, comment, options)).resolves.toMatchObject({ verdict: 'hold' });
  });
});

describe('screenWithChecker', () => {
  const input = (body: string): ScreenInput => ({ body, writeMs: 10_000, now: new Date() });
  const settings = { ...DEFAULT_SPAM_SETTINGS, blockedWords: ['spam'] };
  const author = { authorName: 'Ana', ip: '203.0.113.7' };

  it('asks the checker about a comment the local defences would publish', async () => {
    handler = answer(200, 'true');
    const result = await screenWithChecker(input('Cheap watches'), settings, [], {
      checker: checker(),
      comment: author,
      timeoutMs: 1000,
    });
    expect(result).toEqual({ verdict: 'spam', reason: 'spam_checker' });
    expect(requests[0]?.form.get('comment_content')).toBe('Cheap watches');
    expect(requests[0]?.form.get('comment_author')).toBe('Ana');
  });

  it('does not ask when a local defence already decided', async () => {
    const result = await screenWithChecker(input('pure spam'), settings, [], {
      checker: checker(),
      comment: author,
      timeoutMs: 1000,
    });
    expect(result).toEqual({ verdict: 'refuse', reason: 'blocked_word', match: 'spam' });
    expect(requests).toEqual([]);
  });

  it('lets the local defences decide alone without a checker', async () => {
    await expect(
      screenWithChecker(input('Nice piece'), settings, [], { comment: author, timeoutMs: 1000 }),
    ).resolves.toEqual({ verdict: 'publish' });
    expect(requests).toEqual([]);
  });

  it('holds, never refuses, when the checker fails', async () => {
    handler = answer(502, 'Bad Gateway');
    await expect(
      screenWithChecker(input('Nice piece'), settings, [], {
        checker: checker(),
        comment: author,
        timeoutMs: 1000,
      }),
    ).resolves.toEqual({ verdict: 'hold', reason: 'checker_unavailable' });
  });
});
