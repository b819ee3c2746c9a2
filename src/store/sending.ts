/**
 * Posting through the outbox. Every post is written down (./outbox.ts) before it is sent and shows at
 * once as a placeholder; after a network or server fault (or no answer in time) it is kept, marked
 * pending and sent again with the same idempotency key (with backoff, when the browser comes online,
 * and on the next load) until the backend stores it or refuses it. Also the drafts and the remembered
 * guest name, which posting fills and clears.
 */
import { atom } from 'nanostores';
import type { Comment } from '../adapters/adapter';
import { type AdapterError, NetworkError, toAdapterError } from '../adapters/errors';
import { randomId } from '../adapters/ids';
import type { StoreContext } from './context';
import { createDrafts, draftKeyFor } from './drafts';
import { describeError, precheck } from './notices';
import { createOutbox, type OutboxEntry } from './outbox';
import { bumpReplyCount, place, type StoreState, setComment, unlinkChild } from './state';
import { readItem, type StorageLike, writeItem } from './storage';
import type { PostInput, PostOutcome } from './types';

/** Where the reader's guest name is remembered (one for all threads). */
export const NAME_KEY = 'threadline:name';

/** The placeholder id of an unacknowledged post: derived from its idempotency key. */
const tempIdOf = (key: string) => `pending:${key}`;

/**
 * Errors after which an unsent post is kept and retried. Network and server failures always; a rate
 * limit only for a post already waiting in the outbox (on a fresh post the reader is told to wait and
 * keeps the text).
 */
