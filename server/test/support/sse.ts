/** A small Server-Sent Events reader for tests: parses frames from a Response body as they arrive. */

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
  retry?: number;
}

export interface SseReader {
  /** Every message so far (comments and heartbeats are in `comments`). */
  readonly messages: SseMessage[];
  readonly comments: string[];
  /** Resolves with the first message (counting from `from`) that matches, or rejects after `timeoutMs`. */
  next(match?: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Messages of one event type, in order. */
  of(event: string): SseMessage[];
  close(): Promise<void>;
  readonly done: Promise<void>;
}

export function readSse(body: ReadableStream<Uint8Array>): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let consumed = 0;
  let buffer = '';

  function parse(block: string): void {
    const message: SseMessage = { event: 'message', data: '' };
    const data: string[] = [];
    let any = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        comments.push(line.slice(1).trim());
        continue;
      }
      const at = line.indexOf(':');
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      any = true;
      if (field === 'data') data.push(value);
      else if (field === 'event') message.event = value;
      else if (field === 'id') message.id = value;
      else if (field === 'retry') message.retry = Number(value);
    }
    if (!any) return;
    message.data = data.join('\n');
    messages.push(message);
  }

  const done = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, { stream: true });
        let split = buffer.indexOf('\n\n');
        while (split >= 0) {
          parse(buffer.slice(0, split));
          buffer = buffer.slice(split + 2);
          split = buffer.indexOf('\n\n');
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // cancelled
    } finally {
      for (const wake of waiters) wake();
    }
  })();
  let ended = false;
  void done.then(() => {
    ended = true;
  });

  return {
    messages,
    comments,
    done,
    of: (event) => messages.filter((m) => m.event === event),
    next(match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (consumed < messages.length) {
            const m = messages[consumed++] as SseMessage;
            if (match(m)) {
              finish();
              resolve(m);
              return;
            }
          }
          if (ended) {
            finish();
            reject(new Error('the stream ended'));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await reader.cancel().catch(() => undefined);
      await done;
    },
  };
}
