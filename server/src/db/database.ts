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
