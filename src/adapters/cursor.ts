/**
 * Keyset cursors for the in-browser adapters: opaque strings carrying the list they belong to, the
 * last item's sort key and its id. Never offsets.
 */
import type { Sort } from './adapter';
import { invalid } from './validate';

export type CursorList = Sort | 'replies';

export interface CursorData {
  list: CursorList;
  /** The thread (top-level lists) or the parent id (replies). */
  scope: string;
  key: number[];
  id: string;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

export function encodeCursor(data: CursorData): string {
  return toBase64Url(JSON.stringify([data.list, data.scope, data.key, data.id]));
}

export function decodeCursor(value: unknown, list: CursorList, scope: string): CursorData | null {
  if (value === null || value === undefined) return null;
  const bad = () => invalid('cursor', 'The page cursor is not valid for this list.', 'bad_cursor');
  if (typeof value !== 'string' || value.length > 1_000) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(value));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad();
  const [l, s, key, id] = parsed as unknown[];
  if (l !== list || s !== scope || typeof id !== 'string') throw bad();
  const expected = list === 'top' ? 2 : 1;
  if (
    !Array.isArray(key) ||
    key.length !== expected ||
    !key.every((k) => typeof k === 'number' && Number.isFinite(k))
  ) {
    throw bad();
  }
  return { list, scope, key: key as number[], id };
}
