/**
 * Loading and paging: the first page (with the thread's info and the viewer), a new sort, the next
 * top-level page, a comment's remaining replies, and everything ("View all"). A new first page or sort
 * aborts the list request in flight.
 */
import { LIMITS, SORTS, type Sort } from '../adapters/adapter';
import { toAdapterError } from '../adapters/errors';
import type { StoreContext } from './context';
import {
  compareRoots,
  initialState,
  keepLoaded,
  mergePage,
  place,
  placeRoot,
  rootsDraftOf,
  type StoreState,
} from './state';
import { readItem, type StorageLike, writeItem } from './storage';

/** Where the reader's sort choice is remembered, one key per thread. */
export const sortKey = (thread: string) => `threadline:sort:${thread}`;

const isSort = (value: unknown): value is Sort => SORTS.includes(value as Sort);

/**
 * The sort a store starts with. The element passes `sort` only when the site set the attribute, so it
 * is the site's default; a reader's own stored choice for this thread wins over it; with neither, newest.
 */
export function startSort(storage: StorageLike | null, thread: string, siteSort: unknown): Sort {
  const stored = readItem(storage, sortKey(thread));
  return isSort(stored) ? stored : isSort(siteSort) ? siteSort : 'newest';
}

/** A first page over this many comments is taken in over several tasks (see firstPage). */
const INTAKE_SPLIT = 500;
/** Comments per task while a big first page is taken in: about 10 ms of work each on the bench machine. */
const INTAKE_STEP = 1000;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
/**
 * Top-level comments put in their new place per task when the store re-sorts a list itself: about 20 ms
 * of moving DOM on the bench machine, with a third of the comments at the top level. A list this long or
 * shorter is re-sorted in one step.
 */
const SORT_STEP = 400;
/** A longer list's first step, in the reader's task: more than a screen holds, and quick. */
const SORT_FIRST = 100;

/**
 * Replaces the loaded comments with a prepared first page, keeping unsent comments (their post
 * settles later) where they still have a place. Returns how many were kept.
 */
function resetList(d: StoreState, tree: StoreState, cursor: string | null): number {
  const sending = [...d.entries.values()].filter((e) => e.sending);
  for (const [id, entry] of tree.entries) {
    const comment = keepLoaded(d.entries.get(id), entry.comment);
    if (comment !== entry.comment) tree.entries.set(id, { ...entry, comment });
  }
  d.entries = tree.entries;
  d.children = tree.children;
  d.roots = tree.roots;
  d.incoming = []; // a fresh first page has them
  d.cursor = cursor;
  let kept = 0;
  for (const e of sending) {
    d.entries.set(e.comment.id, e);
    if (place(d, e.comment)) kept += 1;
    else d.entries.delete(e.comment.id);
  }
  return kept;
}

export interface PagingOptions {
  pageSize: number;
  replyLimit: number;
  storage: StorageLike | null;
  /** Runs after each first load that was not cut short (success or failure). */
  afterLoad(): void;
}

