import type { Adapter, Unsubscribe } from './adapter';
import { ServerError, toAdapterError } from './errors';

/**
 * An Adapter whose implementation is loaded on first use, so a page downloads only the backend it
 * names (the rest adapter and ky are not fetched by a page on the memory backend, and the other way
 * round). Calls made before the module arrives simply wait for it.
 */
export function lazyAdapter(load: () => Promise<Adapter>): Adapter {
  let loading: Promise<Adapter> | undefined;
  let loaded: Adapter | undefined;
  const get = (): Promise<Adapter> => {
    loading ??= load().then(
      (adapter) => {
        loaded = adapter;
        return adapter;
      },
      (error: unknown) => {
        loading = undefined; // a failed chunk download may succeed on the next call
        throw toAdapterError(error);
      },
    );
    return loading;
  };
  return {
    getThread: async (thread, signal) => (await get()).getThread(thread, signal),
    listComments: async (query) => (await get()).listComments(query),
    listReplies: async (query) => (await get()).listReplies(query),
    createComment: async (input) => (await get()).createComment(input),
    editComment: async (input) => (await get()).editComment(input),
    deleteComment: async (ref) => (await get()).deleteComment(ref),
    vote: async (input) => (await get()).vote(input),
    countComments: async (threads, signal) => (await get()).countComments(threads, signal),
    getViewer: async () => (await get()).getViewer(),
    report: async (input) => {
      const adapter = await get();
      if (!adapter.report) throw new ServerError('This comment backend does not take reports.');
      return adapter.report(input);
    },
    moderate: async (input) => {
      const adapter = await get();
      if (!adapter.moderate) throw new ServerError('This comment backend has no moderation.');
      return adapter.moderate(input);
    },
    ban: async (input) => {
      const adapter = await get();
      if (!adapter.ban) throw new ServerError('This comment backend has no bans.');
      return adapter.ban(input);
    },
    loaded: () => loaded,
    subscribe(thread, listener): Unsubscribe {
      let stopped = false;
      let unsubscribe: Unsubscribe | undefined;
      get().then(
        (adapter) => {
          if (!stopped) unsubscribe = adapter.subscribe?.(thread, listener);
        },
        () => {}, // the next call reports the load failure
      );
      return () => {
        stopped = true;
        unsubscribe?.();
      };
    },
  };
}