function isRetryable(error: AdapterError, fresh: boolean): boolean {
  if (error.code === 'network' || error.code === 'server') return true;
  return error.code === 'rate_limited' && !fresh;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (!(ms > 0 && ms < Number.POSITIVE_INFINITY)) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NetworkError('The comment service did not answer in time.', { reason: 'timeout' })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface SendingOptions {
  /** Where the guest name is remembered. */
  storage: StorageLike | null;
  /** Where the outbox and the drafts are kept. */
  keptStorage: StorageLike | null;
  now(): number;
  retryDelay(attempt: number): number;
  sendTimeoutMs: number;
  draftDelayMs: number;
  connectivity: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  onPosted?: ((comment: Comment) => void) | undefined;
}

export function createSending(ctx: StoreContext, options: SendingOptions) {
  const { adapter, thread, $state, update, notify, fail, signal } = ctx;
  const { storage, retryDelay, connectivity } = options;
  const outbox = createOutbox(options.keptStorage, thread);
  const drafts = createDrafts(options.keptStorage, thread, options.draftDelayMs);
  const $guestName = atom<string>(readItem(storage, NAME_KEY) ?? '');
  const inFlight = new Set<string>();
  const failures = new Map<string, number>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryAt = Number.POSITIVE_INFINITY;
  let retrying: Promise<void> | null = null;

  const handleOnline = () => {
    void retryUnsent();
  };
  connectivity?.addEventListener('online', handleOnline);
  signal.addEventListener('abort', () => {
    clearTimeout(retryTimer);
    connectivity?.removeEventListener('online', handleOnline);
    drafts.flush();
  });

  function rememberName(name: string): void {
    $guestName.set(name);
    writeItem(storage, NAME_KEY, name);
  }

  /** The optimistic comment shown for a post until the backend acknowledges it. */
  function placeholderOf(entry: OutboxEntry): Comment {
    const viewer = $state.get().viewer;
    const authorName = entry.authorName ?? '';
    return {
      id: tempIdOf(entry.key),
      thread,
      parentId: entry.parentId,
      author: viewer
        ? {
            id: viewer.id,
            name: viewer.role === 'guest' && authorName ? authorName : viewer.name,
            role: viewer.role,
          }
        : { id: '', name: authorName || $guestName.get() },
      body: entry.body,
      createdAt: entry.createdAt,
      score: 0,
      myVote: 0,
      replyCount: 0,
      status: 'published',
      pinned: false,
    };
  }

  function insertPlaceholder(d: StoreState, entry: OutboxEntry, pending: boolean): void {
    const comment = placeholderOf(entry);
    if (d.entries.has(comment.id)) return;
    setComment(d, comment, { sending: true, pending });
    d.total += 1;
    place(d, comment);
  }

  /** Takes a placeholder out again, with the counts it added. */
  function removePlaceholder(d: StoreState, tempId: string): void {
    const entry = d.entries.get(tempId);
    if (!entry) return;
    d.entries.delete(tempId);
    d.total = Math.max(0, d.total - 1);
    const parentId = entry.comment.parentId;
    if (parentId === null) d.roots = d.roots.filter((id) => id !== tempId);
    else if (d.children.get(parentId)?.includes(tempId)) {
      unlinkChild(d, parentId, tempId);
      bumpReplyCount(d, parentId, -1);
    }
  }

  function setPending(tempId: string, pending: boolean): void {
    update((d) => {
      const e = d.entries.get(tempId);
      if (e && !e.pending !== !pending) setComment(d, e.comment, { pending });
    });
  }

  /** Replaces a placeholder with the stored comment, in the placeholder's place. */
  function acknowledge(tempId: string, stored: Comment): void {
    update((d) => {
      const index = d.roots.indexOf(tempId);
      removePlaceholder(d, tempId);
      // A page or a live event may have brought the stored comment first: then it is counted already.
      const known = d.entries.has(stored.id);
      setComment(d, stored);
      if (!known) d.total += 1;
      if (stored.parentId !== null) {
        if (!known) place(d, stored);
      } else if (!d.roots.includes(stored.id)) {
        d.incoming = d.incoming.filter((id) => id !== stored.id);
        if (index === -1) place(d, stored);
        else d.roots.splice(index, 0, stored.id);
      }
    });
  }

  /** After a queued post was finally refused: its text goes back into a composer, so nothing is lost. */
  function restoreText(entry: OutboxEntry): void {
    const parent = entry.parentId === null ? undefined : $state.get().entries.get(entry.parentId);
    const key = parent && parent.comment.status !== 'deleted' ? draftKeyFor(entry.parentId) : 'root';
    const existing = drafts.get(key);
    drafts.set(key, existing.trim() && existing !== entry.body ? `${existing}\n\n${entry.body}` : entry.body);
    drafts.flush();
    update((d) => {
      d.draftVersions = { ...d.draftVersions, [key]: (d.draftVersions[key] ?? 0) + 1 };
    });
  }

  function scheduleRetry(ms: number): void {
    if (signal.aborted) return;
    const at = Date.now() + ms;
    if (retryTimer !== undefined && retryAt <= at) return;
    clearTimeout(retryTimer);
    retryAt = at;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      retryAt = Number.POSITIVE_INFINITY;
      void retryUnsent();
    }, ms);
    (retryTimer as { unref?: () => void }).unref?.();
  }

  /**
   * One attempt to send an outbox entry. Acknowledged: see `delivered`. Network or server failure (or no
   * answer in time): kept, marked pending, retried with backoff. Any other refusal is final: out of the
   * outbox, the placeholder goes, and a post that had been waiting gets its text back in a composer.
   */
  async function attempt(entry: OutboxEntry, fresh: boolean): Promise<PostOutcome> {
    const { key } = entry;
    inFlight.add(key);
    const request = adapter.createComment({
      thread,
      parentId: entry.parentId,
      body: entry.body,
      ...(entry.authorName ? { authorName: entry.authorName } : {}),
      ...(entry.writeMs !== undefined ? { writeMs: entry.writeMs } : {}),
      ...(entry.website ? { website: entry.website } : {}),
      idempotencyKey: key,
    });
    // After a timeout the store stops waiting (a retry may run beside the slow request: the key makes
    // the backend store it once), but a late answer still counts.
    let waiting = true;
    request.then(
      (late) => {
        if (!waiting && !signal.aborted && outbox.get(key)) void delivered(entry, late);
      },
      () => {},
    );
    let stored: Comment;
    try {
      stored = await withTimeout(request, options.sendTimeoutMs);
    } catch (caught) {
      waiting = false;
      inFlight.delete(key);
      const error = toAdapterError(caught);
      // Disposed (page left, widget removed): the entry stays in the outbox for the next load.
      if (signal.aborted) return { status: 'queued', key, id: tempIdOf(key) };
      if (isRetryable(error, fresh)) {
        const count = (failures.get(key) ?? 0) + 1;
        failures.set(key, count);
        setPending(tempIdOf(key), true);
        scheduleRetry(Math.max(retryDelay(count), (error.retryAfter ?? 0) * 1000));
        if (fresh) notify('error', ctx.texts().notSent);
        return { status: 'queued', key, id: tempIdOf(key) };
      }
      outbox.remove(key);
      failures.delete(key);
      update((d) => removePlaceholder(d, tempIdOf(key)));
      if (fresh) fail(error);
      else {
        restoreText(entry);
        notify('error', `${describeError(error, ctx.texts())} ${ctx.texts().restored}`);
      }
      return { status: 'refused' };
    }
    waiting = false;
    inFlight.delete(key);
    return delivered(entry, stored);
  }

  /** The backend has the post: out of the outbox, and the placeholder becomes the stored comment. */
  async function delivered(entry: OutboxEntry, stored: Comment): Promise<PostOutcome> {
    outbox.remove(entry.key);
    failures.delete(entry.key);
    if (signal.aborted) return { status: 'posted', comment: stored };
    acknowledge(tempIdOf(entry.key), stored);
    if (entry.authorName) rememberName(entry.authorName);
    options.onPosted?.(stored);
    const known = $state.get().viewer;
    const { author } = stored;
    if (!known || known.id !== author.id || known.name !== author.name) {
      // The stored comment's author is the viewer (a guest's first post made them): with its role that is
      // all the widget needs; only a backend that leaves the role out is asked.
      const viewer = author.role
        ? { id: author.id, name: author.name, role: author.role }
        : await adapter.getViewer().catch(() => null);
      if (viewer) {
        update((d) => {
          d.viewer = viewer;
        });
      }
    }
    notify('info', stored.status === 'pending' ? ctx.texts().held : ctx.texts().posted);
    return { status: 'posted', comment: stored };
  }

  /**
   * Sends the thread's unsent posts, oldest first, one at a time (so they are stored in the order they
   * were written). Stops at the first that still cannot be sent; the backoff timer tries again.
   */
  function retryUnsent(): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    retrying ??= (async () => {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      retryAt = Number.POSITIVE_INFINITY;
      const entries = outbox.list().filter((e) => !inFlight.has(e.key));
      // Posts from an earlier page view are not on screen yet: show them, marked as not sent.
      update((d) => {
        for (const e of entries) insertPlaceholder(d, e, true);
      });
      for (const e of entries) {
        if (signal.aborted || !outbox.get(e.key)) continue;
        const outcome = await attempt(e, false);
        if (outcome.status === 'queued') {
          for (const rest of entries) if (outbox.get(rest.key)) setPending(tempIdOf(rest.key), true);
          break;
        }
      }
    })().finally(() => {
      retrying = null;
    });
    return retrying;
  }

  async function send(input: PostInput): Promise<PostOutcome> {
    if (signal.aborted) return { status: 'refused' };
    const problem = precheck(input.body);
    if (problem) {
      fail(problem);
      return { status: 'refused' };
    }
    const parentId = input.parentId ?? null;
    if (parentId !== null && $state.get().entries.get(parentId)?.sending) {
      notify('error', ctx.texts().waitForParent);
      return { status: 'refused' };
    }
    const authorName = typeof input.authorName === 'string' ? input.authorName.trim() : '';
    const entry: OutboxEntry = {
      key: randomId(),
      thread,
      parentId,
      body: input.body,
      createdAt: new Date(options.now()).toISOString(),
    };
    if (authorName) entry.authorName = authorName;
    if (input.writeMs !== undefined) entry.writeMs = input.writeMs;
    if (input.website) entry.website = input.website;
    // Written down before it is sent: from here on a reload or a dropped connection cannot lose it.
    outbox.put(entry);
    update((d) => insertPlaceholder(d, entry, false));
    const outcome = await attempt(entry, true);
    if (outcome.status !== 'refused') drafts.clear(draftKeyFor(parentId));
    if (outcome.status === 'queued' && authorName) rememberName(authorName);
    return outcome;
  }

  return {
    $guestName,
    send,
    retryUnsent,
    /** True when a previous page view left posts unsent. */
    hasUnsent: () => outbox.list().length > 0,
    draft: (key: string) => drafts.get(key),
    saveDraft: (key: string, text: string) => drafts.set(key, text),
  };
}
