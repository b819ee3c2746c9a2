/**
 * The one database interface the server uses. PGlite (embedded) and PostgreSQL (pg Pool) both implement
 * it, and every query in the server is plain PostgreSQL that runs unchanged on both.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with $1… parameters. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations, test fixtures). */
  exec(sql: string): Promise<void>;
}

export interface ListenHandlers {
  /** One NOTIFY payload, in commit order. */
  notify(payload: string): void;
  /**
   * The listening connection was lost and is back: notifications sent meanwhile are gone, so the
   * listener must catch up from the table.
   */
  reconnected?(): void;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on `channel` (PostgreSQL: one dedicated connection outside the pool). Resolves to unlisten. */
  listen(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A PostgreSQL error as both drivers report it (SQLSTATE in `code`). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** SQLSTATEs that mean "the database cannot serve now", not "this request is wrong". */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** Socket errors of a driver that cannot reach its server. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** pg reports a dropped or timed-out connection by message only. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * True when `error` says the database is down, unreachable, restarting or full (the request may succeed
 * later, so it is answered 503 with Retry-After rather than 500).
 */
export function isStoreUnavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined && (UNAVAILABLE_STATES.test(state) || UNREACHABLE.has(state))) return true;
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  return error instanceof Error && UNAVAILABLE_MESSAGE.test(error.message);
}
