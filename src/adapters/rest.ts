/**
 * The `rest` adapter: the widget's door to the reference server's HTTP API (server/openapi.yaml), over ky.
 *
 * - Reads retry on network failures and 5xx; creates retry too because they carry an Idempotency-Key
 *   (the server stores a retried post once). Edits, deletes and votes never retry.
 * - Every failure becomes one of the typed errors in ./errors, so the widget can say what happened.
 * - A guest's identity token is kept in localStorage per API origin and sent as a bearer token; a site's
 *   login token (JWT), when given, is sent instead.
 */
import ky, { isHTTPError, isTimeoutError, type KyInstance, type Options } from 'ky';
import { warnOnce } from '../warnings';
import type {
  Adapter,
  Comment,
  ListQuery,
  Page,
  RepliesQuery,
  ThreadEvent,
  ThreadInfo,
  Unsubscribe,
  Viewer,
  VoteResult,
} from './adapter';
import {
  type AdapterError,
  type AdapterErrorOptions,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TooLargeError,
  UnauthorizedError,
  ValidationError,
} from './errors';
import { randomId } from './ids';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface RestAdapterOptions {
  /** The server's base URL (`https://comments.example.com`) or its API root (`…/api`, `/api`). */
  api: string;
  /** A site's signed login token (JWT). Without it the reader writes as a guest. */
  token?: string;
  /** Where the guest identity is kept; localStorage by default, null to keep it in memory only. */
  storage?: KeyValueStorage | null;
  fetch?: typeof fetch;
  /** Per attempt, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** The EventSource class for live events; the page's by default. Without one, `subscribe` is a no-op. */
  EventSource?: typeof EventSource;
}

/** Backoff of a reconnect after the browser gave up on a stream (HTTP error, refused connection). */
export const LIVE_BACKOFF = { firstMs: 1000, maxMs: 30_000 } as const;

const EVENT_TYPES: readonly ThreadEvent['type'][] = [
  'comment-created',
  'comment-edited',
  'comment-deleted',
  'vote-changed',
];

/**
 * Follows a thread's Server-Sent Events. The browser's EventSource reconnects by itself after a dropped
 * connection and resends Last-Event-ID; when it gives up (an HTTP error such as 503, or the server being
 * down) this opens a new one after a jittered, doubling delay, passing the last id as `?lastEventId=` so
 * the server replays what was missed.
 */
function followEvents(
  Source: typeof EventSource,
  url: URL,
  listener: (event: ThreadEvent) => void,
): Unsubscribe {
  let source: EventSource | undefined;
  let lastEventId = '';
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const onMessage = (message: MessageEvent<string>) => {
    if (message.lastEventId) lastEventId = message.lastEventId;
    failures = 0;
    let event: ThreadEvent;
    try {
      event = JSON.parse(message.data) as ThreadEvent;
    } catch {
      return;
    }
    if (event?.type === message.type) listener(event);
  };
  const onReady = (message: MessageEvent<string>) => {
    if (message.lastEventId) lastEventId = message.lastEventId;
    failures = 0;
  };

  function connect(): void {
    const target = new URL(url);
    if (lastEventId) target.searchParams.set('lastEventId', lastEventId);
    const es = new Source(target.href);
    source = es;
    for (const type of EVENT_TYPES) es.addEventListener(type, onMessage as EventListener);
    es.addEventListener('ready', onReady as EventListener);
    es.onerror = () => {
      // CONNECTING: the browser is retrying by itself (with Last-Event-ID). CLOSED: it gave up.
      if (stopped || es.readyState !== Source.CLOSED) return;
      es.close();
      const delay = Math.min(LIVE_BACKOFF.maxMs, LIVE_BACKOFF.firstMs * 2 ** failures);
      failures += 1;
      timer = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
    };
  }

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}

interface StoredIdentity {
  token: string;
  viewer: Viewer;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; fields?: unknown };
}

/** The API root as an absolute URL ending in /api/. */
function apiRoot(api: string): URL {
  const base = typeof location === 'undefined' ? undefined : location.href;
  const url = new URL(api || '/', base);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = `${path.endsWith('/api') ? path : `${path}/api`}/`;
  url.search = '';
  url.hash = '';
  return url;
}

function defaultStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked (third-party iframe, privacy mode)
  }
}

function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  return Object.fromEntries(entries);
}

/** The parsed JSON body of each failed response, read once by the beforeError hook. */
const errorBodies = new WeakMap<object, unknown>();

