/**
 * Reads a write's whole body before anything else looks at the request, with a size cap (413) and a
 * deadline (408). A client that trickles its body is cut off at the deadline instead of holding a
 * connection for minutes, and because the rate limiter runs after this, a body that never arrives costs
 * no write slot (which matters most for readers sharing one address). The body is put back on the
 * request as bytes, so handlers read it as usual.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors';

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ReadBodyOptions {
  maxBytes: number;
  timeoutMs: number;
}

const tooLarge = (max: number) =>
  new ApiError(413, 'payload_too_large', `The request body is over ${max} bytes.`);

export function readBody({ maxBytes, timeoutMs }: ReadBodyOptions): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    if (NO_BODY.has(c.req.method) || !raw.body) return next();
    const declared = Number(raw.headers.get('Content-Length') ?? Number.NaN);
    if (declared > maxBytes) throw tooLarge(maxBytes);

    const reader = raw.body.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new ApiError(
            408,
            'request_timeout',
            `The request body did not arrive within ${Math.round(timeoutMs / 1000)} s; send it again.`,
            undefined,
            { Connection: 'close' },
          ),
        );
      }, timeoutMs);
    });
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await Promise.race([reader.read(), late]);
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) throw tooLarge(maxBytes);
        chunks.push(value);
      }
    } catch (error) {
      reader.cancel().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(raw, { body });
    await next();
  };
}
