/**
 * What only moderators see in the widget: their buttons on each comment (Approve, Reject, Spam, Pin or
 * Unpin, Ban) and the Reject and Ban forms. A chunk of its own, loaded when the viewer turns out to be a
 * moderator: readers never download it.
 */
import { html } from 'lit';
import { LIMITS } from '../../../adapters/adapter';
import type { ModerationAction } from '../../../contract/wire';
import type { CommentNode, ThreadStore } from '../../../store/types';
import { formKey, type ModeratorTools, type RenderContext } from './context';
import { actionButton, setAttr, setText } from './element-directive';

/** The buttons for one comment, made once per comment and action (`cache`), then only written to. */
function buttons(
  node: CommentNode,
  ctx: RenderContext,
  cache: Map<string, HTMLButtonElement>,
): HTMLButtonElement[] {
  const { comment } = node;
  const { msg } = ctx;
  const made = (name: string, action: string, value?: string): HTMLButtonElement => {
    let button = cache.get(name);
    if (!button) {
      button = actionButton('link moderation', action, comment.id);
      if (value) button.dataset.value = value;
      cache.set(name, button);
    }
    return button;
  };
  const actions: ModerationAction[] = [];
  if (comment.status !== 'published') actions.push('approve');
  if (comment.status !== 'rejected') actions.push('reject');
  if (comment.status !== 'spam') actions.push('spam');
  if (comment.parentId === null && comment.status === 'published')
    actions.push(comment.pinned ? 'unpin' : 'pin');
  const shown = actions.map((action) => {
    const button = made(action, 'moderate', action);
    setText(button, msg.moderation[action]);
    return button;
  });
  // Moderators are not banned from the widget (the server refuses it too), nor is one's own comment.
  const own = ctx.viewer?.id === comment.author.id;
  if (ctx.canBan && !own && comment.author.role !== 'moderator') {
    const ban = made('ban', 'ask-ban');
    setAttr(ban, 'aria-expanded', ctx.banning === comment.id ? 'true' : 'false');
    setAttr(ban, 'aria-label', msg.banAuthor(comment.author.name));
    setText(ban, msg.ban);
    shown.push(ban);
  }
  return shown;
}

/** A moderator's rejection: the reason its author will read (optional). */
function rejectForm(ctx: RenderContext, id: string) {
  const { msg } = ctx;
  const key = formKey.reject(id);
  const reasonId = `reason-${key}`;
  return html`<form class="report-form" data-form=${key} novalidate>
    <label for=${reasonId}>${msg.rejectReason}</label>
    <textarea id=${reasonId} name="reason" rows="2" maxlength=${LIMITS.reasonMaxLength}></textarea>
    <div class="form-actions">
      <button type="submit" ?disabled=${ctx.submitting.has(key)}>${msg.moderation.reject}</button>
      <button type="button" class="secondary" data-action="cancel-reject" data-id=${id}>${msg.cancel}</button>
    </div>
  </form>`;
}

const BAN_HOURS = ['24', '168', '720', '0'] as const;

/** A moderator's ban of a comment's author: whom (reader, address or both), for how long, and why. */
function banForm(ctx: RenderContext, id: string) {
  const { msg } = ctx;
  const key = formKey.ban(id);
  const reasonId = `reason-${key}`;
  return html`<form class="report-form" data-form=${key} novalidate>
    <fieldset>
      <legend>${msg.banWhom}</legend>
      ${(['both', 'identity', 'address'] as const).map(
        (scope, i) =>
          html`<label><input type="radio" name="scope" value=${scope} ?checked=${i === 0} /> ${msg.banScopes[scope]}</label>`,
      )}
    </fieldset>
    <fieldset>
      <legend>${msg.banFor}</legend>
      ${BAN_HOURS.map(
        (hours, i) =>
          html`<label><input type="radio" name="hours" value=${hours} ?checked=${i === 0} /> ${msg.banDurations[hours]}</label>`,
      )}
    </fieldset>
    <label for=${reasonId}>${msg.banReason}</label>
    <textarea id=${reasonId} name="reason" rows="2" maxlength=${LIMITS.reasonMaxLength}></textarea>
    <div class="form-actions">
      <button type="submit" ?disabled=${ctx.submitting.has(key)}>${msg.ban}</button>
      <button type="button" class="secondary" data-action="cancel-ban" data-id=${id}>${msg.cancel}</button>
    </div>
  </form>`;
}

async function submit(form: HTMLFormElement, key: string, store: ThreadStore): Promise<boolean> {
  const text = (name: string) =>
    (form.elements.namedItem(name) as HTMLTextAreaElement | RadioNodeList | null)?.value.trim() ?? '';
  if (key.startsWith('reject:'))
    return store.moderate(key.slice('reject:'.length), 'reject', text('reason') || undefined);
  if (!key.startsWith('ban:')) return false;
  const scope = (text('scope') || 'both') as 'identity' | 'address' | 'both';
  return store.ban(
    key.slice('ban:'.length),
    scope,
    Number(text('hours')) || undefined,
    text('reason') || undefined,
  );
}

export const moderatorTools: ModeratorTools = { buttons, rejectForm, banForm, submit };