/** Any failure of a request → the matching AdapterError. */
export function toRestError(error: unknown, signal?: AbortSignal): AdapterError {
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new NetworkError('The request was aborted.', { reason: 'aborted', cause: error });
  }
  if (isTimeoutError(error)) {
    return new NetworkError(
      'The comment service did not answer in time; check your connection and try again.',
      {
        reason: 'timeout',
        cause: error,
      },
    );
  }
  if (!isHTTPError(error)) {
    return new NetworkError('Could not reach the comment service; check your connection and try again.', {
      cause: error,
    });
  }
  const { status, headers } = error.response;
  const data = errorBodies.get(error);
  const body = (typeof data === 'object' && data !== null ? data : {}) as ErrorBody;
  const message =
    typeof body.error?.message === 'string' ? body.error.message : `The comment service answered ${status}.`;
  const options: AdapterErrorOptions = { status, cause: error };
  if (typeof body.error?.code === 'string') options.reason = body.error.code;
  const fields = stringRecord(body.error?.fields);
  if (fields) options.fields = fields;
  const retryAfter = retryAfterSeconds(headers.get('Retry-After'));
  if (retryAfter !== undefined) options.retryAfter = retryAfter;
  switch (status) {
    case 400:
    case 422:
      return new ValidationError(message, options);
    case 401:
      return new UnauthorizedError(message, options);
    case 403:
      return new ForbiddenError(message, options);
    case 404:
      return new NotFoundError(message, options);
    case 409:
      return new ConflictError(message, options);
    case 413:
      return new TooLargeError(message, options);
    case 429:
      return new RateLimitedError(message, options);
    default:
      return status >= 500 ? new ServerError(message, options) : new ValidationError(message, options);
  }
}

const seg = encodeURIComponent;

