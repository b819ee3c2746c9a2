import type { Adapter } from './adapter';
import { lazyAdapter } from './lazy';

export type AdapterName = 'memory' | 'local' | 'rest';

export interface AdapterSettings {
  api: string | null;
  /** A site's signed login token (JWT) for the rest adapter. */
  token: string | null;
}

/**
 * Builds the backend an element's `adapter` attribute names. Each backend is its own chunk, loaded when
 * first used, so the script-tag build stays small whatever the page picks. A site's own adapter object
 * is wrapped so comments it sends without `content` get parsed (the parser is a chunk of its own too).
 * Every backend is checked (see `checked`).
 */
export function createAdapter(name: AdapterName | Adapter, settings: AdapterSettings): Adapter {
  if (typeof name !== 'string') {
    const own = name;
    return checked(async () => (await import('./with-content')).withContent(own));
  }
  switch (name) {
    case 'local':
      return checked(async () => (await import('./local')).createLocalAdapter());
    case 'rest':
      return checked(async () =>
        (await import('./rest')).createRestAdapter({
          api: settings.api ?? '',
          ...(settings.token ? { token: settings.token } : {}),
        }),
      );
    default:
      return checked(async () => (await import('./memory')).createMemoryAdapter());
  }
}

/**
 * Every backend's answers pass the store's checks (store/accept.ts) before the store keeps them: a site's
 * own adapter may return anything. The checks are a chunk of their own, fetched beside the backend's.
 */
function checked(load: () => Promise<Adapter>): Adapter {
  return lazyAdapter(async () => {
    const [adapter, { guardAdapter }] = await Promise.all([load(), import('../store/accept')]);
    return guardAdapter(adapter);
  });
}
