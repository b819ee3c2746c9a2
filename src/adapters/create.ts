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
 * first used, so the script-tag build stays small whatever the page picks.
 */
export function createAdapter(name: AdapterName, settings: AdapterSettings): Adapter {
  switch (name) {
    case 'local':
      return lazyAdapter(async () => (await import('./local')).createLocalAdapter());
    case 'rest':
      return lazyAdapter(async () =>
        (await import('./rest')).createRestAdapter({
          api: settings.api ?? '',
          ...(settings.token ? { token: settings.token } : {}),
        }),
      );
    default:
      return lazyAdapter(async () => (await import('./memory')).createMemoryAdapter());
  }
}