export function createPaging(ctx: StoreContext, options: PagingOptions) {
  const { adapter, thread, $state, update, fail, signal: lifetime, confirmedVotes } = ctx;
  const { pageSize, replyLimit } = options;
  /** The in-flight top-level list request (first page, next page): a new sort aborts it. */
  let listController: AbortController | null = null;
  let loading: Promise<void> | null = null;
  lifetime.addEventListener('abort', () => listController?.abort());

  const isAborted = (signal: AbortSignal) => signal.aborted || lifetime.aborted;
  const listSignal = () => {
    listController = new AbortController();
    return listController.signal;
  };

  /**
   * Shows the first page in `sort`, with the thread's info and the viewer when `full`. Resolves false
   * when it was cut short (a newer first page, dispose).
   */
  async function firstPage(sort: Sort, full: boolean): Promise<boolean> {
    listController?.abort();
    const signal = listSignal();
    update((d) => {
      d.sort = sort;
      d.status = 'pending';
      d.error = null;
      d.loadingMore = false;
    });
    try {
      const [info, viewer, page] = await Promise.all([
        full ? adapter.getThread(thread, signal) : null,
        full ? adapter.getViewer().catch(() => null) : null,
        adapter.listComments({ thread, sort, cursor: null, limit: pageSize, replyLimit, signal }),
      ]);
      if (isAborted(signal)) return false;
      // A big first page (a site's backend that sends a whole thread at once) is built into a tree of
      // its own and put in place over several tasks: each step is linear in what it adds, and doing it
      // all at once would be tasks of 30-50 ms at 5,000 comments. A newer first page or dispose stops it.
      const big = page.comments.length > INTAKE_SPLIT;
      const tree = initialState(sort);
      for (let i = 0; i < page.comments.length; i += INTAKE_STEP) {
        mergePage(tree, page.comments.slice(i, i + INTAKE_STEP));
        if (big) await nextTask();
        if (isAborted(signal)) return false;
      }
      const roots = tree.roots;
      // Roots per step, so that a step puts about INTAKE_STEP comments in place. A list already shown
      // (another sort of the same comments) is replaced in one step: its comments' DOM is then moved,
      // where a shorter list first would remove it and make it again.
      const shown = $state.get().roots.length > 0;
      const step = shown
        ? roots.length
        : Math.max(1, Math.ceil((roots.length * INTAKE_STEP) / Math.max(1, page.comments.length)));
      update((d) => {
        const kept = resetList(d, { ...tree, roots: roots.slice(0, step) }, page.nextCursor);
        if (info) {
          d.total = info.commentCount + kept;
          d.info = info;
          d.viewer = viewer;
        }
        d.status = 'ready';
      });
      confirmedVotes.clear();
      for (let i = step; i < roots.length; i += step) {
        await nextTask();
        if (isAborted(signal)) return false;
        update((d) => {
          const placed = new Set(d.roots);
          for (const id of roots.slice(i, i + step))
            if (!placed.has(id) && d.entries.has(id)) d.roots.push(id);
        }, rootsDraftOf);
      }
    } catch (error) {
      if (isAborted(signal)) return false;
      update((d) => {
        d.status = 'error';
        d.error = toAdapterError(error);
      });
    }
    return true;
  }

  function load(): Promise<void> {
    if (lifetime.aborted) return Promise.resolve();
    if (loading) return loading;
    const promise = firstPage($state.get().sort, true)
      .then((done) => {
        if (done) options.afterLoad();
      })
      .finally(() => {
        if (loading === promise) loading = null;
      });
    loading = promise;
    return promise;
  }

  /** Top-level ids in the sort's order, unsent comments where a new one goes. */
  function sortedRoots(d: StoreState): string[] {
    const entries = d.roots.flatMap((id) => d.entries.get(id) ?? []);
    const sorted: StoreState = {
      ...d,
      roots: entries
        .filter((e) => !e.sending)
        .map((e) => e.comment)
        .sort((a, b) => compareRoots(d.sort, a, b))
        .map((c) => c.id),
    };
    for (const e of entries) if (e.sending) placeRoot(sorted, e.comment.id);
    return sorted.roots;
  }

  /**
   * Every top-level comment is loaded: the new sort is the same list in another order, with no request,
   * so the reader keeps every reply they opened. A long list gets its new order from the top down, a step
   * per task: each step moves the next comments to their place, so no task moves thousands (one step in
   * all would be the quickest to the end of the list, and each step costs a frame). Anything else that
   * changes the top-level list meanwhile ends the steps with the whole order at once.
   */
  async function sortLoaded(sort: Sort): Promise<void> {
    let order: string[] = [];
    let shown: string[] = [];
    let firstStep = 0;
    const placeFirst = (d: StoreState, n: number) => {
      const placed = new Set(order.slice(0, n));
      d.roots = [...placed, ...d.roots.filter((id) => !placed.has(id))];
      shown = d.roots;
    };
    update((d) => {
      d.sort = sort;
      order = sortedRoots(d);
      firstStep = order.length > SORT_STEP ? SORT_FIRST : order.length;
      placeFirst(d, firstStep);
    }, rootsDraftOf);
    for (let n = firstStep; n < order.length; n += SORT_STEP) {
      await nextTask();
      if (lifetime.aborted) return;
      if ($state.get().roots !== shown) {
        update((d) => {
          d.roots = sortedRoots(d);
        }, rootsDraftOf);
        return;
      }
      update((d) => placeFirst(d, n + SORT_STEP), rootsDraftOf);
    }
  }

  async function setSort(sort: Sort): Promise<void> {
    if (lifetime.aborted || !isSort(sort)) return;
    writeItem(options.storage, sortKey(thread), sort);
    const state = $state.get();
    if (state.sort === sort && (state.status === 'ready' || state.status === 'pending')) return;
    if (state.status === 'ready' && state.cursor === null && !state.loadingMore) return sortLoaded(sort);
    loading = null;
    if (state.info === null) {
      // Nothing shown yet: a full load with the new sort.
      update((d) => {
        d.sort = sort;
      });
      return load();
    }
    await firstPage(sort, false);
  }

  /** Loads the next top-level page; resolves true when it worked. */
  async function loadPage(limit: number): Promise<boolean> {
    const { status, cursor, loadingMore, sort } = $state.get();
    if (lifetime.aborted || status !== 'ready' || cursor === null || loadingMore) return false;
    const signal = listSignal();
    update((d) => {
      d.loadingMore = true;
    });
    try {
      const page = await adapter.listComments({ thread, sort, cursor, limit, replyLimit, signal });
      if (isAborted(signal)) return false;
      update((d) => {
        mergePage(d, page.comments);
        d.cursor = page.nextCursor;
        d.loadingMore = false;
      });
      return true;
    } catch (error) {
      if (isAborted(signal)) return false;
      update((d) => {
        d.loadingMore = false;
      });
      fail(error);
      return false;
    }
  }

  const setLoadingReplies = (id: string, loadingReplies: boolean) =>
    update((d) => {
      const e = d.entries.get(id);
      if (e) d.entries.set(id, { ...e, loadingReplies });
    });

  /** Loads every remaining direct reply of `parentId` (with their own first replies). */
  async function loadReplies(parentId: string): Promise<void> {
    const entry = $state.get().entries.get(parentId);
    if (lifetime.aborted || !entry || entry.loadingReplies || entry.sending) return;
    setLoadingReplies(parentId, true);
    try {
      let cursor: string | null = null;
      do {
        const page = await adapter.listReplies({
          thread,
          parentId,
          cursor,
          limit: LIMITS.pageMax,
          replyLimit,
          signal: lifetime,
        });
        if (lifetime.aborted) return;
        update((d) => mergePage(d, page.comments));
        cursor = page.nextCursor;
      } while (cursor !== null);
    } catch (error) {
      if (!lifetime.aborted) fail(error);
    } finally {
      setLoadingReplies(parentId, false);
    }
  }

  async function viewAll(): Promise<void> {
    if (lifetime.aborted) return;
    if ($state.get().status !== 'ready') await load();
    while ($state.get().cursor !== null && !lifetime.aborted) {
      if (!(await loadPage(LIMITS.pageMax))) break;
    }
    // Missing replies, level by level, until nothing is missing or nothing more can be loaded.
    const tried = new Set<string>();
    for (;;) {
      const { entries, children } = $state.get();
      const missing = [...entries.values()]
        .filter((e) => !e.sending && e.comment.replyCount > (children.get(e.comment.id)?.length ?? 0))
        .map((e) => e.comment.id)
        .filter((id) => !tried.has(id));
      if (missing.length === 0 || lifetime.aborted) return;
      for (const id of missing) tried.add(id);
      await Promise.all(missing.map((id) => loadReplies(id)));
    }
  }

  return {
    load,
    setSort,
    async loadMore(): Promise<void> {
      await loadPage(pageSize);
    },
    loadReplies,
    viewAll,
  };
}
