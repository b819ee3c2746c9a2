import type { TemplateResult } from 'lit';
import type { Viewer } from '../../../adapters/adapter';
import type { Messages } from '../../../i18n/messages';
import type { CommentNode, ThreadStore } from '../../../store/types';

/** What only moderators see (templates/moderator-tools.ts, a chunk of its own). */
export interface ModeratorTools {
  buttons(node: CommentNode, ctx: RenderContext, cache: Map<string, HTMLButtonElement>): HTMLButtonElement[];
  rejectForm(ctx: RenderContext, id: string): TemplateResult;
  banForm(ctx: RenderContext, id: string): TemplateResult;
  /** Sends a Reject or Ban form (keys `reject:<id>`, `ban:<id>`); true when the backend took it. */
  submit(form: HTMLFormElement, key: string, store: ThreadStore): Promise<boolean>;
}

/** What the render functions need besides the node itself; built once per render by the element. */
export interface RenderContext {
  msg: Messages;
  locale: string;
  /** The level of the widget's "12 comments" heading (1–6), under the site's own headings. */
  headingLevel: number;
  /** The time relative times count from; a new one alone does not make a new context (see refreshTimes). */
  now: number;
  /** No writing at all: readonly attribute, a closed thread, or no working store. */
  readonly: boolean;
  /** The comment whose inline reply composer is open. */
  replyTo: string | null;
  editing: string | null;
  confirmingDelete: string | null;
  /** The comment whose report form is open. */
  reporting: string | null;
  /** The comment a moderator is rejecting (its reason form is open). */
  rejecting: string | null;
  /** The comment whose author a moderator is banning (the ban form is open). */
  banning: string | null;
  /** The viewer is a moderator and the backend takes bans. */
  canBan: boolean;
  /** The backend takes reports (readers get a Report button). */
  canReport: boolean;
  /**
   * The moderators' buttons and forms, once their chunk is loaded: set only when the viewer is a
   * moderator and the backend takes moderation.
   */
  moderator: ModeratorTools | null;
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
  /** The comments with a form open in them (reply, edit, delete question) and their ancestors. */
  formPath: ReadonlySet<string>;
}

/**
 * True when two contexts render alike. Functions are skipped: they are bound to the same store. The
 * element keeps the previous context while this holds, so templates can compare it by identity.
 */
export function sameContext(a: RenderContext, b: RenderContext): boolean {
  for (const key of Object.keys(b) as (keyof RenderContext)[])
    if (key !== 'now' && typeof b[key] !== 'function' && a[key] !== b[key]) return false;
  return true;
}

const NO_PATH: ReadonlySet<string> = new Set();

/**
 * The comments `ids` and all their ancestors in `roots`. Form state (an open composer, its errors, a
 * post in flight) only reaches these: every other comment is skipped whole when it changes.
 */
export function formPath(
  roots: readonly CommentNode[],
  ids: readonly (string | null)[],
): ReadonlySet<string> {
  const wanted = new Set(ids.filter((id) => id !== null));
  if (wanted.size === 0) return NO_PATH;
  const path = new Set<string>();
  const stack: string[] = [];
  const visit = (node: CommentNode): void => {
    stack.push(node.comment.id);
    if (wanted.has(node.comment.id)) for (const id of stack) path.add(id);
    for (const child of node.children) visit(child);
    stack.pop();
  };
  for (const root of roots) visit(root);
  return path;
}

/** Where a form's name-field error is kept in `formErrors`. */
export const nameErrorKey = (key: string) => `${key}#name`;

export const formKey = {
  root: 'root',
  reply: (id: string) => `reply:${id}`,
  edit: (id: string) => `edit:${id}`,
  report: (id: string) => `report:${id}`,
  reject: (id: string) => `reject:${id}`,
  ban: (id: string) => `ban:${id}`,
};
