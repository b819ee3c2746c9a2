/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key, tagged with the list it belongs to
 * so a cursor from one sort cannot be replayed against another.
 */
import type { Sort } from '@threadline/contract';
import { ID_PATTERN } from '../ids';
import { badRequest } from '../middleware/errors';

export type CursorList = Sort | 'replies';
export interface Cursor {
  id: string;
  /** Only for 'top'. */
  score?: number;
}

export function encodeCursor(list: CursorList, cursor: Cursor): string {
  const key = cursor.score === undefined ? [list, cursor.id] : [list, cursor.id, cursor.score];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A score is a PostgreSQL integer: a cursor claiming one beyond that range was not made here. */
const isScore = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647;

export function decodeCursor(list: CursorList, raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (Array.isArray(key) && key[0] === list && typeof key[1] === 'string' && ID_PATTERN.test(key[1])) {
    if (list !== 'top' && key.length === 2) return { id: key[1] };
    if (list === 'top' && key.length === 3 && isScore(key[2])) return { id: key[1], score: key[2] };
  }
  throw badRequest(
    'invalid_cursor',
    'The cursor is not valid for this list; start again from the first page (no cursor).',
    { cursor: 'is not valid for this list' },
  );
}