export function createRestAdapter(options: RestAdapterOptions): Adapter {
  const root = apiRoot(options.api);
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const storageKey = `threadline:identity:${root.origin}`;
  let memoryIdentity: StoredIdentity | null = null;

  function readIdentity(): StoredIdentity | null {
    if (!storage) return memoryIdentity;
    try {
      const raw = storage.getItem(storageKey);
      const parsed = raw ? (JSON.parse(raw) as Partial<StoredIdentity>) : null;
      return parsed && typeof parsed.token === 'string' && parsed.viewer ? (parsed as StoredIdentity) : null;
    } catch {
      return null;
    }
  }

  function writeIdentity(identity: StoredIdentity | null): void {
    memoryIdentity = identity;
    try {
      if (identity) storage?.setItem(storageKey, JSON.stringify(identity));
      else storage?.removeItem(storageKey);
    } catch {
      // Full or blocked storage: the identity lives for this page only.
    }
  }

  const bearer = () => options.token ?? readIdentity()?.token;
  const fetcher = options.fetch ?? globalThis.fetch;
  const pageOrigin = typeof location === 'undefined' ? root.origin : location.origin;

  /**
   * A browser reports a response that CORS refused exactly like a server it could not reach. Asked
   * again without CORS ('no-cors': the answer is opaque, but it arrives), a server that answers is one
   * that refused this page's origin: a setup mistake the site's developer can fix, not a bad connection.
   */
  async function refusedOrigin(mapped: AdapterError): Promise<AdapterError> {
    if (mapped.code !== 'network' || mapped.reason !== undefined || root.origin === pageOrigin) return mapped;
    try {
      await fetcher(root.href, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    } catch {
      return mapped; // not reachable either: the network error it is
    }
    warnOnce(
      'THREADLINE_ORIGIN_NOT_ALLOWED',
      `the comment server ${root.origin} does not allow this page's origin ${pageOrigin}: ` +
        'add it to THREADLINE_ORIGINS on the server (a comma-separated list of origins)',
    );
    return new NetworkError('Comments are not available on this page.', {
      reason: 'origin_not_allowed',
      cause: mapped,
    });
  }

  /**
   * A random secret this browser sends with a post that makes a new guest. When the answer (carrying
   * the guest's token) is lost, the outbox sends the post again with the same Idempotency-Key, and the
   * server hands the token out again only to a replay that shows the same secret. Kept beside the
   * identity, so a post re-sent after a reload shows it too.
   */
  const secretKey = `threadline:guest-secret:${root.origin}`;
  let memorySecret: string | null = null;
  function guestSecret(): string {
    try {
      memorySecret ??= storage?.getItem(secretKey) ?? null;
    } catch {
      // blocked storage: the secret lives for this page only
    }
    if (memorySecret && /^[A-Za-z0-9_-]{32,128}$/.test(memorySecret)) return memorySecret;
    memorySecret = randomId();
    try {
      storage?.setItem(secretKey, memorySecret);
    } catch {
      // as above
    }
    return memorySecret;
  }

  const http: KyInstance = ky.create({
    prefixUrl: root.href,
    timeout: options.timeoutMs ?? 10_000,
    // Reads only by default; 429 is not retried so the reader hears "try again in N s" at once.
    retry: { limit: 2, methods: ['get'], statusCodes: [408, 500, 502, 503, 504], backoffLimit: 3000 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    hooks: {
      beforeRequest: [
        (request) => {
          const token = bearer();
          if (token) request.headers.set('Authorization', `Bearer ${token}`);
        },
      ],
      beforeError: [
        async (error) => {
          try {
            errorBodies.set(error, await error.response.clone().json());
          } catch {
            // Not JSON (a proxy's error page): the status alone decides.
          }
          return error;
        },
      ],
    },
  });

  async function send<T>(
    path: string,
    init: Omit<Options, 'signal'> & { signal?: AbortSignal | undefined },
  ): Promise<T> {
    const { signal, ...rest } = init;
    const request = signal ? { ...rest, signal } : rest;
    try {
      return await http(path, request).json<T>();
    } catch (error) {
      const mapped = await refusedOrigin(toRestError(error, signal));
      // A guest token the server no longer knows (database reset) is dropped, so the next write starts fresh.
      if (mapped.reason === 'invalid_token' && !options.token && readIdentity()) writeIdentity(null);
      throw mapped;
    }
  }

  function rememberIssued(issued: StoredIdentity | undefined): void {
    if (issued && !options.token) writeIdentity(issued);
  }

  const commentPath = (thread: string, id: string) => `threads/${seg(thread)}/comments/${seg(id)}`;

  return {
    getThread(thread, signal) {
      return send<ThreadInfo>(`threads/${seg(thread)}`, { signal });
    },

    listComments(query: ListQuery) {
      const searchParams: Record<string, string | number> = {
        sort: query.sort,
        limit: query.limit,
        replies: query.replyLimit,
      };
      if (query.cursor) searchParams.cursor = query.cursor;
      return send<Page>(`threads/${seg(query.thread)}/comments`, { searchParams, signal: query.signal });
    },

    listReplies(query: RepliesQuery) {
      const searchParams: Record<string, string | number> = { limit: query.limit, replies: query.replyLimit };
      if (query.cursor) searchParams.cursor = query.cursor;
      return send<Page>(`${commentPath(query.thread, query.parentId)}/replies`, {
        searchParams,
        signal: query.signal,
      });
    },

    async createComment(input) {
      const json: Record<string, unknown> = { body: input.body, parentId: input.parentId };
      if (input.authorName !== undefined && !options.token) json.authorName = input.authorName;
      if (!bearer()) json.guestSecret = guestSecret();
      if (input.anchor) json.anchor = input.anchor;
      if (input.writeMs !== undefined) json.writeMs = Math.max(0, Math.round(input.writeMs));
      if (input.website) json.website = input.website;
      const created = await send<{ comment: Comment; identity?: StoredIdentity }>(
        `threads/${seg(input.thread)}/comments`,
        {
          method: 'post',
          json,
          headers: { 'Idempotency-Key': input.idempotencyKey },
          // Safe to retry: the key makes the server store the post once.
          retry: { limit: 2, methods: ['post'], statusCodes: [408, 500, 502, 503, 504], backoffLimit: 3000 },
        },
      );
      rememberIssued(created.identity);
      return created.comment;
    },

    editComment(input) {
      return send<Comment>(commentPath(input.thread, input.id), {
        method: 'patch',
        json: { body: input.body },
        retry: 0,
      });
    },

    deleteComment(ref) {
      return send<Comment>(commentPath(ref.thread, ref.id), { method: 'delete', retry: 0 });
    },

    async vote(input) {
      if (!bearer()) {
        // A vote counts once per identity: a reader who has not written yet gets a guest identity first.
        rememberIssued(await send<StoredIdentity>('identities', { method: 'post', json: {}, retry: 0 }));
      }
      return send<VoteResult>(`${commentPath(input.thread, input.id)}/vote`, {
        method: 'put',
        json: { value: input.value },
        retry: 0,
      });
    },

    async report(input) {
      if (!bearer()) {
        // One report per reader: a reader who has not written yet gets a guest identity first.
        rememberIssued(await send<StoredIdentity>('identities', { method: 'post', json: {}, retry: 0 }));
      }
      const json: Record<string, unknown> = { reason: input.reason };
      if (input.detail !== undefined) json.detail = input.detail;
      await send<{ counted: boolean }>(`${commentPath(input.thread, input.id)}/reports`, {
        method: 'post',
        json,
        retry: 0,
      });
    },

    moderate(input) {
      const json: Record<string, unknown> = { action: input.action };
      if (input.reason !== undefined) json.reason = input.reason;
      return send<Comment>(`${commentPath(input.thread, input.id)}/moderation`, {
        method: 'post',
        json,
        retry: 0,
      });
    },

    async ban(input) {
      const json: Record<string, unknown> = { thread: input.thread, commentId: input.id, scope: input.scope };
      if (input.hours !== undefined) json.hours = input.hours;
      if (input.reason !== undefined) json.reason = input.reason;
      await send<unknown>('moderation/bans', { method: 'post', json, retry: 0 });
    },

    async countComments(threads, signal) {
      if (threads.length === 0) return {};
      const searchParams = new URLSearchParams(threads.map((t) => ['thread', t]));
      const { counts } = await send<{ counts: Record<string, number> }>('counts', { searchParams, signal });
      return counts;
    },

    subscribe(thread, listener) {
      const Source =
        options.EventSource ?? (typeof EventSource === 'undefined' ? undefined : globalThis.EventSource);
      if (!Source) return () => undefined;
      return followEvents(Source, new URL(`threads/${seg(thread)}/events`, root), listener);
    },

    async getViewer() {
      if (!bearer()) return null;
      try {
        return await send<Viewer>('me', {});
      } catch (error) {
        if ((error as AdapterError).code === 'unauthorized') return null;
        throw error;
      }
    },
  };
}
