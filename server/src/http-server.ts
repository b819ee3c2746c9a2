/**
 * The Node HTTP server around the app, with timeouts that a slow client cannot stretch: the request
 * line and headers must arrive within HEADERS_TIMEOUT_MS, the whole request within the body deadline
 * plus that. (The app answers a body slower than its deadline with 408 itself; these are the backstop
 * for requests that never reach it.) Responses are not limited: a live event stream lasts for hours.
 */
import { type ServerType, serve } from '@hono/node-server';
import type { Config } from './config';

export const HEADERS_TIMEOUT_MS = 20_000;

export function startHttpServer(
  fetch: Parameters<typeof serve>[0]['fetch'],
  config: Pick<Config, 'port' | 'host' | 'bodyTimeoutSeconds'>,
  onListening?: (port: number) => void,
): ServerType {
  return serve(
    {
      fetch,
      port: config.port,
      hostname: config.host,
      serverOptions: {
        headersTimeout: HEADERS_TIMEOUT_MS,
        requestTimeout: HEADERS_TIMEOUT_MS + config.bodyTimeoutSeconds * 1000,
      },
    },
    (info) => onListening?.(info.port),
  );
}
