import type { Adapter } from './adapter';
import { createLocalAdapter } from './local';
import { createMemoryAdapter } from './memory';
import { createRestAdapter } from './rest';

export type AdapterName = 'memory' | 'local' | 'rest';

export interface AdapterSettings {
  api: string | null;
  /** A site's signed login token (JWT) for the rest adapter. */
  token: string | null;
}

/** Builds the backend an element's `adapter` attribute names. */
export function createAdapter(name: AdapterName, settings: AdapterSettings): Adapter {
  switch (name) {
    case 'local':
      return createLocalAdapter();
    case 'rest':
      return createRestAdapter({
        api: settings.api ?? '',
        ...(settings.token ? { token: settings.token } : {}),
      });
    default:
      return createMemoryAdapter();
  }
}
