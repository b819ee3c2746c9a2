import type { Viewer } from '../../../adapters/adapter';
import type { Messages } from '../../../i18n/messages';

/** What the render functions need besides the node itself; built once per render by the element. */
export interface RenderContext {
  msg: Messages;
  locale: string;
  now: number;
  /** No writing at all: readonly attribute, a closed thread, or no working store. */
  readonly: boolean;
  /** The comment whose inline reply composer is open. */
  replyTo: string | null;
  editing: string | null;
  confirmingDelete: string | null;
  /** Field errors by form key ('root', 'reply:<id>', 'edit:<id>'). */
  formErrors: ReadonlyMap<string, string>;
  /** Form keys whose submit is in flight. */
  submitting: ReadonlySet<string>;
  viewer: Viewer | null;
  guestName: string;
  /** The reader asked to change the remembered name. */
  changingName: boolean;
  /** The saved draft of a composer by form key ('root', 'reply:<id>'). */
  draft(key: string): string;
  /** Bumped when the store put text back into a composer: its field is made afresh to show it. */
  draftVersions: Readonly<Record<string, number>>;
}

/**
 * True when two contexts render alike. Functions are skipped: they are bound to the same store. The
 * element keeps the previous context while this holds, so templates can compare it by identity.
 */
export function sameContext(a: RenderContext, b: RenderContext): boolean {
  for (const key of Object.keys(b) as (keyof RenderContext)[])
    if (typeof b[key] !== 'function' && a[key] !== b[key]) return false;
  return true;
}

export const formKey = {
  root: 'root',
  reply: (id: string) => `reply:${id}`,
  edit: (id: string) => `edit:${id}`,
};
